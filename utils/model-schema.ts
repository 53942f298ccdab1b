import { z } from 'zod';

// Apart from utils/models.ts, which the page script reaches through the language table: zod stays out of it.
/** A model name as the service takes it: the user may type one we do not know. */
export const modelSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/);

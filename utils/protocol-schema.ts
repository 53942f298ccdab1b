import { z } from 'zod';
import type { ToWorkerMessage } from './protocol';

/** Messages reaching the worker, validated: a content script's message is whatever its page made it. */
export const toWorkerSchema: z.ZodType<ToWorkerMessage> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('retry'), jobId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('open-options') }),
  // A data: image's address is the picture itself: up to the service's 10 MB, base64-encoded.
  z.object({ type: z.literal('translate-from-page'), srcUrl: z.string().min(1).max(14_000_000) }),
  z.object({ type: z.literal('set-view'), tabId: z.number().int().nonnegative(), view: z.enum(['original', 'translated']) }),
  z.object({ type: z.literal('check-key'), apiKey: z.string().max(512), endpoint: z.string().max(2048), model: z.string().max(100) }),
  z.object({ type: z.literal('translate-page'), tabId: z.number().int().nonnegative(), confirmed: z.boolean().optional() }),
  z.object({ type: z.literal('cancel-page'), tabId: z.number().int().nonnegative() }),
  z.object({ type: z.literal('translate-again'), entryId: z.string().min(1).max(64) }),
]);

/** Messages only the extension's own pages (popup, options) may send. */
export const pageOnlyMessages: ReadonlySet<ToWorkerMessage['type']> = new Set([
  'set-view',
  'check-key',
  'translate-page',
  'cancel-page',
  'translate-again',
]);

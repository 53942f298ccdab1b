import { z } from 'zod';
import type { Failure, FailureKind, RefusalKind } from './failure';
import { sourceCodes, targetCodes, type LanguageCode } from './languages';

/**
 * A failure as stored (engine memory) and as published (session items): read back whole, so that the words made
 * from it where it is shown are the ones its kind and detail call for.
 */
const count = z.number().int().nonnegative();
const languageCode = z.enum([...new Set([...sourceCodes, ...targetCodes])] as [LanguageCode, ...LanguageCode[]]);
export const jobActionSchema = z.enum(['open-settings', 'retry']);
const refusalKinds = [
  'invalid-key',
  'access-denied',
  'model-not-offered',
  'arrearage',
  'quota-exhausted',
  'free-quota-exhausted',
  'free-tier-only',
  'content-refused',
  'pair-refused',
  'invalid-parameter',
  'task-canceled',
  'service-failed',
] as const satisfies readonly RefusalKind[];
const bare = <K extends FailureKind>(kind: K) => z.object({ kind: z.literal(kind) });
const coded = <K extends FailureKind, D extends z.ZodTypeAny>(kind: K, detail: D) =>
  z.object({ kind: z.literal(kind), code: z.string(), detail });
export const failureSchema: z.ZodType<Failure> = z.union([
  z.object({ kind: z.enum(refusalKinds), code: z.string(), detail: z.string() }),
  z.discriminatedUnion('kind', [
    bare('network').extend({ detail: z.string() }),
    bare('malformed').extend({ detail: z.string() }),
    bare('upload-too-large').extend({ detail: z.object({ sizeMb: z.string(), maxMb: z.number() }) }),
    coded(
      'upload-failed',
      z.object({ status: z.number().int(), code: z.string().optional(), message: z.string().optional(), refusal: z.enum(refusalKinds) }),
    ),
    coded('download-failed', z.object({ status: z.number().int() })),
    coded('not-an-image', z.object({ type: z.string() })),
    coded('result-too-large', z.object({ maxMb: z.number() })),
    bare('uncertain'),
    bare('unknown-task'),
    bare('picture-gone'),
    bare('no-key'),
    bare('endpoint-changed'),
    bare('monthly-limit').extend({ detail: z.object({ limit: count }) }),
    bare('unexpected').extend({ detail: z.string() }),
    bare('pair-not-offered').extend({
      detail: z.union([
        z.object({ problem: z.enum(['unknown-target', 'unknown-source']), code: z.string() }),
        z.object({ problem: z.enum(['not-target', 'not-source', 'same']), language: languageCode }),
        z.object({ problem: z.literal('no-pivot'), source: languageCode, target: languageCode }),
      ]),
    }),
    bare('image-refused').extend({
      detail: z.union([
        z.object({ problem: z.literal('no-address') }),
        z.object({ problem: z.enum(['too-small', 'too-narrow']), width: count, height: count }),
      ]),
    }),
    bare('unreadable').extend({
      detail: z.union([
        z.object({ problem: z.enum(['gone', 'not-redrawn', 'cross-origin', 'canvas-tainted']) }),
        z.object({ problem: z.literal('failed'), error: z.string() }),
        z.object({ problem: z.literal('too-large'), width: count, height: count }),
      ]),
    }),
    bare('worded').extend({
      detail: z.object({ message: z.string(), action: jobActionSchema.optional(), overLimit: z.boolean().optional() }),
    }),
  ]),
]);

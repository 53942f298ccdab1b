import { z } from 'zod';
import { MAX_NEAR_PER_MESSAGE, type MessageOf, type ToWorkerMessage, type WorkerProtocol } from './protocol';

const tabId = z.number().int().nonnegative();

/** Each request reaching the worker, validated: a page script's message is whatever its page made it. */
const requestSchemas: { [K in keyof WorkerProtocol]: z.ZodType<WorkerProtocol[K]['request']> } = {
  retry: z.object({ jobId: z.string().min(1).max(64) }),
  'open-options': z.object({}),
  // A data: image's address is the picture itself: up to the service's 10 MB, base64-encoded.
  'translate-from-page': z.object({ srcUrl: z.string().min(1).max(14_000_000) }),
  'translate-near': z.object({ srcUrls: z.array(z.string().min(1).max(14_000_000)).min(1).max(MAX_NEAR_PER_MESSAGE) }),
  'set-view': z.object({ tabId, view: z.enum(['original', 'translated']) }),
  'check-key': z.object({ apiKey: z.string().max(512), endpoint: z.string().max(2048), model: z.string().max(100) }),
  'translate-page': z.object({ tabId, confirmed: z.boolean().optional() }),
  'cancel-page': z.object({ tabId }),
  'translate-again': z.object({ entryId: z.string().min(1).max(64) }),
};

/** The message, with only the fields its key knows; `undefined` for anything else. */
export function parseToWorker(raw: unknown): ToWorkerMessage | undefined {
  if (typeof raw !== 'object' || raw === null || !('type' in raw) || typeof raw.type !== 'string') return undefined;
  const type = raw.type;
  if (!Object.hasOwn(requestSchemas, type)) return undefined;
  const parsed = requestSchemas[type as keyof WorkerProtocol].safeParse(raw);
  return parsed.success ? ({ ...parsed.data, type } as MessageOf<WorkerProtocol>) : undefined;
}

/**
 * Who may send each message: only the extension's own pages (popup, options), or those and our page scripts
 * (which run in hostile pages). Checked by the worker's router (utils/use-cases/worker-messages.ts).
 */
export const SENDERS: { readonly [K in keyof WorkerProtocol]: 'extension-pages' | 'extension-pages-and-page-scripts' } = {
  retry: 'extension-pages-and-page-scripts',
  'translate-from-page': 'extension-pages-and-page-scripts',
  'translate-near': 'extension-pages-and-page-scripts',
  'open-options': 'extension-pages-and-page-scripts',
  'set-view': 'extension-pages',
  'check-key': 'extension-pages',
  'translate-page': 'extension-pages',
  'cancel-page': 'extension-pages',
  'translate-again': 'extension-pages',
};

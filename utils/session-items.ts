import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { failureSchema } from './failure-schema';
import type { JobView, PageCounts, View } from './protocol';

/**
 * What the worker publishes in session storage for its pages to read and watch (it lasts until the browser
 * closes). Read back through a schema: storage.session is the extension's, but a value from an older version
 * must read as "nothing" rather than as whatever it happens to hold. Not in protocol.ts: zod stays out of the
 * page script.
 */
export interface SessionItem<T> {
  /** The value, or null when there is none (or none this version understands). */
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  /** Calls back with each new value; returns the function that stops watching. */
  watch(changed: (value: T | null) => void): () => void;
}

function sessionItem<T>(key: `session:${string}`, schema: z.ZodType<T>): SessionItem<T> {
  const item = storage.defineItem<unknown>(key);
  const read = (value: unknown): T | null => schema.safeParse(value).data ?? null;
  return {
    getValue: async () => read(await item.getValue()),
    setValue: (value) => item.setValue(value),
    watch: (changed) => item.watch((value) => changed(read(value))),
  };
}

const count = z.number().int().nonnegative();
const pageCountsSchema: z.ZodType<PageCounts> = z.object({ total: count, done: count, failed: count, waiting: count, overLimit: count });
const viewSchema: z.ZodType<View> = z.enum(['original', 'translated']);
const jobViewSchema: z.ZodType<JobView> = z.object({
  jobId: z.string(),
  srcUrl: z.string(),
  phase: z.enum(['queued', 'submitting', 'translating', 'downloading', 'done', 'failed', 'uncertain', 'cancelled']),
  requestedAt: z.number(),
  failure: failureSchema.optional(),
  noText: z.boolean().optional(),
  image: z.string().optional(),
});

/** How far "Translate all images on this page" has come in a tab, for the popup. */
export const pageCountsItem = (tabId: number) => sessionItem(`session:progress:${tabId}`, pageCountsSchema);
/** When "Translate all" last started in a tab (ms since the epoch): its counts cover the jobs since then. */
export const pageBatchStartItem = (tabId: number) => sessionItem(`session:batch:${tabId}`, z.number());
/** Whether a tab shows originals or translations, for the popup's switch. */
export const viewItem = (tabId: number) => sessionItem(`session:view:${tabId}`, viewSchema);
/** How a job asked for again from the history stands, for the options page (which reads no engine internals). */
export const againItem = (jobId: string) => sessionItem(`session:again:${jobId}`, jobViewSchema);

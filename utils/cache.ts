import { storage } from 'wxt/utils/storage';
import type { TranslationRequest } from './dashscope/request';
import { engineMemoryItem, isFinished, readEngineMemory } from './engine/jobs';
import { exclusively } from './locks';

/** Bytes by key, in the Cache API: it holds large blobs, in the worker and extension pages alike. */
export interface BlobStore {
  get(key: string): Promise<Blob | undefined>;
  put(key: string, image: Blob): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Translated images by everything that decides them, so the same image again bills nothing. */
export type ResultCache = Omit<BlobStore, 'delete'>;

export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;

/**
 * A stable key: the request with its object keys sorted, hashed after the model's name. The model is that prefix
 * and not a field, so that results saved before there was a choice of model (all qwen-mt-image) keep their key.
 */
export async function cacheKeyFor({ model, ...request }: TranslationRequest): Promise<string> {
  const canonical = JSON.stringify(request, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${model}\n${canonical}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface CacheEntry {
  bytes: number;
  lastUsed: number;
}
export type CacheIndex = Record<string, CacheEntry>;

/** Least recently used first, until what is left fits in `maxBytes`. */
export function keysToEvict(index: CacheIndex, maxBytes: number): string[] {
  let total = Object.values(index).reduce((sum, e) => sum + e.bytes, 0);
  const evict: string[] = [];
  for (const [key, entry] of Object.entries(index).sort(([, a], [, b]) => a.lastUsed - b.lastUsed)) {
    if (total <= maxBytes) break;
    evict.push(key);
    total -= entry.bytes;
  }
  return evict;
}

/**
 * The Cache API keeps the bytes; this index, their sizes and last use (the Cache API records neither). Every
 * read-modify-write of it holds its lock: two puts at once would lose one entry to eviction. Its stored versions
 * are frozen in tests/fixtures/stored/: a new shape comes with a migration.
 */
const indexItem = storage.defineItem<CacheIndex>('local:cache-index', { fallback: {}, version: 1 });
const CACHE_NAME = 'translated-images-v1';
const PENDING_NAME = 'pending-uploads-v1';
/** The Cache API wants http(s) requests; a reserved host keeps these keys apart from anything real. */
const KEY_ORIGIN = 'https://translations.invalid';
const keyUrl = (key: string) => `${KEY_ORIGIN}/${encodeURIComponent(key)}`;
/** When the bytes were stored, in ms since the epoch: the Cache API does not record it. */
const STORED_AT = 'X-Stored-At';

export interface StoredBlob {
  key: string;
  storedAt: number;
}

export function createBlobStore(cacheName: string): BlobStore & { list(): Promise<StoredBlob[]> } {
  return {
    async get(key) {
      const response = await (await caches.open(cacheName)).match(keyUrl(key));
      return response ? response.blob() : undefined;
    },
    async put(key, image) {
      const headers = { 'Content-Type': image.type || 'application/octet-stream', [STORED_AT]: String(Date.now()) };
      await (await caches.open(cacheName)).put(keyUrl(key), new Response(image, { headers }));
    },
    async delete(key) {
      await (await caches.open(cacheName)).delete(keyUrl(key));
    },
    async list() {
      const cache = await caches.open(cacheName);
      return Promise.all(
        (await cache.keys()).map(async (request) => ({
          key: decodeURIComponent(request.url.slice(KEY_ORIGIN.length + 1)),
          storedAt: Number((await cache.match(request))?.headers.get(STORED_AT)) || 0,
        })),
      );
    },
  };
}

/** Pictures read from pages, kept until DashScope's temporary storage has them (a worker may stop meanwhile). */
export const createPendingUploads = () => createBlobStore(PENDING_NAME);

export function createResultCache(
  maxBytes = DEFAULT_CACHE_BYTES,
  now: () => number = Date.now,
  store: BlobStore = createBlobStore(CACHE_NAME),
): ResultCache {
  return {
    async get(key) {
      const image = await store.get(key);
      if (image) {
        await exclusively(indexItem.key, async () => {
          const index = await indexItem.getValue();
          const entry = index[key];
          if (entry) await indexItem.setValue({ ...index, [key]: { ...entry, lastUsed: now() } });
        });
      }
      return image;
    },
    put: (key, image) =>
      exclusively(indexItem.key, async () => {
        await store.put(key, image);
        const index = { ...(await indexItem.getValue()), [key]: { bytes: image.size, lastUsed: now() } };
        const evicted = keysToEvict(index, maxBytes);
        await Promise.all(evicted.map((k) => store.delete(k)));
        for (const k of evicted) delete index[k];
        await indexItem.setValue(index);
      }),
  };
}

export async function cacheUsage(): Promise<{ images: number; bytes: number }> {
  const entries = Object.values(await indexItem.getValue());
  return { images: entries.length, bytes: entries.reduce((sum, e) => sum + e.bytes, 0) };
}

/**
 * Empties the cache of translations, and lets go of pictures read from pages that no job waits for. A picture
 * an unfinished job still waits to upload stays: clearing the cache must not fail a translation under way, and
 * the picture goes with its job's end anyway.
 */
export async function clearCache(): Promise<void> {
  await exclusively(indexItem.key, async () => {
    await caches.delete(CACHE_NAME);
    await indexItem.setValue({});
  });
  await sweepPendingUploads();
}

/** A picture stored this recently may belong to a job being created now, not yet in the engine's memory. */
const PENDING_GRACE_MS = 60_000;
const PENDING_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Pending pictures to delete: those no unfinished job waits for (left by a worker stopped between storing the
 * picture and its job's end), and any a day old (its job, if still waiting, reads the picture from the page again).
 */
export function pendingToSweep(stored: readonly StoredBlob[], waitingJobIds: ReadonlySet<string>, now: number): string[] {
  return stored
    .filter(({ key, storedAt }) => now - storedAt > PENDING_MAX_AGE_MS || (!waitingJobIds.has(key) && now - storedAt > PENDING_GRACE_MS))
    .map(({ key }) => key);
}

/** Deletes the pending pictures no job needs; run at the worker's start and with "Clear cache". */
export async function sweepPendingUploads(now = Date.now()): Promise<void> {
  const pending = createPendingUploads();
  const { jobs } = readEngineMemory(await engineMemoryItem.getValue()).memory;
  const waiting = new Set(Object.values(jobs).flatMap((job) => (isFinished(job) ? [] : [job.id])));
  await Promise.all(pendingToSweep(await pending.list(), waiting, now).map((key) => pending.delete(key)));
}

import { storage } from 'wxt/utils/storage';
import type { TranslationRequest } from './dashscope/request';

/** Bytes by key, in the Cache API: it holds large blobs, in the worker and extension pages alike. */
export interface BlobStore {
  get(key: string): Promise<Blob | undefined>;
  put(key: string, image: Blob): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Translated images by everything that decides them, so the same image again bills nothing. */
export type ResultCache = Omit<BlobStore, 'delete'>;

export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;

/** A stable key: the request with its object keys sorted, hashed. */
export async function cacheKeyFor(request: TranslationRequest): Promise<string> {
  const canonical = JSON.stringify(request, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`qwen-mt-image\n${canonical}`));
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

/** The Cache API keeps the bytes; this index, their sizes and last use (the Cache API records neither). */
const indexItem = storage.defineItem<CacheIndex>('local:cache-index', { fallback: {}, version: 1 });
const CACHE_NAME = 'translated-images-v1';
/** The Cache API wants http(s) requests; a reserved host keeps these keys apart from anything real. */
const keyUrl = (key: string) => `https://translations.invalid/${encodeURIComponent(key)}`;

export function createBlobStore(cacheName: string): BlobStore {
  return {
    async get(key) {
      const response = await (await caches.open(cacheName)).match(keyUrl(key));
      return response ? response.blob() : undefined;
    },
    async put(key, image) {
      const headers = { 'Content-Type': image.type || 'application/octet-stream' };
      await (await caches.open(cacheName)).put(keyUrl(key), new Response(image, { headers }));
    },
    async delete(key) {
      await (await caches.open(cacheName)).delete(keyUrl(key));
    },
  };
}

/** Pictures read from pages, kept until DashScope's temporary storage has them (a worker may stop meanwhile). */
export const createPendingUploads = () => createBlobStore('pending-uploads-v1');

export function createResultCache(maxBytes = DEFAULT_CACHE_BYTES, now: () => number = Date.now): ResultCache {
  const store = createBlobStore(CACHE_NAME);
  return {
    async get(key) {
      const image = await store.get(key);
      const index = await indexItem.getValue();
      const entry = index[key];
      if (image && entry) await indexItem.setValue({ ...index, [key]: { ...entry, lastUsed: now() } });
      return image;
    },
    async put(key, image) {
      await store.put(key, image);
      const index = { ...(await indexItem.getValue()), [key]: { bytes: image.size, lastUsed: now() } };
      const evicted = keysToEvict(index, maxBytes);
      await Promise.all(evicted.map((k) => store.delete(k)));
      for (const k of evicted) delete index[k];
      await indexItem.setValue(index);
    },
  };
}

export async function cacheUsage(): Promise<{ images: number; bytes: number }> {
  const entries = Object.values(await indexItem.getValue());
  return { images: entries.length, bytes: entries.reduce((sum, e) => sum + e.bytes, 0) };
}

export async function clearCache(): Promise<void> {
  await caches.delete(CACHE_NAME);
  await indexItem.setValue({});
}

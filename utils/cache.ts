import type { TranslationRequest } from './dashscope/request';

/** Translated images by everything that decides them, so the same image again bills nothing. */
export interface ResultCache {
  get(key: string): Promise<Blob | undefined>;
  put(key: string, image: Blob): Promise<void>;
}

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

/** The Cache API wants http(s) requests; a reserved host keeps these keys apart from anything real. */
const keyUrl = (key: string) => `https://translations.invalid/${key}`;

export function createResultCache(cacheName = 'translated-images-v1'): ResultCache {
  return {
    async get(key) {
      const response = await (await caches.open(cacheName)).match(keyUrl(key));
      return response ? response.blob() : undefined;
    },
    async put(key, image) {
      const cache = await caches.open(cacheName);
      await cache.put(keyUrl(key), new Response(image, { headers: { 'Content-Type': image.type || 'image/png' } }));
    },
  };
}

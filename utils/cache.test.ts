import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cacheKeyFor, cacheUsage, createResultCache, keysToEvict, pendingToSweep, type BlobStore } from './cache';

describe('the result cache', () => {
  it('keys on every setting that changes the result, whatever the order of fields', async () => {
    const base = { model: 'qwen-mt-image', imageUrl: 'https://shop.example/a.png', sourceLang: 'auto' as const, targetLang: 'en' as const };
    const key = await cacheKeyFor(base);
    expect(
      await cacheKeyFor({ targetLang: 'en', imageUrl: 'https://shop.example/a.png', sourceLang: 'auto', model: 'qwen-mt-image' }),
    ).toBe(key);
    expect(await cacheKeyFor({ ...base, targetLang: 'ja' })).not.toBe(key);
    expect(await cacheKeyFor({ ...base, ext: { config: { skipImgSegment: true } } })).not.toBe(key);
    expect(await cacheKeyFor({ ...base, ext: { sensitives: ['x'] } })).not.toBe(await cacheKeyFor({ ...base, ext: { sensitives: ['y'] } }));
  });

  it('keeps the key of qwen-mt-image results saved before the choice of model; another model is another result', async () => {
    const request = {
      model: 'qwen-mt-image',
      imageUrl: 'https://shop.example/a.png',
      sourceLang: 'auto' as const,
      targetLang: 'en' as const,
    };
    // The key as computed before `model` existed: the request's JSON after the model's name.
    const old = '{"imageUrl":"https://shop.example/a.png","sourceLang":"auto","targetLang":"en"}';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`qwen-mt-image\n${old}`));
    expect(await cacheKeyFor(request)).toBe(Buffer.from(digest).toString('hex'));
    expect(await cacheKeyFor({ ...request, model: 'qwen-mt-image-2.0' })).not.toBe(await cacheKeyFor(request));
  });

  it('keeps a picture read by a page for that page’s origin: two origins, two entries', async () => {
    const inline = { model: 'qwen-mt-image', imageUrl: 'sha256:ab12', sourceLang: 'auto' as const, targetLang: 'en' as const };
    const shop = await cacheKeyFor({ ...inline, scope: 'https://shop.example' });
    expect(await cacheKeyFor({ ...inline, scope: 'https://other.example' })).not.toBe(shop);
    expect(await cacheKeyFor({ ...inline, scope: 'https://shop.example' })).toBe(shop);
    // A picture the service downloads by its public address has no scope: every site shares its translation.
    expect(await cacheKeyFor({ ...inline, imageUrl: 'https://cdn.example/a.png' })).toBe(
      await cacheKeyFor({ model: 'qwen-mt-image', imageUrl: 'https://cdn.example/a.png', sourceLang: 'auto', targetLang: 'en' }),
    );
  });

  it('evicts the least recently used until the rest fits', () => {
    const index = { a: { bytes: 40, lastUsed: 3 }, b: { bytes: 40, lastUsed: 1 }, c: { bytes: 40, lastUsed: 2 } };
    expect(keysToEvict(index, 120)).toEqual([]);
    expect(keysToEvict(index, 100)).toEqual(['b']);
    expect(keysToEvict(index, 40)).toEqual(['b', 'c']);
  });

  describe('written from several places at once', () => {
    /** Web Locks as the browser grants them: one holder per name at a time, the others in turn. */
    function webLocks() {
      const queues = new Map<string, Promise<unknown>>();
      return {
        request(name: string, work: () => Promise<unknown>) {
          const turn = (queues.get(name) ?? Promise.resolve()).then(work);
          queues.set(
            name,
            turn.catch(() => undefined),
          );
          return turn;
        },
      };
    }

    function memoryStore(): BlobStore & { blobs: Map<string, Blob> } {
      const blobs = new Map<string, Blob>();
      return {
        blobs,
        get: async (key) => blobs.get(key),
        put: async (key, image) => void blobs.set(key, image),
        delete: async (key) => void blobs.delete(key),
      };
    }

    const image = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });

    beforeEach(() => {
      fakeBrowser.reset();
      vi.stubGlobal('navigator', { locks: webLocks() });
    });
    afterEach(() => void vi.unstubAllGlobals());

    it('loses no entry to two puts at once', async () => {
      const cache = createResultCache(1_000, Date.now, memoryStore());
      await Promise.all([cache.put('a', image(10)), cache.put('b', image(20))]);
      expect(await cacheUsage()).toEqual({ images: 2, bytes: 30 });
    });

    it('keeps within its size when puts come together, bytes and index alike', async () => {
      let clock = 0;
      const store = memoryStore();
      const cache = createResultCache(100, () => ++clock, store);
      await Promise.all(['a', 'b', 'c', 'd'].map((key) => cache.put(key, image(40))));
      expect(await cacheUsage()).toEqual({ images: 2, bytes: 80 });
      expect([...store.blobs.keys()].sort()).toEqual(['c', 'd']);
    });
  });
});

describe('pictures waiting for upload', () => {
  const now = 10 * 24 * 60 * 60 * 1000;
  const hour = 60 * 60 * 1000;

  it('go when no unfinished job waits for them, or when a day old', () => {
    const stored = [
      { key: 'waiting', storedAt: now - hour },
      { key: 'orphan', storedAt: now - hour },
      { key: 'old', storedAt: now - 25 * hour },
      { key: 'unknown-age', storedAt: 0 },
    ];
    expect(pendingToSweep(stored, new Set(['waiting', 'old']), now)).toEqual(['orphan', 'old', 'unknown-age']);
  });

  it('stay for a minute without a job: the job that stored them may not be saved yet', () => {
    expect(pendingToSweep([{ key: 'new', storedAt: now - 5_000 }], new Set(), now)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { cacheKeyFor, keysToEvict } from './cache';

describe('the result cache', () => {
  it('keys on every setting that changes the result, whatever the order of fields', async () => {
    const base = { imageUrl: 'https://shop.example/a.png', sourceLang: 'auto' as const, targetLang: 'en' as const };
    const key = await cacheKeyFor(base);
    expect(await cacheKeyFor({ targetLang: 'en', imageUrl: 'https://shop.example/a.png', sourceLang: 'auto' })).toBe(key);
    expect(await cacheKeyFor({ ...base, targetLang: 'ja' })).not.toBe(key);
    expect(await cacheKeyFor({ ...base, ext: { config: { skipImgSegment: true } } })).not.toBe(key);
    expect(await cacheKeyFor({ ...base, ext: { sensitives: ['x'] } })).not.toBe(await cacheKeyFor({ ...base, ext: { sensitives: ['y'] } }));
  });

  it('evicts the least recently used until the rest fits', () => {
    const index = { a: { bytes: 40, lastUsed: 3 }, b: { bytes: 40, lastUsed: 1 }, c: { bytes: 40, lastUsed: 2 } };
    expect(keysToEvict(index, 120)).toEqual([]);
    expect(keysToEvict(index, 100)).toEqual(['b']);
    expect(keysToEvict(index, 40)).toEqual(['b', 'c']);
  });
});

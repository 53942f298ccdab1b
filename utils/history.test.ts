import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Job } from './engine/jobs';
import {
  addHistory,
  clearHistory,
  describeImage,
  historyEntryOf,
  loadHistory,
  MAX_HISTORY,
  showsWhole,
  storableEntry,
  type HistoryEntry,
} from './history';
import { thumbnailSize } from './thumbnail';

describe('recent translations', () => {
  beforeEach(() => fakeBrowser.reset());

  const entry = (i: number, changes: Partial<HistoryEntry> = {}): HistoryEntry => ({
    jobId: `job-${i}`,
    cacheKey: `key-${i}`,
    at: 1_700_000_000_000 + i * 1000,
    sourceLang: 'zh',
    targetLang: 'en',
    pageUrl: 'https://shop.example/item',
    imageUrl: `https://shop.example/img/${i}.png`,
    thumbnail: 'data:image/jpeg;base64,AAAA',
    noText: false,
    ...changes,
  });

  it('keeps the last 50, newest first, one per job', async () => {
    for (let i = 0; i < MAX_HISTORY + 5; i++) await addHistory(entry(i));
    await addHistory(entry(54, { noText: true }));
    const history = await loadHistory();
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0]).toEqual(entry(54, { noText: true }));
    expect(history.at(-1)!.jobId).toBe('job-5');
    await clearHistory();
    expect(await loadHistory()).toEqual([]);
  });

  it('keeps a long picture as one entry of N parts, with its first part as thumbnail', async () => {
    const part = (index: number): Job => ({
      id: `job-${index}`,
      cacheKey: `key-${index}`,
      endpoint: 'https://dashscope.example',
      request: { model: 'qwen-mt-image', imageUrl: `sha256:${index}`, sourceLang: 'zh', targetLang: 'en', scope: 'https://shop.example' },
      upload: { filename: 'image.png' },
      targets: [{ tabId: 1, frameId: 0, srcUrl: 'ref:strip' }],
      part: { group: 'strip-1', index, count: 3, rect: { x: 0, y: index * 5000, width: 600, height: 5000 } },
      requestedAt: 1,
      state: { name: 'done', noText: false },
    });
    for (const index of [1, 0, 2]) {
      const thumbnail = showsWhole(part(index)) ? 'data:image/jpeg;base64,AAAA' : undefined;
      await addHistory(historyEntryOf(part(index), { at: 1_700_000_000_000 + index, noText: false, thumbnail }));
    }
    expect(await loadHistory()).toMatchObject([{ jobId: 'strip-1', parts: 3, thumbnail: 'data:image/jpeg;base64,AAAA', byAddress: false }]);
  });

  it('stores no embedded picture and no thumbnail that is not a small image', () => {
    const stored = storableEntry(
      entry(1, { imageUrl: `data:image/png;base64,${'A'.repeat(50_000)}`, thumbnail: 'javascript:alert(1)', pageUrl: undefined }),
    );
    expect(stored.imageUrl).toBe('data:image/png');
    expect(stored).not.toHaveProperty('thumbnail');
    expect(stored).not.toHaveProperty('pageUrl');
    expect(storableEntry(entry(1, { thumbnail: `data:image/jpeg;base64,${'A'.repeat(200_000)}` }))).not.toHaveProperty('thumbnail');
  });

  it('drops entries it cannot read', async () => {
    await fakeBrowser.storage.local.set({ history: [entry(1), { jobId: 'broken' }, entry(2, { targetLang: 'de' as never })] });
    expect(await loadHistory()).toEqual([entry(1)]);
  });

  it('names embedded pictures as such and others by host and file', () => {
    expect(describeImage('sha256:abcd')).toBe('embedded image');
    expect(describeImage('data:image/png')).toBe('embedded image');
    expect(describeImage('blob:https://x.example/1')).toBe('embedded image');
    expect(describeImage('https://shop.example/img/%E8%8F%9C%E5%8D%95.png?x=1')).toBe('shop.example/…/菜单.png');
    expect(describeImage('https://shop.example/a.png')).toBe('shop.example/a.png');
    expect(describeImage('https://shop.example/')).toBe('shop.example');
  });

  it('fits thumbnails within 160 px, keeping the shape and never enlarging', () => {
    expect(thumbnailSize(1600, 800)).toEqual({ width: 160, height: 80 });
    expect(thumbnailSize(300, 1200)).toEqual({ width: 40, height: 160 });
    expect(thumbnailSize(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbnailSize(8192, 15)).toEqual({ width: 160, height: 1 });
  });
});

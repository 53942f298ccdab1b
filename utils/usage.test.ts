import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addHistory,
  calendarDay,
  clearHistory,
  DEFAULT_PRICE_PER_IMAGE,
  describeImage,
  estimatedCost,
  formatCost,
  loadBilled,
  loadHistory,
  loadPrice,
  MAX_BILLED_RECORDS,
  MAX_HISTORY,
  parsePrice,
  pruneBilled,
  recordBilled,
  savePrice,
  storableEntry,
  summarize,
  thumbnailSize,
  type BilledRecord,
  type HistoryEntry,
} from './usage';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => Date.parse(iso);
const billed = (iso: string, noText = false): BilledRecord => ({ at: at(iso), noText });

describe('counting billed images by calendar day and month', () => {
  it('counts today and this month, "No text detected" included and also counted apart', () => {
    const records = [
      billed('2025-03-09T08:00:00Z'),
      billed('2025-03-09T09:00:00Z', true),
      billed('2025-03-02T12:00:00Z'),
      billed('2025-02-28T12:00:00Z'),
    ];
    expect(summarize(records, at('2025-03-09T12:00:00Z'), 'UTC')).toEqual({
      today: { images: 2, noText: 1 },
      month: { images: 3, noText: 1 },
    });
  });

  it('splits days at local midnight, not at midnight UTC', () => {
    // 2025-03-09 23:30 in Shanghai is 15:30 UTC; 00:30 the next day there is 16:30 UTC.
    const records = [billed('2025-03-09T15:30:00Z'), billed('2025-03-09T16:30:00Z')];
    expect(summarize(records, at('2025-03-09T16:45:00Z'), 'Asia/Shanghai').today.images).toBe(1);
    expect(summarize(records, at('2025-03-09T16:45:00Z'), 'UTC').today.images).toBe(2);
    expect(summarize(records, at('2025-03-09T15:45:00Z'), 'Asia/Shanghai').today.images).toBe(1);
  });

  it('starts a month at local midnight of the 1st', () => {
    // 2025-03-31 20:00 in New York (EDT, UTC-4) is 2025-04-01 00:00 UTC.
    const lastOfMarch = billed('2025-04-01T00:00:00Z');
    const firstOfApril = billed('2025-04-01T04:30:00Z');
    const now = at('2025-04-01T05:00:00Z');
    expect(summarize([lastOfMarch, firstOfApril], now, 'America/New_York')).toEqual({
      today: { images: 1, noText: 0 },
      month: { images: 1, noText: 0 },
    });
    expect(summarize([lastOfMarch, firstOfApril], now, 'UTC')).toEqual({
      today: { images: 2, noText: 0 },
      month: { images: 2, noText: 0 },
    });
  });

  it('counts the whole of a 31-day month on its last evening, and nothing of the same month a year earlier', () => {
    const now = at('2025-01-31T23:59:00Z');
    const records = [
      billed('2025-01-01T00:00:00Z'),
      billed('2025-01-31T23:58:00Z'),
      billed('2024-01-15T12:00:00Z'),
      billed('2024-12-31T23:59:59Z'),
    ];
    expect(summarize(records, now, 'UTC')).toEqual({ today: { images: 1, noText: 0 }, month: { images: 2, noText: 0 } });
  });

  it('counts nothing when there is nothing', () => {
    expect(summarize([], Date.now())).toEqual({ today: { images: 0, noText: 0 }, month: { images: 0, noText: 0 } });
  });

  it('uses the browser’s own time zone when none is given', () => {
    const now = Date.now();
    expect(calendarDay(now)).toBe(calendarDay(now, Intl.DateTimeFormat().resolvedOptions().timeZone));
    expect(summarize([{ at: now - 1000, noText: false }], now).today.images).toBe(1);
  });

  it('writes a calendar day as YYYY-MM-DD', () => {
    expect(calendarDay(at('2025-03-09T16:30:00Z'), 'Asia/Shanghai')).toBe('2025-03-10');
  });
});

describe('cost', () => {
  it('multiplies images by the price, without floating-point noise', () => {
    expect(estimatedCost(3, 0.000431)).toBe(0.001293);
    expect(estimatedCost(1000, DEFAULT_PRICE_PER_IMAGE)).toBe(0.431);
    expect(estimatedCost(0, 0.5)).toBe(0);
  });

  it('shows dollars and cents, and small amounts to four decimals', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.431)).toBe('$0.43');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.001293)).toBe('$0.0013');
    expect(formatCost(0.01)).toBe('$0.01');
  });

  it('reads a price as typed, and refuses what is not one', () => {
    expect(parsePrice('0.000431')).toEqual({ price: 0.000431 });
    expect(parsePrice(' $0.0005 ')).toEqual({ price: 0.0005 });
    expect(parsePrice('0,000431')).toEqual({ price: 0.000431 });
    expect(parsePrice('.5')).toEqual({ price: 0.5 });
    expect(parsePrice('0')).toEqual({ price: 0 });
    expect(parsePrice('4.31e-4')).toEqual({ price: 0.000431 });
    expect(parsePrice('')).toEqual({ error: 'Enter a price per image, such as 0.000431.' });
    expect(parsePrice('abc')).toEqual({ error: 'Enter the price as a number, such as 0.000431.' });
    expect(parsePrice('1,000.5')).toEqual({ error: 'Enter the price as a number, such as 0.000431.' });
    expect(parsePrice('-0.1')).toEqual({ error: 'The price cannot be negative.' });
    expect(parsePrice('1000')).toEqual({ error: 'That is more than $100 an image: check the price.' });
  });
});

describe('stored usage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts at the reference price and keeps a new one', async () => {
    expect(await loadPrice()).toBe(0.000431);
    await savePrice(0.0005);
    expect(await loadPrice()).toBe(0.0005);
    await expect(savePrice(-1)).rejects.toThrow();
    expect(await loadPrice()).toBe(0.0005);
  });

  it('falls back to the reference price when the stored one is unreadable', async () => {
    await fakeBrowser.storage.local.set({ 'usage-price': 'free' });
    expect(await loadPrice()).toBe(DEFAULT_PRICE_PER_IMAGE);
  });

  it('records billed images, no-text ones too, and counts a task once', async () => {
    const now = Date.now();
    await recordBilled(now - 2000, false, 'task-1');
    await recordBilled(now - 1000, true, 'task-2');
    await recordBilled(now - 500, true, 'task-2');
    await recordBilled(now, false);
    const records = await loadBilled();
    expect(records).toEqual([
      { at: now - 2000, noText: false },
      { at: now - 1000, noText: true },
      { at: now, noText: false },
    ]);
    expect(summarize(records, now).today).toEqual({ images: 3, noText: 1 });
  });

  it('loses no record to calls made at the same time', async () => {
    const now = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordBilled(now + i, false, `task-${i}`)));
    expect(await loadBilled()).toHaveLength(20);
  });

  it('keeps the readable records of damaged storage', async () => {
    await fakeBrowser.storage.local.set({ usage: { billed: [{ at: 5, noText: false }, { at: 'x' }, null], taskIds: 'nope' } });
    expect(await loadBilled()).toEqual([{ at: 5, noText: false }]);
    await fakeBrowser.storage.local.set({ usage: 'garbage' });
    expect(await loadBilled()).toEqual([]);
  });

  it('forgets records older than 400 days', async () => {
    const now = at('2025-06-01T00:00:00Z');
    await fakeBrowser.storage.local.set({
      usage: {
        billed: [
          { at: now - 401 * DAY, noText: false },
          { at: now - 399 * DAY, noText: false },
        ],
        taskIds: [],
      },
    });
    await recordBilled(now, false);
    expect((await loadBilled()).map((r) => r.at)).toEqual([now - 399 * DAY, now]);
  });

  it('caps the number of records, dropping the oldest', () => {
    const now = Date.now();
    const records = Array.from({ length: MAX_BILLED_RECORDS + 2 }, (_, i) => ({ at: now - (MAX_BILLED_RECORDS + 2 - i), noText: false }));
    const kept = pruneBilled(records, now);
    expect(kept).toHaveLength(MAX_BILLED_RECORDS);
    expect(kept[0]!.at).toBe(records[2]!.at);
  });
});

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

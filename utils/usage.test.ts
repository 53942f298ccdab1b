import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { calendarDay, loadBilled, MAX_BILLED_RECORDS, pruneBilled, recordBilled, summarize, type BilledRecord } from './usage';

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

describe('stored usage', () => {
  beforeEach(() => fakeBrowser.reset());

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

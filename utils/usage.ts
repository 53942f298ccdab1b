import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { exclusively } from './locks';

/**
 * What translating has cost: one record per billed image.
 *
 * The service bills a task once it SUCCEEDED, "No text detected" replies included; a result taken from the
 * cache bills nothing and is not recorded. Counts are per local calendar day and month.
 */

export const KEEP_BILLED_DAYS = 400;
/** A bound on storage (~3.5 MB) that only months of non-stop translating would reach; the oldest go first. */
export const MAX_BILLED_RECORDS = 100_000;
/** Task ids remembered so that a worker stopped right after recording does not count a task twice. */
const REMEMBERED_TASK_IDS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BilledRecord {
  at: number;
  noText: boolean;
}

const billedRecordSchema = z.object({ at: z.number().finite().nonnegative(), noText: z.boolean() });

interface StoredUsage {
  billed: BilledRecord[];
  taskIds: string[];
}

// Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration.
const usageItem = storage.defineItem<StoredUsage>('local:usage', { fallback: { billed: [], taskIds: [] }, version: 1 });

/** Keeps every readable record of what is stored, whatever else is there. */
function readUsage(stored: unknown): StoredUsage {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const billed = Array.isArray(record.billed)
    ? record.billed.flatMap((r) => {
        const parsed = billedRecordSchema.safeParse(r);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  const taskIds = Array.isArray(record.taskIds) ? record.taskIds.filter((id): id is string => typeof id === 'string') : [];
  return { billed, taskIds };
}

/** Records no older than 400 days before `now`, and no more than the cap, oldest dropped first. */
export function pruneBilled(records: readonly BilledRecord[], now: number): BilledRecord[] {
  const kept = records.filter((r) => r.at >= now - KEEP_BILLED_DAYS * DAY_MS).sort((a, b) => a.at - b.at);
  return kept.slice(Math.max(0, kept.length - MAX_BILLED_RECORDS));
}

/**
 * Counts one billed image. `taskId`, when given, makes the call safe to repeat: a task already counted is
 * not counted again (the worker may stop between recording and moving the job on, and poll again).
 */
export function recordBilled(at: number, noText: boolean, taskId?: string): Promise<void> {
  return exclusively(usageItem.key, async () => {
    const usage = readUsage(await usageItem.getValue());
    if (taskId !== undefined && usage.taskIds.includes(taskId)) return;
    const billed = pruneBilled([...usage.billed, { at, noText }], at);
    const taskIds = taskId === undefined ? usage.taskIds : [...usage.taskIds, taskId].slice(-REMEMBERED_TASK_IDS);
    await usageItem.setValue({ billed, taskIds });
  });
}

export async function loadBilled(): Promise<BilledRecord[]> {
  return readUsage(await usageItem.getValue()).billed;
}

export function watchBilled(callback: (records: BilledRecord[]) => void): () => void {
  return usageItem.watch((value) => callback(readUsage(value).billed));
}

export interface UsageCount {
  images: number;
  /** Of those, the ones that came back "No text detected": billed all the same. */
  noText: number;
}

export interface UsageSummary {
  today: UsageCount;
  month: UsageCount;
}

const calendars = new Map<string, Intl.DateTimeFormat>();

/** "2025-03-09" for a time, in the time zone given or the browser's own. */
export function calendarDay(at: number, timeZone?: string): string {
  const zone = timeZone ?? '';
  let format = calendars.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    calendars.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Billed images of the calendar day and month of `now`, where the user is (or in `timeZone`). */
export function summarize(records: readonly BilledRecord[], now: number, timeZone?: string): UsageSummary {
  const today = calendarDay(now, timeZone);
  const month = today.slice(0, 7);
  const summary: UsageSummary = { today: { images: 0, noText: 0 }, month: { images: 0, noText: 0 } };
  for (const record of records) {
    // No month is longer than 31 days: older records need no calendar to be left out.
    if (record.at < now - 32 * DAY_MS) continue;
    const day = calendarDay(record.at, timeZone);
    if (day.slice(0, 7) !== month) continue;
    summary.month.images++;
    if (record.noText) summary.month.noText++;
    if (day === today) {
      summary.today.images++;
      if (record.noText) summary.today.noText++;
    }
  }
  return summary;
}

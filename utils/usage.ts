import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import { blobToDataUrl } from './data-url';
import { exclusively } from './locks';
import { sourceCodes, targetCodes, type LanguageCode, type SourceLanguage } from './languages';

/**
 * What translating has cost: one record per billed image, and the recent translations with a thumbnail.
 *
 * The service bills a task once it SUCCEEDED, "No text detected" replies included; a result taken from the
 * cache bills nothing and is not recorded. Counts are per local calendar day and month.
 */

/** The reference's unit price for qwen-mt-image, in US dollars. */
export const DEFAULT_PRICE_PER_IMAGE = 0.000431;
export const MAX_PRICE_PER_IMAGE = 100;
export const KEEP_BILLED_DAYS = 400;
/** A bound on storage (~3.5 MB) that only months of non-stop translating would reach; the oldest go first. */
export const MAX_BILLED_RECORDS = 100_000;
export const MAX_HISTORY = 50;
export const MAX_THUMBNAIL_PX = 160;
/** Task ids remembered so that a worker stopped right after recording does not count a task twice. */
const REMEMBERED_TASK_IDS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

// ── Billed images ───────────────────────────────────

export interface BilledRecord {
  at: number;
  noText: boolean;
}

const billedRecordSchema = z.object({ at: z.number().finite().nonnegative(), noText: z.boolean() });

interface StoredUsage {
  billed: BilledRecord[];
  taskIds: string[];
}

// The stored versions of these items are frozen in tests/fixtures/stored/: a new shape comes with a migration.
const usageItem = storage.defineItem<StoredUsage>('local:usage', { fallback: { billed: [], taskIds: [] }, version: 1 });
const priceItem = storage.defineItem<number>('local:usage-price', { fallback: DEFAULT_PRICE_PER_IMAGE, version: 1 });

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

/** In US dollars, without the noise of binary fractions. */
export function estimatedCost(images: number, pricePerImage: number): number {
  return Math.round(images * pricePerImage * 1e10) / 1e10;
}

/** "$1.23"; amounts under a cent keep four decimals ("$0.0043") rather than show as $0.00. */
export function formatCost(amount: number): string {
  if (amount > 0 && amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}

// ── Price ───────────────────────────────────────────

const notANumber = () => i18n.t('usage.price.notANumber');

export const priceSchema = z
  .number({ error: notANumber })
  .finite({ error: notANumber })
  .min(0, { error: () => i18n.t('usage.price.negative') })
  .max(MAX_PRICE_PER_IMAGE, { error: () => i18n.t('usage.price.tooHigh', { max: MAX_PRICE_PER_IMAGE }) });

/** The price as typed: "0.000431", "$0.0005", or with a decimal comma, "0,000431". */
export function parsePrice(text: string): { price: number } | { error: string } {
  let value = text.trim().replace(/^\$\s*/, '');
  if (!value) return { error: i18n.t('usage.price.missing') };
  if (!value.includes('.') && /^\d*,\d+$/.test(value)) value = value.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) return { error: notANumber() };
  const parsed = priceSchema.safeParse(Number(value));
  return parsed.success ? { price: parsed.data } : { error: parsed.error.issues[0]?.message ?? i18n.t('usage.price.invalid') };
}

export async function loadPrice(): Promise<number> {
  const parsed = priceSchema.safeParse(await priceItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PRICE_PER_IMAGE;
}

export async function savePrice(price: number): Promise<number> {
  const valid = priceSchema.parse(price);
  await priceItem.setValue(valid);
  return valid;
}

// ── Recent translations ─────────────────────────────

export interface HistoryEntry {
  jobId: string;
  /** Where the translated image is in the result cache (utils/cache.ts). */
  cacheKey: string;
  at: number;
  sourceLang: SourceLanguage;
  targetLang: LanguageCode;
  /** The page the image was translated on. */
  pageUrl?: string;
  /** The picture's identity, as the request has it: its address, or `sha256:…` for one with no lasting address. */
  imageUrl: string;
  /** A small JPEG data URL (see makeThumbnail); none for "No text detected", which has no translated image. */
  thumbnail?: string;
  noText: boolean;
  /** The service downloaded the picture from `imageUrl` itself, so it can again without the page ("Translate again"). */
  byAddress?: boolean;
}

const MAX_URL_LENGTH = 4096;
const MAX_THUMBNAIL_CHARS = 100_000;

export const historyEntrySchema = z.object({
  jobId: z.string().min(1),
  cacheKey: z.string().min(1),
  at: z.number().finite(),
  sourceLang: z.enum(['auto', ...sourceCodes]),
  targetLang: z.enum(targetCodes),
  pageUrl: z.string().max(MAX_URL_LENGTH).optional(),
  imageUrl: z.string().min(1).max(MAX_URL_LENGTH),
  thumbnail: z.string().startsWith('data:image/').max(MAX_THUMBNAIL_CHARS).optional(),
  noText: z.boolean(),
  byAddress: z.boolean().optional(),
});

/** Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration. */
const historyItem = storage.defineItem<HistoryEntry[]>('local:history', { fallback: [], version: 1 });

function readHistory(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored
    .flatMap((entry) => {
      const parsed = historyEntrySchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    })
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_HISTORY);
}

/**
 * An entry as stored: an embedded picture's data: address is not kept (it can be megabytes), a page address
 * that long is dropped, and a thumbnail that is not a small image data URL is left out.
 */
export function storableEntry(entry: HistoryEntry): HistoryEntry {
  const imageUrl = entry.imageUrl.startsWith('data:')
    ? (/^data:[^;,]*/.exec(entry.imageUrl)?.[0] ?? 'data:')
    : entry.imageUrl.slice(0, MAX_URL_LENGTH);
  const pageUrl = entry.pageUrl && entry.pageUrl.length <= MAX_URL_LENGTH && !entry.pageUrl.startsWith('data:') ? entry.pageUrl : undefined;
  const thumbnail = entry.thumbnail && historyEntrySchema.shape.thumbnail.safeParse(entry.thumbnail).success ? entry.thumbnail : undefined;
  const stored: HistoryEntry = { ...entry, imageUrl, pageUrl, thumbnail };
  if (stored.pageUrl === undefined) delete stored.pageUrl;
  if (stored.thumbnail === undefined) delete stored.thumbnail;
  return historyEntrySchema.parse(stored);
}

/** Newest first, one entry per job, the last 50 kept. */
export function withEntry(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...history.filter((e) => e.jobId !== entry.jobId)].sort((a, b) => b.at - a.at).slice(0, MAX_HISTORY);
}

export function addHistory(entry: HistoryEntry): Promise<void> {
  return exclusively(historyItem.key, async () => {
    await historyItem.setValue(withEntry(readHistory(await historyItem.getValue()), storableEntry(entry)));
  });
}

export async function loadHistory(): Promise<HistoryEntry[]> {
  return readHistory(await historyItem.getValue());
}

export function clearHistory(): Promise<void> {
  return exclusively(historyItem.key, () => historyItem.setValue([]));
}

export function watchHistory(callback: (history: HistoryEntry[]) => void): () => void {
  return historyItem.watch((value) => callback(readHistory(value)));
}

/** How a history entry names its picture: pictures without a lasting address are "embedded image". */
export function describeImage(imageUrl: string): string {
  if (/^(data|blob|sha256):/.test(imageUrl)) return i18n.t('usage.embeddedImage');
  try {
    const url = new URL(imageUrl);
    const segments = url.pathname.split('/').filter(Boolean);
    const name = segments.at(-1);
    if (!name) return url.host;
    return `${url.host}/${segments.length > 1 ? '…/' : ''}${safeDecode(name)}`;
  } catch {
    return imageUrl;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Fits width × height within max × max, keeping the aspect ratio, never enlarging, at least 1 × 1. */
export function thumbnailSize(width: number, height: number, max = MAX_THUMBNAIL_PX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A JPEG data URL of the picture, at most 160 px on its longer side. Needs createImageBitmap and
 * OffscreenCanvas: the service worker and extension pages have both.
 */
export async function makeThumbnail(image: Blob, max = MAX_THUMBNAIL_PX): Promise<string> {
  const bitmap = await createImageBitmap(image);
  try {
    const size = thumbnailSize(bitmap.width, bitmap.height, max);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas to draw the thumbnail on.');
    // JPEG has no transparency: what was transparent shows white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    return await blobToDataUrl(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 }));
  } finally {
    bitmap.close();
  }
}

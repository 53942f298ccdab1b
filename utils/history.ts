import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import type { Job } from './engine/jobs';
import { exclusively } from './locks';
import { sourceCodes, targetCodes, type LanguageCode, type SourceLanguage } from './languages';

/** The recent translations, with a thumbnail each. */

export const MAX_HISTORY = 50;

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
  /** A long picture translated in this many parts, each billed: one entry for them all (`jobId` names the whole). */
  parts?: number;
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
  parts: z.number().int().positive().optional(),
});

/**
 * What the history keeps of a job just translated. A long picture's parts make one entry, of N parts, named by
 * the picture's translation (`PartOf.group`); its thumbnail is the first part's (`showsWhole`).
 */
export function historyEntryOf(job: Job, seen: { at: number; noText: boolean; pageUrl?: string; thumbnail?: string }): HistoryEntry {
  return {
    jobId: job.part?.group ?? job.id,
    ...(job.part && { parts: job.part.count }),
    cacheKey: job.cacheKey,
    at: seen.at,
    sourceLang: job.request.sourceLang,
    targetLang: job.request.targetLang,
    pageUrl: job.again?.pageUrl ?? seen.pageUrl,
    imageUrl: job.request.imageUrl,
    thumbnail: seen.thumbnail,
    noText: seen.noText,
    byAddress: !job.upload,
  };
}

/** Whether a job's translation stands for its picture in the history's thumbnail: a long picture's first part does. */
export function showsWhole(job: Job): boolean {
  return !job.part || job.part.index === 0;
}

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

/**
 * Newest first, one entry per job, the last 50 kept. A job told again (a long picture's next part) keeps the
 * thumbnail it had.
 */
export function withEntry(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const thumbnail = entry.thumbnail ?? history.find((e) => e.jobId === entry.jobId)?.thumbnail;
  const updated = thumbnail ? { ...entry, thumbnail } : entry;
  return [updated, ...history.filter((e) => e.jobId !== entry.jobId)].sort((a, b) => b.at - a.at).slice(0, MAX_HISTORY);
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

// The browser's own API object, not the polyfill: the content script imports this module, and the polyfill would
// be a third of its weight. MV3 APIs return promises natively in Chrome and Firefox.
import { browser } from '@wxt-dev/browser';

/**
 * The one message protocol between the worker, its pages and the content script.
 * Messages to the worker are validated with zod (`protocol-schema.ts`): content scripts run inside hostile
 * pages. Messages from the worker to a content script are trusted and typed only; this file holds no zod so
 * that page bundles stay small.
 */

export type View = 'original' | 'translated';

/** What the page can tell about the image the user right-clicked. */
export interface LocatedImage {
  /**
   * How the worker names the image to this frame from now on (`Target.srcUrl`): its address, or a short alias
   * of a long one (see utils/page/refs.ts), so that no data: URL is kept in storage.
   */
  srcUrl: string;
  /** The address the browser shows now (`currentSrc`), which is the one to translate. */
  url: string;
  width: number;
  height: number;
  byteSize?: number;
}

export type JobPhase = 'queued' | 'submitting' | 'translating' | 'downloading' | 'done' | 'failed' | 'uncertain' | 'cancelled';
/** Phases of a job still under way: whoever shows it waits for more. */
export const WAITING_PHASES: ReadonlySet<JobPhase> = new Set(['queued', 'submitting', 'translating', 'downloading']);

/** An image a frame offers for "Translate all images on this page". */
export interface CandidateImage extends LocatedImage {
  /** CSS pixels from the viewport (0 when on screen): nearer ones are translated first. */
  distance: number;
}

/** How far "Translate all images on this page" has come in a tab. */
export interface PageProgress {
  total: number;
  done: number;
  failed: number;
  /** Not sent yet: these can still be cancelled. */
  waiting: number;
  /** Of the failed, those left untranslated because the monthly limit was reached. */
  overLimit: number;
}

export const progressKey = (tabId: number) => `progress:${tabId}`;
export const viewKey = (tabId: number) => `view:${tabId}`;
/** Where the worker keeps how a job asked for again from the history stands (a JobView), in session storage. */
export const againKey = (jobId: string) => `again:${jobId}`;

/** Actions a message on the image can offer. */
export type JobAction = 'open-settings' | 'retry';

/** A job as an image on the page shows it. */
export interface JobView {
  jobId: string;
  /** The image's `LocatedImage.srcUrl`: how the content script finds it again. */
  srcUrl: string;
  phase: JobPhase;
  /** When the user asked, in ms since the epoch: the status counts seconds from it. */
  requestedAt: number;
  /** Plain words for the user: why it failed, or a note such as "no text detected". */
  message?: string;
  action?: JobAction;
  /** The translated image as a data: URL, sent once when the job is done. */
  image?: string;
}

/**
 * A picture read by the page, for upload, with the origin that read it (`TranslationRequest.scope`); or why it
 * could not be read.
 */
export type ReadReply = { dataUrl: string; width: number; height: number; origin: string } | { error: string };

export type ToContentMessage =
  | { type: 'locate'; srcUrl: string }
  | { type: 'locate-pointer' }
  | { type: 'collect' }
  | { type: 'read'; srcUrl: string }
  | { type: 'job'; job: JobView }
  | { type: 'set-view'; view: View };

export type ToWorkerMessage =
  // From content scripts (untrusted):
  | { type: 'retry'; jobId: string }
  | { type: 'translate-from-page'; srcUrl: string }
  | { type: 'open-options' }
  // From the extension's own pages only (the worker checks the sender):
  | { type: 'set-view'; tabId: number; view: View }
  | { type: 'check-key'; apiKey: string; endpoint: string; model: string }
  /** `confirmed`: the user agreed to the count and cost of a large page (see TranslatePageReply). */
  | { type: 'translate-page'; tabId: number; confirmed?: boolean }
  | { type: 'cancel-page'; tabId: number }
  | { type: 'translate-again'; entryId: string };

/**
 * A frame with images still waiting holds a port of this name open. When the worker is stopped the port
 * breaks; connecting again starts the worker, which resumes its jobs and reports to every waiting image.
 */
export const JOBS_PORT = 'image-jobs';

/**
 * Where the content script leaves its images on the isolated world's global: it marks the frame as done (the
 * script is injected at every right-click), and the hover button's script asks it what is translated.
 */
export const PAGE_IMAGES = Symbol.for('qwen-image-translator');
export interface PageImages {
  has(img: HTMLImageElement): boolean;
}

export type CheckKeyReply = { ok: true } | { ok: false; message: string };
/** The job translating a history entry again (see `againKey`), or why there is none. */
export type TranslateAgainReply = { jobId: string } | { error: string };
/**
 * What the user agrees to before "Translate all" of a large or slow page: the count, the estimated cost, and the
 * minutes it takes at the model's pace when that is more than one.
 */
export interface PageQuestion {
  images: number;
  cost: string;
  minutes?: number;
}
/** Whether "Translate all" started, or what the user must agree to first. */
export type TranslatePageReply = { started: boolean } | { confirm: PageQuestion };

export function sendToWorker(message: { type: 'check-key'; apiKey: string; endpoint: string; model: string }): Promise<CheckKeyReply>;
export function sendToWorker(message: { type: 'translate-again'; entryId: string }): Promise<TranslateAgainReply>;
export function sendToWorker(message: { type: 'translate-page'; tabId: number; confirmed?: boolean }): Promise<TranslatePageReply>;
export function sendToWorker(message: ToWorkerMessage): Promise<unknown>;
export function sendToWorker(message: ToWorkerMessage): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export function sendToFrame(tabId: number, frameId: number, message: { type: 'locate'; srcUrl: string }): Promise<LocatedImage | null>;
export function sendToFrame(tabId: number, frameId: number, message: { type: 'collect' }): Promise<CandidateImage[]>;
export function sendToFrame(tabId: number, frameId: number, message: { type: 'locate-pointer' }): Promise<CandidateImage | null>;
export function sendToFrame(tabId: number, frameId: number, message: { type: 'read'; srcUrl: string }): Promise<ReadReply>;
export function sendToFrame(tabId: number, frameId: number, message: ToContentMessage): Promise<unknown>;
export function sendToFrame(tabId: number, frameId: number, message: ToContentMessage): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message, { frameId });
}

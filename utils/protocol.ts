// The browser's own API object, not the polyfill: the content script imports this module, and the polyfill would
// be a third of its weight. MV3 APIs return promises natively in Chrome and Firefox.
import { browser } from '@wxt-dev/browser';
import type { Failure, ReadProblem } from './failure';
import type { SliceRect } from './slices';

/**
 * The one message protocol between the worker, its pages and the page scripts: one map per direction, each key
 * with its request and its reply. Senders and handlers are typed by the map, so a message without a handler, or
 * a handler with the wrong reply, does not compile.
 * Messages to the worker are validated with zod (`protocol-schema.ts`): page scripts run inside hostile pages.
 * Messages from the worker to a page script are trusted and typed only; this file holds no zod so that page
 * bundles stay small.
 * Hand-written rather than a messaging library (@webext-core/messaging, which WXT's docs suggest): such a library
 * brings the webextension polyfill into the page script (see above; its budget is 15.5 KB,
 * tests/checks/budgets.json), and this is only two maps and three small functions.
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

/** How far "Translate all images on this page" has come in a tab: its jobs, counted. */
export interface PageCounts {
  total: number;
  done: number;
  failed: number;
  /** Not sent yet: these can still be cancelled. */
  waiting: number;
  /** Of the failed, those left untranslated because the monthly limit was reached. */
  overLimit: number;
}

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
  /** Why it failed (or, uncertain, may have): the page words it in the user's language (utils/failure-words.ts). */
  failure?: Failure;
  /** Done, and the service found no text: the image is unchanged (yet billed). */
  noText?: boolean;
  /** The translated image as a data: URL, sent once when the job is done. */
  image?: string;
  /** One slice of a long picture: the page stitches its translation back over the original at `rect`. */
  part?: PartOf;
}

/**
 * Which slice of a long picture a job translates (utils/slices.ts). `group` names the one translation of the
 * picture that the parts make up together (the history's entry for it); `index` counts from its top or left.
 */
export interface PartOf {
  group: string;
  index: number;
  count: number;
  rect: SliceRect;
}

/** A long picture read by the page, cut into slices the service takes, each with its place and its distance from view. */
export type PartsReply = { parts: { dataUrl: string; rect: SliceRect; distance: number }[]; origin: string } | { error: ReadProblem };

/**
 * A picture read by the page, for upload, with the origin that read it (`TranslationRequest.scope`); or why it
 * could not be read.
 */
export type ReadReply = { dataUrl: string; width: number; height: number; origin: string } | { error: ReadProblem };

/**
 * A frame with images still waiting holds a port of this name open. When the worker is stopped the port
 * breaks; connecting again starts the worker, which resumes its jobs and reports to every waiting image.
 */
export const JOBS_PORT = 'image-jobs';
/**
 * The look-ahead script of an automatic site holds a port of this name open once it sent pictures: when its
 * document goes (the reader leaves or reloads), the port breaks and the worker withdraws what was not sent yet.
 */
export const AUTO_PORT = 'auto-translate';

/**
 * Where the content script leaves its images on the isolated world's global: it marks the frame as done (the
 * script is injected at every right-click), and the hover button's script asks it what is translated.
 */
export const PAGE_IMAGES = Symbol.for('qwen-image-translator');
export interface PageImages {
  has(picture: HTMLElement): boolean;
  canvasName(canvas: HTMLCanvasElement): string;
}

/**
 * "Test key": it works; what was wrong with what was typed (caught before any call); or how the service refused.
 * Data: the options page words it.
 */
export type CheckKeyReply =
  { ok: true } | { ok: false; typed: 'invalid-endpoint' | 'no-key' | 'invalid-model' } | { ok: false; failure: Failure };
/** The job translating a history entry again (followed through `againItem`, utils/session-items.ts), or why there is none. */
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

/** The look-ahead script sends more pictures than this in several `translate-near` messages. */
export const MAX_NEAR_PER_MESSAGE = 20;

/**
 * Extension pages and page scripts → worker. The worker validates each request (`protocol-schema.ts`) and
 * checks who may send it (`SENDERS` there). A reply of `undefined` is only an acknowledgement.
 */
export interface WorkerProtocol {
  // From page scripts (untrusted):
  retry: { request: { jobId: string }; reply: undefined };
  'translate-from-page': { request: { srcUrl: string }; reply: undefined };
  'open-options': { request: object; reply: undefined };
  /** The look-ahead script of an automatic site: pictures that came near the viewport, nearest first. */
  'translate-near': { request: { srcUrls: string[] }; reply: undefined };
  // From the extension's own pages only:
  'set-view': { request: { tabId: number; view: View }; reply: undefined };
  'check-key': { request: { apiKey: string; endpoint: string; model: string }; reply: CheckKeyReply };
  /** `confirmed`: the user agreed to the count and cost of a large page (see TranslatePageReply). */
  'translate-page': { request: { tabId: number; confirmed?: boolean }; reply: TranslatePageReply };
  'cancel-page': { request: { tabId: number }; reply: undefined };
  'translate-again': { request: { entryId: string }; reply: TranslateAgainReply };
}

/** Worker → the page script in a frame (`entrypoints/page-images`). */
export interface PageScriptProtocol {
  locate: { request: { srcUrl: string }; reply: LocatedImage | null };
  'locate-pointer': { request: object; reply: CandidateImage | null };
  collect: { request: object; reply: CandidateImage[] };
  /** `rect`: only that slice of a long picture. */
  read: { request: { srcUrl: string; rect?: SliceRect }; reply: ReadReply };
  'read-parts': { request: { srcUrl: string }; reply: PartsReply };
  job: { request: { job: JobView }; reply: undefined };
  'set-view': { request: { view: View }; reply: undefined };
}

/** A protocol map: each key's request (the message's fields besides `type`) and reply. */
type Protocol<P> = { [K in keyof P]: { request: object; reply: unknown } };
/** One message of a protocol: its key as `type`, with the request's fields. */
export type MessageOf<P extends Protocol<P>, K extends keyof P = keyof P> = { [T in K]: { type: T } & P[T]['request'] }[K];
export type ToWorkerMessage = MessageOf<WorkerProtocol>;
export type ToPageScriptMessage = MessageOf<PageScriptProtocol>;

/** A handler for every key of a protocol, each giving that key's reply. `Context` is what the receiver knows (the sender). */
export type Handlers<P extends Protocol<P>, Context = void> = {
  [K in keyof P]: (message: MessageOf<P, K>, context: Context) => P[K]['reply'] | Promise<P[K]['reply']>;
};

/** Hands a message to its handler. */
export function dispatchMessage<P extends Protocol<P>, Context>(
  handlers: Handlers<P, Context>,
  message: MessageOf<P>,
  context: Context,
): P[keyof P]['reply'] | Promise<P[keyof P]['reply']> {
  // TypeScript cannot follow that `handlers[message.type]` takes this very message; the map guarantees it.
  const handler = handlers[message.type] as (message: MessageOf<P>, context: Context) => P[keyof P]['reply'];
  return handler(message, context);
}

export function sendToWorker<K extends keyof WorkerProtocol>(message: MessageOf<WorkerProtocol, K>): Promise<WorkerProtocol[K]['reply']> {
  return browser.runtime.sendMessage(message);
}

/** To the page script in one frame of a tab, or in every frame of it when `frameId` is left out. */
export function sendToFrame<K extends keyof PageScriptProtocol>(
  tabId: number,
  frameId: number | undefined,
  message: MessageOf<PageScriptProtocol, K>,
): Promise<PageScriptProtocol[K]['reply']> {
  return frameId === undefined ? browser.tabs.sendMessage(tabId, message) : browser.tabs.sendMessage(tabId, message, { frameId });
}

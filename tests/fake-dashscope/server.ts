/**
 * A strict fake of the DashScope qwen-mt-image asynchronous HTTP API (China/Beijing reference, Nov 2025):
 *
 *   POST /api/v1/services/aigc/image2image/image-synthesis   create a task (X-DashScope-Async: enable)
 *   GET  /api/v1/tasks/{task_id}                             query it
 *   GET  /results/{task_id}.png                              the "OSS" link of the translated image
 *   GET  /api/v1/uploads?action=getPolicy&model=qwen-mt-image a signed policy for the temporary file storage
 *   POST /oss-upload                                         that storage (the policy's upload_host): an OSS
 *                                                            PostObject form; the file is then oss://{key}
 *
 * It rejects what the real service rejects (key, async header, model, languages, ext shapes, rate and
 * concurrency limits), downloads the source image itself when a task is created (or takes the uploaded file
 * of an oss:// URL, which needs the X-DashScope-OssResourceResolve: enable header) and fails the task when the
 * image is outside the documented limits. Faults can be injected per request kind.
 *
 * node:http only. Standalone:
 *   npx tsx tests/fake-dashscope/server.ts --port 8787 [--key sk-...] [--duration 6000] [--duration-range 4700-7300 [--seed 1]]
 *                                          [--host 127.0.0.1] [--log] [--demo]
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mimeTypeOf, readImageHeader, solidPng } from './png';

export const SUBMIT_PATH = '/api/v1/services/aigc/image2image/image-synthesis';
export const TASK_PATH_PREFIX = '/api/v1/tasks/';
export const RESULT_PATH_PREFIX = '/results/';
export const MODEL = 'qwen-mt-image';
/** Each region offers one image-translation model; the other region's is "Model not exist", as the service says. */
export const REGION_MODELS = { beijing: MODEL, singapore: 'qwen-mt-image-2.0' } as const;
export type FakeRegion = keyof typeof REGION_MODELS;
/** The documented reply to a model the region does not offer: HTTP 400 InvalidParameter. */
export const MODEL_NOT_EXIST = 'Model not exist.';
export const NO_TEXT_MESSAGE = 'No text detected for translation';
export const UPLOADS_PATH = '/api/v1/uploads';
/** The fake's stand-in for the OSS upload host (upload_host = `${url}${OSS_UPLOAD_PATH}`). */
export const OSS_UPLOAD_PATH = '/oss-upload';
export const OSS_RESOLVE_HEADER = 'X-DashScope-OssResourceResolve';
/** What the temporary storage takes, as the policy reply states it. */
export const UPLOAD_MAX_FILE_SIZE_MB = 100;
export const UPLOAD_POLICY_EXPIRE_SECONDS = 300;

/** The colour of the generated "translated" image. */
export const TRANSLATED_RGB: [number, number, number] = [0, 168, 107];

export interface ResultSource {
  url: string;
  bytes: Buffer;
  width: number;
  height: number;
  /** 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff' | 'pnm' */
  format: string;
}

export interface FakeDashScopeOptions {
  /** default 'beijing' (qwen-mt-image); 'singapore' takes qwen-mt-image-2.0 instead */
  region?: FakeRegion;
  /** default 'sk-test-key' */
  apiKey?: string;
  /** default 6000: time from submission to SUCCEEDED */
  taskDurationMs?: number;
  /** When set, each task's duration is drawn from this range instead (see FakeDashScopeSettings). */
  taskDurationRange?: DurationRange;
  /** default '127.0.0.1' */
  host?: string;
  /** default 0 (ephemeral) */
  port?: number;
  /** Optional: the translated image bytes for a source; default = a generated solid PNG (colour TRANSLATED_RGB) of the source's exact width/height. */
  resultFor?: (source: ResultSource) => Buffer | undefined;
  /**
   * Where the fake's stand-in for the internet finds a host: tests serve "public" pages under names such as
   * shop.example, which Chromium and this hook both map to loopback. Default: as addressed.
   */
  resolveHost?: (hostname: string) => string;
  log?: boolean;
  /** default 1000: a submission sooner than this after the previous accepted one gets 429 Throttling.RateQuota (the 1 RPS limit). */
  minSubmitIntervalMs?: number;
  /** default 2: a submission while this many tasks are PENDING/RUNNING gets 429 Throttling. */
  maxConcurrentTasks?: number;
}

/** Task durations drawn uniformly from [minMs, maxMs]: the n-th task since start (or reset) always gets the same one for a seed. */
export interface DurationRange {
  minMs: number;
  maxMs: number;
  seed: number;
}

/** The live, mutable settings; tests may change them between requests. */
export interface FakeDashScopeSettings {
  apiKey: string;
  taskDurationMs: number;
  /** When set, it decides each task's duration instead of taskDurationMs. */
  taskDurationRange: DurationRange | undefined;
  minSubmitIntervalMs: number;
  maxConcurrentTasks: number;
  resultFor: ((source: ResultSource) => Buffer | undefined) | undefined;
  log: boolean;
  /** The upload policy's numeric fields as numeric strings ("10"), as some replies of the service carry them. */
  policyNumbersAsText: boolean;
}

export type Fault =
  /** 'gateway': the task is created, but a gateway in front answers 502 with its own HTML page. */
  | {
      on: 'submit';
      reply:
        | 'throttle'
        | 'allocation-quota' // 429 "Free allocated quota exceeded."
        | 'allocated-quota' // 429 "Allocated quota exceeded."
        | 'free-tier-only' // 403 AllocationQuota.FreeTierOnly
        | 'arrearage'
        | 'content-rejected' // 400 DataInspectionFailed
        | 'ip-infringement' // 400 IPInfringementSuspect
        | 'inspection-parameter' // 400 InvalidParameter.DataInspection
        | 'server-error'
        | 'drop'
        | 'gateway';
    }
  | { on: 'query'; reply: 'malformed' | 'server-error' | 'throttle' | 'drop' }
  /** 'content-rejected': the task fails with `data_inspection_failed`, as an output inspected after the fact does. */
  | { on: 'task'; outcome: 'fail' | 'no-text' | 'canceled' | 'content-rejected' }
  /** Consumed by the next GET of a task's result: 429 from the storage in front of it. */
  | { on: 'download'; reply: 'throttle' }
  /** Consumed by the next GET /api/v1/uploads (with a good key and parameters). */
  | { on: 'policy'; reply: 'server-error' }
  /** Consumed by the next POST /oss-upload, whatever it holds: 500 InternalError or 403 AccessDenied (OSS XML). */
  | { on: 'upload'; reply: 'server-error' | 'forbidden' };

export interface SubmissionRecord {
  at: number;
  /** The HTTP status sent, or 0 when the socket was dropped without a reply. */
  status: number;
  /** The error code of a rejected submission. */
  code?: string;
  /** The task created (also for a dropped reply, whose id the client never learns). */
  taskId?: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
}

export interface PolicyRecord {
  at: number;
  status: number;
  code?: string;
  /** The upload_dir issued. */
  uploadDir?: string;
}

export interface UploadRecord {
  at: number;
  /** The HTTP status sent. */
  status: number;
  /** The OSS error code of a rejected upload. */
  code?: string;
  /** The form's key field, when the form could be read. */
  key?: string;
  /** The size of the form's file part (0 when there was none). */
  bytes: number;
  /** The file part's Content-Type. */
  contentType?: string;
}

/** A file in the temporary storage, by key (the part of its oss:// URL after the scheme). */
export interface StoredUpload {
  key: string;
  bytes: Buffer;
  contentType?: string;
  /** The file part's filename. */
  filename?: string;
  at: number;
}

export interface QueryRecord {
  at: number;
  taskId: string;
  /** The HTTP status sent, or 0 when the socket was dropped without a reply. */
  status: number;
  /** The task_status reported, when a readable status was reported. */
  taskStatus?: string;
}

export type FakeTaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED';
export type FakeTaskOutcome = 'succeed' | 'fail' | 'no-text' | 'canceled' | 'content-rejected';

export interface FakeTask {
  readonly id: string;
  readonly submittedAt: number;
  /** When it leaves PENDING: known once the source image has been downloaded and checked. */
  scheduledAt?: number;
  /** When it reaches its final status (never before submittedAt + taskDurationMs for a task that runs). */
  endsAt: number;
  /** The status now (computed from the clock). */
  readonly status: FakeTaskStatus;
  readonly imageUrl: string;
  readonly sourceLang: string;
  readonly targetLang: string;
  readonly ext?: unknown;
  /** GET /api/v1/tasks/{id} requests for this task. */
  queries: number;
  /** What was injected for it ('succeed' when nothing was). */
  readonly outcome: FakeTaskOutcome;
  /** Set when the source image could not be used: the task FAILS with this. */
  failure?: { code: string; message: string };
  /** The downloaded source image, once downloaded. */
  source?: ResultSource;
  /** Where the result is served: `${url}/results/${id}.png`. */
  readonly resultUrl: string;
}

export interface FakeDashScope {
  /** e.g. http://127.0.0.1:PORT (no trailing slash): the base URL clients use. */
  url: string;
  options: FakeDashScopeSettings;
  /** Each fault is consumed, first in first out per `on` kind, by the next matching request (or created task). */
  inject(...faults: Fault[]): void;
  /** Every POST to the submit path, accepted or not. */
  submissions: SubmissionRecord[];
  /** Every GET /api/v1/tasks/{id}. */
  queries: QueryRecord[];
  /** Every GET /api/v1/uploads. */
  policyRequests: PolicyRecord[];
  /** Every POST /oss-upload, accepted or not. */
  uploads: UploadRecord[];
  /** The files uploaded, by key. */
  uploadedFiles: Map<string, StoredUpload>;
  tasks: Map<string, FakeTask>;
  /** Accepted submissions (tasks created, including one whose reply was dropped). */
  tasksCreated(): number;
  queriesFor(taskId: string): number;
  /** Waits until a task is in one of these statuses (polling its clock); rejects after timeoutMs. */
  waitForTask(taskId: string, statuses?: FakeTaskStatus[], timeoutMs?: number): Promise<FakeTask>;
  /** Clears records, tasks, uploads (policies and files) and faults; restores the settings given at start. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Languages, as the reference's table gives them (an independent copy: the fake must not share the client's).

interface FakeLanguage {
  code: string;
  names: string[];
  source: boolean;
  target: boolean;
}

const LANGUAGES: FakeLanguage[] = [
  { code: 'zh', names: ['chinese'], source: true, target: true },
  { code: 'en', names: ['english'], source: true, target: true },
  { code: 'ko', names: ['korean'], source: true, target: true },
  { code: 'ja', names: ['japanese'], source: true, target: true },
  { code: 'ru', names: ['russian'], source: true, target: true },
  { code: 'es', names: ['spanish'], source: true, target: true },
  { code: 'fr', names: ['french'], source: true, target: true },
  { code: 'pt', names: ['portuguese'], source: true, target: true },
  { code: 'it', names: ['italian'], source: true, target: true },
  { code: 'de', names: ['german', 'germany'], source: true, target: false },
  { code: 'vi', names: ['vietnamese'], source: true, target: true },
  { code: 'ms', names: ['malay'], source: false, target: true },
  { code: 'th', names: ['thai'], source: false, target: true },
  { code: 'id', names: ['indonesian'], source: false, target: true },
  { code: 'ar', names: ['arabic', 'arabian'], source: false, target: true },
];

function findLanguage(value: string): FakeLanguage | undefined {
  const v = value.trim().toLowerCase();
  return LANGUAGES.find((l) => l.code === v || l.names.includes(v));
}

function displayName(l: FakeLanguage): string {
  const n = l.names[0]!;
  return n[0]!.toUpperCase() + n.slice(1);
}

// ---------------------------------------------------------------------------------------------------------
// Limits

const MIN_SIDE = 15;
const MAX_SIDE = 8192;
const MAX_ASPECT = 10;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_PENDING_MS = 300;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'bmp', 'pnm', 'tiff', 'webp']);

/** A number in [0, 1) from a seed and an index, always the same for both (mulberry32's first output). */
export function seededUnit(seed: number, index: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(index + 1, 0x6d2b79f5)) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The duration of the task drawn `index`-th from a range. */
export function drawnDuration(range: DurationRange, index: number): number {
  return Math.round(range.minMs + (range.maxMs - range.minMs) * seededUnit(range.seed, index));
}

/** UTC+8 "YYYY-MM-DD HH:mm:ss.SSS", as the service reports times. */
export function providerTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '');
}

class ParamError extends Error {}

interface ValidRequest {
  imageUrl: string;
  sourceLang: string;
  targetLang: string;
  ext?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rejectUnknownKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new ParamError(`Unknown field ${where}.${key}; allowed: ${allowed.join(', ')}.`);
  }
}

const OSS_URL_MESSAGE =
  'The provided URL does not appear to be valid. Ensure it is correctly formatted. ' +
  `An oss:// URL of an uploaded file needs the request header ${OSS_RESOLVE_HEADER}: enable; otherwise input.image_url must be an http or https URL.`;

function validateSubmission(body: unknown, ossResolve: boolean, model: string): ValidRequest {
  if (!isObject(body)) throw new ParamError('The request body must be a JSON object.');
  if (body.model === undefined) throw new ParamError('Field required: model.');
  if (body.model !== model) throw new ParamError(MODEL_NOT_EXIST);
  const input = body.input;
  if (!isObject(input)) throw new ParamError('Field required: input (an object).');
  rejectUnknownKeys(input, ['image_url', 'source_lang', 'target_lang', 'ext'], 'input');

  const imageUrl = input.image_url;
  if (typeof imageUrl !== 'string' || imageUrl === '') throw new ParamError('Field required: input.image_url (a string).');
  let parsed: URL;
  try {
    parsed = new URL(imageUrl);
  } catch {
    throw new ParamError(`input.image_url is not a valid URL: ${JSON.stringify(imageUrl.slice(0, 80))}.`);
  }
  if (parsed.protocol === 'oss:') {
    if (!ossResolve) throw new ParamError(OSS_URL_MESSAGE);
  } else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ParamError(`input.image_url must be an http or https URL; got a ${parsed.protocol} URL.`);
  }
  if (/[^\x21-\x7e]/.test(imageUrl)) {
    throw new ParamError('input.image_url contains non-ASCII characters or spaces; URL-encode it.');
  }

  const sourceLang = input.source_lang;
  const targetLang = input.target_lang;
  if (typeof sourceLang !== 'string' || sourceLang.trim() === '') throw new ParamError('Field required: input.source_lang (a string).');
  if (typeof targetLang !== 'string' || targetLang.trim() === '') throw new ParamError('Field required: input.target_lang (a string).');
  const auto = sourceLang.trim().toLowerCase() === 'auto';
  const from = auto ? undefined : findLanguage(sourceLang);
  const to = findLanguage(targetLang);
  if (!auto && !from) throw new ParamError(`Unsupported source_lang: ${JSON.stringify(sourceLang)}.`);
  if (targetLang.trim().toLowerCase() === 'auto') throw new ParamError('target_lang cannot be auto.');
  if (!to) throw new ParamError(`Unsupported target_lang: ${JSON.stringify(targetLang)}.`);
  if (from && !from.source) throw new ParamError(`${displayName(from)} (${from.code}) is not supported as a source language.`);
  if (!to.target) throw new ParamError(`${displayName(to)} (${to.code}) is not supported as a target language.`);
  if (from && from.code === to.code) throw new ParamError(`source_lang and target_lang must be different (both ${displayName(to)}).`);
  if (from && !['zh', 'en'].includes(from.code) && !['zh', 'en'].includes(to.code)) {
    throw new ParamError(
      `Translation from ${displayName(from)} to ${displayName(to)} is not supported: one of source_lang and target_lang must be Chinese or English.`,
    );
  }

  if (input.ext !== undefined) validateExt(input.ext);
  return { imageUrl, sourceLang, targetLang, ext: input.ext };
}

function validateExt(ext: unknown): void {
  if (!isObject(ext)) throw new ParamError('input.ext must be an object.');
  rejectUnknownKeys(ext, ['domainHint', 'sensitives', 'terminologies', 'config'], 'input.ext');
  if (ext.domainHint !== undefined && typeof ext.domainHint !== 'string') throw new ParamError('input.ext.domainHint must be a string.');
  if (ext.sensitives !== undefined) {
    if (!Array.isArray(ext.sensitives) || !ext.sensitives.every((s) => typeof s === 'string')) {
      throw new ParamError('input.ext.sensitives must be an array of strings.');
    }
  }
  if (ext.terminologies !== undefined) {
    if (!Array.isArray(ext.terminologies)) throw new ParamError('input.ext.terminologies must be an array of {src, tgt}.');
    ext.terminologies.forEach((term, i) => {
      if (!isObject(term) || typeof term.src !== 'string' || typeof term.tgt !== 'string') {
        throw new ParamError(`input.ext.terminologies[${i}] must be an object {src: string, tgt: string}.`);
      }
      rejectUnknownKeys(term, ['src', 'tgt'], `input.ext.terminologies[${i}]`);
    });
  }
  if (ext.config !== undefined) {
    if (!isObject(ext.config)) throw new ParamError('input.ext.config must be an object.');
    // `imageSegment` is the newer documentation's name; `skipImgSegment` is still supported.
    rejectUnknownKeys(ext.config, ['skipImgSegment', 'imageSegment'], 'input.ext.config');
    if (ext.config.imageSegment !== undefined && typeof ext.config.imageSegment !== 'boolean') {
      throw new ParamError('input.ext.config.imageSegment must be a boolean.');
    }
    if (ext.config.skipImgSegment !== undefined && typeof ext.config.skipImgSegment !== 'boolean') {
      throw new ParamError('input.ext.config.skipImgSegment must be a boolean.');
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Tasks

class Task implements FakeTask {
  scheduledAt?: number;
  endsAt: number;
  queries = 0;
  failure?: { code: string; message: string };
  source?: ResultSource;
  result?: Buffer;
  readonly abort = new AbortController();
  readonly plannedEndsAt: number;
  readonly earliestScheduledAt: number;

  constructor(
    readonly id: string,
    readonly submittedAt: number,
    durationMs: number,
    readonly imageUrl: string,
    readonly sourceLang: string,
    readonly targetLang: string,
    readonly ext: unknown,
    readonly outcome: FakeTaskOutcome,
    readonly resultUrl: string,
  ) {
    this.plannedEndsAt = submittedAt + Math.max(0, durationMs);
    this.endsAt = this.plannedEndsAt;
    this.earliestScheduledAt = submittedAt + Math.min(MAX_PENDING_MS, Math.floor(Math.max(0, durationMs) / 3));
  }

  /** Called once the source image has been fetched and checked (or could not be). */
  ready(at: number): void {
    this.scheduledAt = Math.max(this.earliestScheduledAt, at);
    this.endsAt = this.failure || this.outcome === 'canceled' ? this.scheduledAt : Math.max(this.plannedEndsAt, this.scheduledAt);
  }

  statusAt(now: number): FakeTaskStatus {
    if (this.scheduledAt === undefined || now < this.scheduledAt) return 'PENDING';
    if (this.outcome === 'canceled') return 'CANCELED';
    if (this.failure) return 'FAILED';
    if (now < this.endsAt) return 'RUNNING';
    return this.outcome === 'fail' || this.outcome === 'content-rejected' ? 'FAILED' : 'SUCCEEDED';
  }

  get status(): FakeTaskStatus {
    return this.statusAt(Date.now());
  }
}

async function fetchSource(task: Task, uploadedFiles: Map<string, StoredUpload>, resolveHost: (hostname: string) => string): Promise<void> {
  const fail = (message: string) => {
    task.failure = { code: 'InvalidParameter', message };
  };
  if (task.imageUrl.startsWith('oss://')) {
    // A file of the temporary storage: no HTTP download, but the same checks.
    await Promise.resolve();
    const key = task.imageUrl.slice('oss://'.length);
    const file = uploadedFiles.get(key);
    if (!file) {
      fail(`Failed to download the image from input.image_url: download failed, no uploaded file at ${task.imageUrl}.`);
      return;
    }
    if (file.bytes.length > MAX_IMAGE_BYTES) {
      fail(`The image is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
      return;
    }
    checkSource(task, file.bytes);
    return;
  }
  let response: Response;
  try {
    const address = new URL(task.imageUrl);
    address.hostname = resolveHost(address.hostname);
    response = await fetch(address, {
      signal: AbortSignal.any([task.abort.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]),
      redirect: 'follow',
    });
  } catch (error) {
    if (task.abort.signal.aborted) return;
    fail(`Failed to download the image from input.image_url: ${(error as Error).message ?? String(error)}.`);
    return;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    fail(`Failed to download the image from input.image_url: HTTP ${response.status}.`);
    return;
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMAGE_BYTES) {
    await response.body?.cancel().catch(() => {});
    fail(`The image is ${(declared / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
    return;
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_IMAGE_BYTES) {
        fail('The image is larger than 10 MB; the limit is 10 MB.');
        await reader.cancel().catch(() => {});
        return;
      }
      parts.push(Buffer.from(value));
    }
  } catch (error) {
    if (task.failure || task.abort.signal.aborted) return;
    fail(`Failed to download the image from input.image_url: ${(error as Error).message ?? String(error)}.`);
    return;
  }
  checkSource(task, Buffer.concat(parts));
}

/** Sets task.source, or task.failure when the image is outside the documented limits. */
function checkSource(task: Task, bytes: Buffer): void {
  const fail = (message: string) => {
    task.failure = { code: 'InvalidParameter', message };
  };
  const header = readImageHeader(bytes);
  if (!header) {
    fail('The image format is not supported or the file is not an image; use JPG, JPEG, PNG, BMP, PNM, PPM, TIFF or WEBP.');
    return;
  }
  if (!ACCEPTED_FORMATS.has(header.format)) {
    fail(`The image format ${header.format.toUpperCase()} is not supported; use JPG, JPEG, PNG, BMP, PNM, PPM, TIFF or WEBP.`);
    return;
  }
  const { width, height } = header;
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    fail(`The image is ${width}x${height} px; width and height must be between ${MIN_SIDE} and ${MAX_SIDE} pixels.`);
    return;
  }
  if (Math.max(width, height) / Math.min(width, height) > MAX_ASPECT) {
    fail(`The image is ${width}x${height} px; the aspect ratio must be between 1:10 and 10:1.`);
    return;
  }
  task.source = { url: task.imageUrl, bytes, width, height, format: header.format };
}

// ---------------------------------------------------------------------------------------------------------
// Server

function listenUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else parts.push(part as Buffer);
  }
  return { text: Buffer.concat(parts).toString('utf8'), tooLarge };
}

async function readRaw(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > limit) tooLarge = true;
    else parts.push(part as Buffer);
  }
  return { bytes: Buffer.concat(parts), tooLarge };
}

// ---------------------------------------------------------------------------------------------------------
// multipart/form-data (RFC 7578), enough of it for an OSS PostObject form

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  /** Every header of the part, lower-case names. */
  headers: Record<string, string>;
  data: Buffer;
}

/** The boundary parameter of a multipart/form-data Content-Type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const [type, ...params] = contentType.split(';');
  if (type!.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value.length >= 1 && value.length <= 70 ? value : undefined;
  }
  return undefined;
}

/** Parameters of a Content-Disposition value such as `form-data; name="key"; filename="a.png"`. */
function dispositionParams(value: string): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
  }
  return { type, params };
}

/** The parts of a multipart/form-data body, in order; undefined when the body is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const crlfDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  /** Whether a delimiter ending at `end` is a whole delimiter line: "--" (the last) or blanks and CRLF follow. */
  const endsLine = (end: number) => {
    if (body[end] === 0x2d && body[end + 1] === 0x2d) return true;
    let i = end;
    while (body[i] === 0x20 || body[i] === 0x09) i++;
    return body[i] === 0x0d && body[i + 1] === 0x0a;
  };
  /** The next CRLF + delimiter line from `from`, or -1. */
  const nextDelimiter = (from: number) => {
    for (let i = body.indexOf(crlfDelimiter, from); i >= 0; i = body.indexOf(crlfDelimiter, i + 1)) {
      if (endsLine(i + crlfDelimiter.length)) return i;
    }
    return -1;
  };
  // The first delimiter opens the body, or ends a preamble line.
  let at: number;
  if (body.subarray(0, delimiter.length).equals(delimiter) && endsLine(delimiter.length)) at = delimiter.length;
  else {
    const found = nextDelimiter(0);
    if (found < 0) return undefined;
    at = found + crlfDelimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise (transport padding) CRLF and a part.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    const emptyHeaders = body[at] === 0x0d && body[at + 1] === 0x0a;
    if (headerEnd < 0 && !emptyHeaders) return undefined;
    const headerText = emptyHeaders ? '' : body.subarray(at, headerEnd).toString('utf8');
    const dataStart = emptyHeaders ? at + 2 : headerEnd + 4;
    const next = nextDelimiter(dataStart);
    if (next < 0) return undefined;
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      if (line === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) return undefined;
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'];
    if (!disposition) return undefined;
    const { type, params } = dispositionParams(disposition);
    if (type !== 'form-data' || params.name === undefined) return undefined;
    parts.push({
      name: params.name,
      filename: params.filename,
      contentType: headers['content-type'],
      headers,
      data: body.subarray(dataStart, next),
    });
    at = next + crlfDelimiter.length;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export async function startFakeDashScope(options: FakeDashScopeOptions = {}): Promise<FakeDashScope> {
  const defaults: FakeDashScopeSettings = {
    apiKey: options.apiKey ?? 'sk-test-key',
    taskDurationMs: options.taskDurationMs ?? 6000,
    taskDurationRange: options.taskDurationRange,
    minSubmitIntervalMs: options.minSubmitIntervalMs ?? 1000,
    maxConcurrentTasks: options.maxConcurrentTasks ?? 2,
    resultFor: options.resultFor,
    log: options.log ?? false,
    policyNumbersAsText: false,
  };
  const settings: FakeDashScopeSettings = { ...defaults };
  const submissions: SubmissionRecord[] = [];
  const queries: QueryRecord[] = [];
  const tasks = new Map<string, Task>();
  const faults = {
    submit: [] as Fault[],
    query: [] as Fault[],
    task: [] as Fault[],
    policy: [] as Fault[],
    upload: [] as Fault[],
    download: [] as Fault[],
  };
  let lastAcceptedAt = -Infinity;
  /** Tasks whose duration was drawn from the range since start or reset. */
  let drawn = 0;
  let baseUrl = '';
  // The temporary file storage.
  const policyRequests: PolicyRecord[] = [];
  const uploads: UploadRecord[] = [];
  const uploadedFiles = new Map<string, StoredUpload>();
  interface IssuedPolicy {
    signature: string;
    uploadDir: string;
    acl: string;
    forbidOverwrite: string;
    expiresAt: number;
  }
  const issuedPolicies = new Map<string, IssuedPolicy>();
  const ossAccessKeyId = `LTAI5tFake${randomBytes(6).toString('hex')}`;
  const ossSecret = randomBytes(20).toString('base64');

  const log = (line: string) => {
    if (settings.log) console.log(`[fake-dashscope] ${line}`);
  };

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function sendError(res: ServerResponse, status: number, code: string, message: string): void {
    sendJson(res, status, { code, message, request_id: randomUUID() });
  }

  function sendOssError(res: ServerResponse, status: number, code: string, message: string): void {
    const requestId = randomBytes(12).toString('hex').toUpperCase();
    const text =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
      `  <Code>${escapeXml(code)}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
      `  <RequestId>${requestId}</RequestId>\n  <HostId>${escapeXml(new URL(baseUrl).host)}</HostId>\n</Error>\n`;
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), 'x-oss-request-id': requestId });
    res.end(text);
  }

  function authorized(req: IncomingMessage): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return match?.[1] === settings.apiKey;
  }

  function running(now: number): number {
    let n = 0;
    for (const task of tasks.values()) {
      const status = task.statusAt(now);
      if (status === 'PENDING' || status === 'RUNNING') n++;
    }
    return n;
  }

  function createTask(request: ValidRequest, now: number): Task {
    const fault = faults.task.shift() as Extract<Fault, { on: 'task' }> | undefined;
    const id = randomUUID();
    const task = new Task(
      id,
      now,
      settings.taskDurationRange ? drawnDuration(settings.taskDurationRange, drawn++) : settings.taskDurationMs,
      request.imageUrl,
      request.sourceLang,
      request.targetLang,
      request.ext,
      fault?.outcome ?? 'succeed',
      `${baseUrl}${RESULT_PATH_PREFIX}${id}.png`,
    );
    tasks.set(id, task);
    lastAcceptedAt = now;
    void fetchSource(task, uploadedFiles, options.resolveHost ?? ((hostname) => hostname))
      .catch((error: unknown) => {
        task.failure ??= { code: 'InvalidParameter', message: `Failed to download the image: ${String(error)}` };
      })
      .finally(() => {
        if (tasks.get(id) !== task) return; // reset meanwhile
        task.ready(Date.now());
        log(
          `task ${id} ready: ${task.failure ? `will fail (${task.failure.message})` : `${task.source?.width}x${task.source?.height} ${task.source?.format}`}`,
        );
      });
    return task;
  }

  async function handleSubmit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const { text, tooLarge } = await readBody(req);
    let body: unknown = text;
    let json = false;
    try {
      body = JSON.parse(text);
      json = true;
    } catch {
      /* keep the text */
    }
    const record: SubmissionRecord = { at, status: 0, body, headers: flatHeaders(req) };
    submissions.push(record);
    const reject = (status: number, code: string, message: string) => {
      record.status = status;
      record.code = code;
      log(`POST submit → ${status} ${code}: ${message}`);
      sendError(res, status, code, message);
    };

    if (!authorized(req)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');
    if ((req.headers['x-dashscope-async'] ?? '').toString().trim().toLowerCase() !== 'enable') {
      return reject(403, 'AccessDenied', 'current user api does not support synchronous calls');
    }
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return reject(
        400,
        'InvalidParameter',
        `Content-Type must be application/json; got ${JSON.stringify(req.headers['content-type'] ?? '')}.`,
      );
    }
    if (tooLarge) return reject(400, 'InvalidParameter', 'The request body is too large.');
    if (!json) return reject(400, 'InvalidParameter', 'The request body is not valid JSON.');
    let request: ValidRequest;
    try {
      const ossResolve = (req.headers['x-dashscope-ossresourceresolve'] ?? '').toString().trim().toLowerCase() === 'enable';
      request = validateSubmission(body, ossResolve, REGION_MODELS[options.region ?? 'beijing']);
    } catch (error) {
      if (error instanceof ParamError) return reject(400, 'InvalidParameter', error.message);
      throw error;
    }

    const fault = faults.submit.shift() as Extract<Fault, { on: 'submit' }> | undefined;
    if (fault) {
      switch (fault.reply) {
        case 'throttle':
          return reject(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
        case 'allocation-quota':
          return reject(429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.');
        case 'allocated-quota':
          return reject(429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.');
        case 'free-tier-only':
          return reject(403, 'AllocationQuota.FreeTierOnly', 'The free tier of the model has been exhausted.');
        case 'ip-infringement':
          return reject(400, 'IPInfringementSuspect', 'Input data is suspected of being involved in IP infringement.');
        case 'inspection-parameter':
          return reject(400, 'InvalidParameter.DataInspection', 'Input data may contain inappropriate content.');
        case 'arrearage':
          return reject(400, 'Arrearage', 'Access denied, please make sure your account is in good standing.');
        case 'content-rejected':
          return reject(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.');
        case 'server-error':
          return reject(500, 'InternalError', 'An internal error has occured, please try again later.');
        case 'drop': {
          const task = createTask(request, at);
          record.taskId = task.id;
          record.status = 0;
          log(`POST submit → (dropped) task ${task.id}`);
          res.destroy();
          return;
        }
        case 'gateway': {
          const task = createTask(request, at);
          record.taskId = task.id;
          record.status = 502;
          const page = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
          log(`POST submit → 502 (gateway page) task ${task.id}`);
          res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) }).end(page);
          return;
        }
      }
    }

    if (at - lastAcceptedAt < settings.minSubmitIntervalMs) {
      return reject(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
    }
    if (running(at) >= settings.maxConcurrentTasks) {
      return reject(429, 'Throttling', 'Requests throttling triggered.');
    }

    const task = createTask(request, at);
    record.status = 200;
    record.taskId = task.id;
    log(`POST submit → 200 task ${task.id} (${request.sourceLang}→${request.targetLang} ${request.imageUrl})`);
    sendJson(res, 200, { output: { task_status: 'PENDING', task_id: task.id }, request_id: randomUUID() });
  }

  function handleQuery(req: IncomingMessage, res: ServerResponse, rawId: string): void {
    const at = Date.now();
    let taskId = rawId;
    try {
      taskId = decodeURIComponent(rawId);
    } catch {
      /* keep raw */
    }
    const record: QueryRecord = { at, taskId, status: 0 };
    queries.push(record);
    const task = tasks.get(taskId);
    if (task) task.queries++;
    const reject = (status: number, code: string, message: string) => {
      record.status = status;
      log(`GET task ${taskId} → ${status} ${code}`);
      sendError(res, status, code, message);
    };
    if (!authorized(req)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');

    const fault = faults.query.shift() as Extract<Fault, { on: 'query' }> | undefined;
    if (fault) {
      switch (fault.reply) {
        case 'malformed': {
          record.status = 200;
          log(`GET task ${taskId} → 200 (malformed)`);
          const text = '{"request_id":"' + randomUUID() + '","output":{"task_id":"' + taskId + '","task_status":';
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
          return;
        }
        case 'server-error':
          return reject(500, 'InternalError', 'An internal error has occured, please try again later.');
        case 'throttle':
          return reject(429, 'Throttling', 'Requests throttling triggered.');
        case 'drop':
          log(`GET task ${taskId} → (dropped)`);
          res.destroy();
          return;
      }
    }

    record.status = 200;
    if (!task) {
      record.taskStatus = 'UNKNOWN';
      sendJson(res, 200, { request_id: randomUUID(), output: { task_id: taskId, task_status: 'UNKNOWN' } });
      return;
    }
    const status = task.statusAt(at);
    record.taskStatus = status;
    const output: Record<string, unknown> = { task_id: task.id, task_status: status, submit_time: providerTime(task.submittedAt) };
    const reply: Record<string, unknown> = { request_id: randomUUID(), output };
    if (status !== 'PENDING' && status !== 'CANCELED' && task.scheduledAt !== undefined)
      output.scheduled_time = providerTime(task.scheduledAt);
    if (status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELED') output.end_time = providerTime(task.endsAt);
    if (status === 'SUCCEEDED') {
      output.image_url = task.resultUrl;
      if (task.outcome === 'no-text') output.message = NO_TEXT_MESSAGE;
      reply.usage = { image_count: 1 };
    } else if (status === 'FAILED') {
      const failure =
        task.failure ??
        (task.outcome === 'content-rejected'
          ? { code: 'data_inspection_failed', message: 'Output data may contain inappropriate content.' }
          : { code: 'InternalError', message: 'An internal error has occured, please try again later.' });
      output.code = failure.code;
      output.message = failure.message;
    }
    log(`GET task ${taskId} → ${status}`);
    sendJson(res, 200, reply);
  }

  const asNumber = (value: number) => (settings.policyNumbersAsText ? String(value) : value);

  function handlePolicy(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const at = Date.now();
    const record: PolicyRecord = { at, status: 0 };
    policyRequests.push(record);
    const reject = (status: number, code: string, message: string) => {
      record.status = status;
      record.code = code;
      log(`GET uploads policy → ${status} ${code}: ${message}`);
      sendError(res, status, code, message);
    };
    if (!authorized(req)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');
    const action = url.searchParams.get('action');
    const model = url.searchParams.get('model');
    if (!action) return reject(400, 'InvalidParameter', 'Field required: action (getPolicy).');
    if (action !== 'getPolicy')
      return reject(400, 'InvalidParameter', `Unknown action: ${JSON.stringify(action)}. This API takes action=getPolicy.`);
    if (!model) return reject(400, 'InvalidParameter', 'Field required: model.');
    if (model !== REGION_MODELS[options.region ?? 'beijing']) return reject(400, 'InvalidParameter', MODEL_NOT_EXIST);

    const fault = faults.policy.shift() as Extract<Fault, { on: 'policy' }> | undefined;
    if (fault?.reply === 'server-error') return reject(500, 'InternalError', 'An internal error has occured, please try again later.');

    const userHash = createHash('md5').update(settings.apiKey).digest('hex');
    const uploadDir = `dashscope-instant/${userHash}/${providerTime(at).slice(0, 10)}/${randomUUID()}`;
    const expiresAt = at + UPLOAD_POLICY_EXPIRE_SECONDS * 1000;
    const acl = 'private';
    const forbidOverwrite = 'true';
    const document = {
      expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      conditions: [
        ['content-length-range', 0, UPLOAD_MAX_FILE_SIZE_MB * 1024 * 1024],
        ['starts-with', '$key', uploadDir],
        { bucket: 'dashscope-file-mgr' },
        { 'x-oss-object-acl': acl },
        { 'x-oss-forbid-overwrite': forbidOverwrite },
        { success_action_status: '200' },
      ],
    };
    const policy = Buffer.from(JSON.stringify(document)).toString('base64');
    const signature = createHmac('sha1', ossSecret).update(policy).digest('base64');
    issuedPolicies.set(policy, { signature, uploadDir, acl, forbidOverwrite, expiresAt });
    record.status = 200;
    record.uploadDir = uploadDir;
    log(`GET uploads policy → 200 ${uploadDir}`);
    sendJson(res, 200, {
      request_id: randomUUID(),
      data: {
        policy,
        signature,
        upload_dir: uploadDir,
        upload_host: baseUrl + OSS_UPLOAD_PATH,
        expire_in_seconds: asNumber(UPLOAD_POLICY_EXPIRE_SECONDS),
        max_file_size_mb: asNumber(UPLOAD_MAX_FILE_SIZE_MB),
        capacity_limit_mb: asNumber(999999999),
        oss_access_key_id: ossAccessKeyId,
        x_oss_object_acl: acl,
        x_oss_forbid_overwrite: forbidOverwrite,
      },
    });
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const maxFile = UPLOAD_MAX_FILE_SIZE_MB * 1024 * 1024;
    const { bytes: raw, tooLarge } = await readRaw(req, maxFile + 64 * 1024);
    const record: UploadRecord = { at, status: 0, bytes: 0 };
    uploads.push(record);
    const reject = (status: number, code: string, message: string) => {
      record.status = status;
      record.code = code;
      log(`POST oss-upload ${record.key ?? ''} → ${status} ${code}: ${message}`);
      sendOssError(res, status, code, message);
    };

    const boundary = multipartBoundary(req.headers['content-type']);
    const parts = boundary && !tooLarge ? parseMultipart(raw, boundary) : undefined;
    // OSS takes the form fields before `file` (names case-insensitive) and ignores whatever follows it.
    const fileIndex = parts ? parts.findIndex((p) => p.name === 'file') : -1;
    const file = fileIndex >= 0 ? parts![fileIndex] : undefined;
    const fields = new Map<string, string>();
    for (const part of parts ? (fileIndex >= 0 ? parts.slice(0, fileIndex) : parts) : []) {
      const name = part.name.toLowerCase();
      if (!fields.has(name)) fields.set(name, part.data.toString('utf8'));
    }
    const ignored = new Set(fileIndex >= 0 ? parts!.slice(fileIndex + 1).map((p) => p.name.toLowerCase()) : []);
    record.key = fields.get('key');
    record.bytes = file?.data.length ?? 0;
    record.contentType = file?.contentType;

    const fault = faults.upload.shift() as Extract<Fault, { on: 'upload' }> | undefined;
    if (fault?.reply === 'server-error') return reject(500, 'InternalError', 'We encountered an internal error. Please try again.');
    if (fault?.reply === 'forbidden') return reject(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');

    if (tooLarge) return reject(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
    if (!boundary) {
      return reject(
        400,
        'InvalidArgument',
        `A PostObject request must be multipart/form-data with a boundary; got ${JSON.stringify(req.headers['content-type'] ?? '')}.`,
      );
    }
    if (!parts) return reject(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
    const missing = (label: string) => {
      const after = ignored.has(label.toLowerCase()) ? ' before the file field (fields after file are ignored)' : '';
      return `The form field ${label} is required${after}.`;
    };
    if (!file) return reject(400, 'InvalidArgument', 'The form field file is required, as the last field.');
    for (const label of ['OSSAccessKeyId', 'Signature', 'policy', 'key']) {
      if (!fields.get(label.toLowerCase())) return reject(400, 'InvalidArgument', missing(label));
    }
    if (fields.get('ossaccesskeyid') !== ossAccessKeyId) {
      return reject(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
    }
    const policy = fields.get('policy')!;
    const signature = createHmac('sha1', ossSecret).update(policy).digest('base64');
    if (fields.get('signature') !== signature) {
      return reject(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    const issued = issuedPolicies.get(policy);
    if (!issued || issued.signature !== signature || at > issued.expiresAt) {
      return reject(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
    }
    const condition = (text: string) => reject(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${text}`);
    const key = fields.get('key')!;
    if (!key.startsWith(issued.uploadDir + '/') || key.length === issued.uploadDir.length + 1) {
      return condition(`["starts-with", "$key", "${issued.uploadDir}"]`);
    }
    for (const [label, expected] of [
      ['x-oss-object-acl', issued.acl],
      ['x-oss-forbid-overwrite', issued.forbidOverwrite],
      ['success_action_status', '200'],
    ] as const) {
      const value = fields.get(label);
      if (value === undefined) return condition(`["eq", "$${label}", "${expected}"] (${missing(label)})`);
      if (value !== expected) return condition(`["eq", "$${label}", "${expected}"]`);
    }
    if (file.data.length === 0) return reject(400, 'InvalidArgument', 'The file is empty.');
    if (file.data.length > maxFile) return reject(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
    if (issued.forbidOverwrite.toLowerCase() === 'true' && uploadedFiles.has(key)) {
      return reject(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.');
    }
    const bytes = Buffer.from(file.data);
    uploadedFiles.set(key, { key, bytes, contentType: file.contentType, filename: file.filename, at });
    record.status = 200;
    log(`POST oss-upload ${key} → 200 (${bytes.length} bytes${file.contentType ? `, ${file.contentType}` : ''})`);
    const requestId = randomBytes(12).toString('hex').toUpperCase();
    res.writeHead(200, {
      ETag: `"${createHash('md5').update(bytes).digest('hex').toUpperCase()}"`,
      'x-oss-request-id': requestId,
      'Content-Length': 0,
    });
    res.end();
  }

  function resultBytes(task: Task): Buffer {
    if (task.result) return task.result;
    const source = task.source!;
    task.result =
      task.outcome === 'no-text' ? source.bytes : (settings.resultFor?.(source) ?? solidPng(source.width, source.height, TRANSLATED_RGB));
    return task.result;
  }

  function handleResult(res: ServerResponse, name: string): void {
    const match = /^([^/]+)\.png$/.exec(name);
    const task = match ? tasks.get(match[1]!) : undefined;
    if (!task || task.status !== 'SUCCEEDED' || !task.source) {
      sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      return;
    }
    if (faults.download.shift()) {
      sendError(res, 429, 'Throttling', 'Too many requests.');
      return;
    }
    const bytes = resultBytes(task);
    const format = readImageHeader(bytes)?.format;
    res.writeHead(200, { 'Content-Type': format ? mimeTypeOf(format) : 'image/png', 'Content-Length': bytes.length });
    res.end(bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': `Authorization, Content-Type, X-DashScope-Async, ${OSS_RESOLVE_HEADER}`,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (req.method === 'POST' && path === SUBMIT_PATH) return handleSubmit(req, res);
    if (req.method === 'GET' && path === UPLOADS_PATH) return handlePolicy(req, res, url);
    if (req.method === 'POST' && path === OSS_UPLOAD_PATH) return handleUpload(req, res);
    if (
      req.method === 'GET' &&
      path.startsWith(TASK_PATH_PREFIX) &&
      path.length > TASK_PATH_PREFIX.length &&
      !path.slice(TASK_PATH_PREFIX.length).includes('/')
    ) {
      return handleQuery(req, res, path.slice(TASK_PATH_PREFIX.length));
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith(RESULT_PATH_PREFIX)) {
      return handleResult(res, path.slice(RESULT_PATH_PREFIX.length));
    }
    log(`${req.method} ${path} → 404`);
    sendError(res, 404, 'NotFound', `No such API: ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[fake-dashscope] handler error', error);
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'Fake server error.');
      else res.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  baseUrl = listenUrl(host, (server.address() as AddressInfo).port);

  function abortAll(): void {
    for (const task of tasks.values()) task.abort.abort();
  }

  const fake: FakeDashScope = {
    url: baseUrl,
    options: settings,
    inject(...list) {
      for (const fault of list) faults[fault.on].push(fault);
    },
    submissions,
    queries,
    policyRequests,
    uploads,
    uploadedFiles,
    tasks: tasks as Map<string, FakeTask>,
    tasksCreated: () => tasks.size,
    queriesFor: (taskId) => queries.filter((q) => q.taskId === taskId).length,
    async waitForTask(taskId, statuses = ['SUCCEEDED', 'FAILED', 'CANCELED'], timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const task = tasks.get(taskId);
        if (task && statuses.includes(task.status)) return task;
        if (Date.now() > deadline)
          throw new Error(`Task ${taskId} is ${task?.status ?? 'unknown'}, not ${statuses.join('/')}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      abortAll();
      submissions.length = 0;
      queries.length = 0;
      tasks.clear();
      faults.submit.length = 0;
      faults.query.length = 0;
      faults.task.length = 0;
      faults.policy.length = 0;
      faults.upload.length = 0;
      faults.download.length = 0;
      policyRequests.length = 0;
      uploads.length = 0;
      uploadedFiles.clear();
      issuedPolicies.clear();
      lastAcceptedAt = -Infinity;
      drawn = 0;
      Object.assign(settings, defaults);
    },
    async close() {
      abortAll();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

// ---------------------------------------------------------------------------------------------------------
// Standalone

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return resolve(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** "4700-7300" (and a seed, 1 by default) as a DurationRange. */
function durationRange(text: string | undefined, seed = 1): DurationRange | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--duration-range needs MIN-MAX in ms, got ${text}`);
  return { minMs: Number(match[1]), maxMs: Number(match[2]), seed };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const number = (flag: string) => {
    const v = value(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got ${v}`);
    return n;
  };
  let resultFor: FakeDashScopeOptions['resultFor'];
  if (args.includes('--demo')) {
    const demo = (await import('../fixtures/demo-translations')) as { demoResultFor: FakeDashScopeOptions['resultFor'] };
    resultFor = demo.demoResultFor;
  }
  const fake = await startFakeDashScope({
    port: number('--port') ?? 8787,
    host: value('--host'),
    apiKey: value('--key'),
    taskDurationMs: number('--duration'),
    taskDurationRange: durationRange(value('--duration-range'), number('--seed')),
    log: args.includes('--log') || !args.includes('--quiet'),
    resultFor,
  });
  console.log(
    `Fake DashScope (qwen-mt-image) listening on ${fake.url}  key=${fake.options.apiKey}  duration=${fake.options.taskDurationMs}ms`,
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isEntryModule()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

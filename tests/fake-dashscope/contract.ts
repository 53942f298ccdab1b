/**
 * What the fake offers its users (tests, the demo, the benchmark): its paths and constants, the options it
 * starts with, the records it keeps and the handle it returns. `server.ts` re-exports all of it.
 */
import type { Fault } from './faults';

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

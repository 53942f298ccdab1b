import type { DashScopeClient } from '../dashscope/client';
import type { TranslationRequest } from '../dashscope/request';
import type { BlobStore, ResultCache } from '../cache';
import type { JobView, PageCounts, PartOf } from '../protocol';
import type { SliceRect } from '../slices';
import type { EngineMemory, Job, Target } from './jobs';
import type { Learned, Pressure, TaskSeen } from './poll-schedule';

export type EngineProblem =
  | { kind: 'dropped-jobs'; count: number }
  | { kind: 'save-failed'; error: unknown }
  /** A fault of the engine's own (a bug): the job it hit failed, and the engine goes on. */
  | { kind: 'unexpected'; error: unknown };

/** Why no client can be had for a job's endpoint. */
export type NoClient = 'no-key' | 'endpoint-changed';

export interface EngineDeps {
  /**
   * A client for the endpoint with the key saved for it. A job made for another endpoint than the one the key
   * is now saved for gets none: the key never goes to a host it was not saved for.
   */
  clientFor(endpoint: string): Promise<DashScopeClient | NoClient>;
  cache: ResultCache;
  /** Pictures read from pages, by job id, until uploaded. */
  pending: BlobStore;
  /**
   * Reads the picture from the page that shows it (with its cookies), with the origin that read it; used when
   * the service could not download an address that looked public, such as an image behind a login, and when
   * the bytes waiting for upload are no longer kept. `rect`: only that slice of a long picture.
   */
  readFromPage?(target: Target, rect?: SliceRect): Promise<{ picture: Blob; origin: string } | undefined>;
  /** Shows a job on one image; false when that tab or frame is gone. */
  deliver(target: Target, view: JobView): Promise<boolean>;
  /** Told after a job changed and was shown (to keep per-tab progress current). */
  changed?(job: Job): void;
  /**
   * A task SUCCEEDED: the service bills it, "No text detected" included. Rarely told twice for one task (the
   * worker stopped before the job moved on); `taskId` tells them apart. Never told for a cache hit.
   */
  billed?(job: Job, taskId: string, noText: boolean): unknown;
  /** A task's result is in the cache (none for "No text detected"), after the job was shown done. */
  translated?(job: Job, noText: boolean): unknown;
  /** What is stored: validated job by job when loaded. */
  load(): Promise<unknown>;
  save(memory: EngineMemory): Promise<void>;
  /**
   * Told of what went wrong outside any one job: stored jobs that could not be read (dropped), or memory that
   * could not be saved (the engine goes on from what it holds).
   */
  problem?(problem: EngineProblem): void;
  /**
   * The user's monthly limit and the images billed so far this month. Every submission counts against the
   * limit from the moment it is sent until its task is known to have failed.
   */
  spending?(): Promise<{ limit: number | null; billedThisMonth: number }>;
  /** Asks for `tick` at this time (null: nothing to wait for). */
  wakeAt(time: number | null): void;
  now(): number;
  newId(): string;
  /**
   * When to ask next about a task; adaptive unless a benchmark compares another schedule. A function of what it is
   * given: the same task asked again later, on the same knowledge, must get the same next query (the engine plans
   * again whenever it looks).
   */
  queryDelay?: (task: TaskSeen, learned: Learned, pressure: Pressure) => number;
}

export interface Engine {
  /**
   * Translates an image for a target, reusing a cached result or a job already under way. `upload` is the
   * picture itself, for one the service cannot download by address; `part`, the slice of a long picture it is.
   */
  request(request: TranslationRequest, endpoint: string, target: Target, upload?: Blob, part?: PartOf): Promise<void>;
  /**
   * Translates a picture once more, from the history: a new task whatever the cache holds (its result
   * replaces the cached one), with no page waiting for it. Returns the job's id.
   */
  again(request: TranslationRequest, endpoint: string, pageUrl?: string): Promise<string>;
  /** The user asked again after a failure (only a target of the job may). */
  retry(jobId: string, tabId: number): Promise<void>;
  /**
   * Withdraws a tab (or one frame of it, whose document went away) from every job not yet sent; a job nobody
   * else waits for is cancelled, unbilled.
   */
  cancelWaiting(tabId: number, frameId?: number): Promise<void>;
  /** How the jobs of a tab asked for since `since` stand. */
  progress(tabId: number, since: number): Promise<PageCounts>;
  /** Picks up every unfinished job after the worker started. */
  resume(): Promise<void>;
  /**
   * The user's monthly limit when `images` more would pass it, counting those sent and waiting; else null. A long
   * picture's parts are sent all or none.
   */
  limitFor(images: number): Promise<number | null>;
  /**
   * How long `images` new images of a model would take, from the first submission to the last task's end: at the
   * model's pace now, with tasks as long as recent ones were (or the usual 6 s before any).
   */
  estimateMs(images: number, model: string): Promise<number>;
  tick(): Promise<void>;
}

// The engine's test harness, shared by its topic files (engine-*.test.ts): a scripted provider, a clock, storage.
import type { DashScopeClient, TaskResult } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { TranslationRequest } from '../dashscope/request';
import { jobWords, type Words } from '../failure-words';
import type { JobView } from '../protocol';
import { createEngine, type EngineDeps } from './engine';
import type { EngineMemory, Job, Target } from './jobs';
import { paceOf } from './pace';
import { QUERY_WINDOW_MS } from './query-budget';

/** qwen-mt-image's listed limits: one submission a second, two tasks at a time. */
export const { gapMs: MIN_SUBMIT_GAP_MS, maxInFlight: MAX_IN_FLIGHT } = paceOf('qwen-mt-image');

export const request = (n = 1): TranslationRequest => ({
  model: 'qwen-mt-image',
  imageUrl: `https://shop.example/${n}.png`,
  sourceLang: 'auto',
  targetLang: 'en',
});
export const target = (tabId = 1, srcUrl = 'https://shop.example/1.png'): Target => ({ tabId, frameId: 0, srcUrl });

export type Step = 'ok' | DashScopeError;

/** What a worker stopped while job-1 was being submitted leaves in storage. */
export function stoppedMidSubmission(job: Partial<Job> = {}): EngineMemory {
  const stopped: Job = {
    id: 'job-1',
    cacheKey: 'k',
    endpoint: 'https://dashscope.example',
    request: request(),
    targets: [target()],
    requestedAt: 1,
    state: { name: 'submitting', since: 1 },
    ...job,
  };
  return { submitPace: {}, recentDurationsMs: [], recentQueuedMs: [], jobs: { [stopped.id]: stopped } };
}

/**
 * A scripted provider: tasks take `durationMs` of the harness clock from their submission (or the task's own, by
 * its number from 1), PENDING for the first `queuedMs` of it; faults are consumed in order.
 */
export function scriptedProvider(
  clock: { now: number },
  durationMs: number | ((task: number) => number) = 6_000,
  queuedMs = 0,
  /** How long after a submission arrives its answer does (the harness clock moves on meanwhile). */
  answerMs = 0,
) {
  const submits: number[] = [];
  /** Every submission sent, accepted or not, by the harness clock. */
  const submitAttempts: number[] = [];
  const submittedUrls: string[] = [];
  const uploads: string[] = [];
  const uploadModels: string[] = [];
  const submittedModels: string[] = [];
  const uploadSteps: Step[] = [];
  const queries: string[] = [];
  /** When each query was asked, by the harness clock. */
  const queryTimes: number[] = [];
  /** Task id → when it was submitted, how long it runs, and the address it was sent. */
  const tasks = new Map<string, { at: number; durationMs: number; url?: string }>();
  const durationOf = (n: number) => (typeof durationMs === 'number' ? durationMs : durationMs(n));
  /** Addresses the service cannot download (behind a login): their tasks FAIL. */
  const unreachable = new Set<string>();
  const submitSteps: Step[] = [];
  const querySteps: (Step | TaskResult)[] = [];
  const downloadSteps: Step[] = [];
  const client: DashScopeClient = {
    async submit(request) {
      submitAttempts.push(clock.now);
      const step = submitSteps.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      submits.push(clock.now);
      submittedUrls.push(request.input.image_url);
      submittedModels.push(request.model);
      const taskId = `task-${submits.length}`;
      tasks.set(taskId, { at: clock.now, durationMs: durationOf(submits.length), url: request.input.image_url });
      clock.now += answerMs;
      return { taskId };
    },
    async query(taskId) {
      queries.push(taskId);
      queryTimes.push(clock.now);
      const step = querySteps.shift() ?? 'ok';
      if (step instanceof DashScopeError) throw step;
      if (step !== 'ok') return step;
      const task = tasks.get(taskId);
      if (task === undefined) return { status: 'UNKNOWN' };
      if (task.url && unreachable.has(task.url)) return { status: 'FAILED', code: 'InvalidParameter', message: 'download failed' };
      const age = clock.now - task.at;
      if (age >= task.durationMs) {
        const done = { imageUrl: `https://oss.example/${taskId}.png`, noTextDetected: false, imageCount: 1 };
        return { status: 'SUCCEEDED', ...done, durationMs: task.durationMs, queuedMs };
      }
      return age < queuedMs ? { status: 'PENDING' } : { status: 'RUNNING', queuedMs };
    },
    async download() {
      const step = downloadSteps.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      return new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    },
    async checkKey() {},
    async upload(_image, filename, model) {
      const step = uploadSteps.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      uploads.push(filename);
      uploadModels.push(model);
      return `oss://uploads/${uploads.length}/${filename}`;
    },
  };
  return {
    client,
    submits,
    submitAttempts,
    submittedUrls,
    submittedModels,
    uploads,
    uploadModels,
    uploadSteps,
    queries,
    queryTimes,
    tasks,
    submitSteps,
    querySteps,
    downloadSteps,
    unreachable,
  };
}

export function harness(
  options: {
    durationMs?: number | ((task: number) => number);
    queuedMs?: number;
    answerMs?: number;
    /** What storage holds at start: an engine memory, or anything a corrupted store may hold. */
    memory?: unknown;
    key?: boolean;
    hooks?: Partial<Pick<EngineDeps, 'billed' | 'translated' | 'changed' | 'spending' | 'clientFor'>>;
    /** Slow the cache's reads and the storing of pictures, to let two requests overlap. */
    cacheDelayMs?: number;
    pendingDelayMs?: number;
  } = {},
) {
  const clock = { now: 1_000_000 };
  const provider = scriptedProvider(clock, options.durationMs, options.queuedMs, options.answerMs);
  let stored: unknown = structuredClone(options.memory ?? { jobs: {}, submitPace: {}, recentDurationsMs: [], recentQueuedMs: [] });
  const loads = { count: 0 };
  /** Saves to refuse, as a full storage would. */
  const saveFaults: Error[] = [];
  /** Puts into the result cache to refuse. */
  const cacheFaults: Error[] = [];
  const problems: unknown[] = [];
  const cache = new Map<string, Blob>();
  const pending = new Map<string, Blob>();
  /** What the pages give when read: the picture, and each tab's origin (shop.example unless told). */
  const pagePicture: { blob?: Blob; origins: Record<number, string> } = { origins: {} };
  /** Each view with the words its page would show for it (made at the edge, as the page does). */
  const delivered: { target: Target; view: JobView & Partial<Words> }[] = [];
  const pageReads: number[] = [];
  /** The slice asked for at each read of a long picture's part. */
  const pageRects: unknown[] = [];
  const gone = new Set<number>();
  let wake: number | null = null;
  let ids = 0;
  const engine = createEngine({
    clientFor: async () => (options.key === false ? 'no-key' : provider.client),
    cache: {
      get: async (key) => {
        if (options.cacheDelayMs) await new Promise((resolve) => setTimeout(resolve, options.cacheDelayMs));
        return cache.get(key);
      },
      put: async (key, blob) => {
        const fault = cacheFaults.shift();
        if (fault) throw fault;
        cache.set(key, blob);
      },
    },
    pending: {
      get: async (key) => pending.get(key),
      put: async (key, blob) => {
        if (options.pendingDelayMs) await new Promise((resolve) => setTimeout(resolve, options.pendingDelayMs));
        pending.set(key, blob);
      },
      delete: async (key) => void pending.delete(key),
    },
    readFromPage: async (t, rect) => {
      pageReads.push(t.tabId);
      if (rect) pageRects.push(rect);
      return pagePicture.blob && { picture: pagePicture.blob, origin: pagePicture.origins[t.tabId] ?? 'https://shop.example' };
    },
    deliver: async (t, view) => {
      if (gone.has(t.tabId)) return false;
      delivered.push({ target: t, view: { ...view, ...jobWords(view) } });
      return true;
    },
    load: async () => {
      loads.count++;
      return structuredClone(stored);
    },
    save: async (memory) => {
      const fault = saveFaults.shift();
      if (fault) throw fault;
      stored = structuredClone(memory);
    },
    problem: (problem) => void problems.push(problem),
    wakeAt: (time) => void (wake = time),
    now: () => clock.now,
    newId: () => `job-${++ids}`,
    ...options.hooks,
  });
  const flush = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  /** Follows the engine's own wake-ups, as the worker's timers would, until nothing is left to do. */
  async function runUntilIdle(limit = 500) {
    await flush();
    for (let i = 0; i < limit && wake !== null; i++) {
      clock.now = Math.max(clock.now, wake);
      await engine.tick();
      await flush();
    }
  }
  const phases = (tabId = 1) => delivered.filter((d) => d.target.tabId === tabId).map((d) => d.view.phase);
  return {
    engine,
    clock,
    provider,
    cache,
    pending,
    pagePicture,
    pageReads,
    pageRects,
    delivered,
    gone,
    runUntilIdle,
    flush,
    phases,
    loads,
    saveFaults,
    cacheFaults,
    problems,
    memory: () => stored as EngineMemory,
  };
}

/** The most queries asked within any one window of the budget, by the harness clock. */
export const busiestWindow = (times: number[]) =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + QUERY_WINDOW_MS).length));
export const closest = (times: number[]) => Math.min(...times.slice(1).map((t, i) => t - times[i]!));

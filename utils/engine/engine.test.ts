import { describe, expect, it } from 'vitest';
import type { DashScopeClient, TaskResult } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { TranslationRequest } from '../dashscope/request';
import { cacheKeyFor } from '../cache';
import { jobWords, type Words } from '../failure-words';
import type { JobView } from '../protocol';
import { createEngine, type EngineDeps } from './engine';
import type { EngineMemory, Job, Target } from './jobs';
import { PROBE_MS } from './poll-schedule';
import { bestMakespan, paceOf } from './pace';
import { MIN_QUERY_GAP_MS, QUERIES_PER_WINDOW, QUERY_WINDOW_MS } from './query-budget';

/** qwen-mt-image's listed limits: one submission a second, two tasks at a time. */
const { gapMs: MIN_SUBMIT_GAP_MS, maxInFlight: MAX_IN_FLIGHT } = paceOf('qwen-mt-image');

const request = (n = 1): TranslationRequest => ({
  model: 'qwen-mt-image',
  imageUrl: `https://shop.example/${n}.png`,
  sourceLang: 'auto',
  targetLang: 'en',
});
const target = (tabId = 1, srcUrl = 'https://shop.example/1.png'): Target => ({ tabId, frameId: 0, srcUrl });

type Step = 'ok' | DashScopeError;

/** What a worker stopped while job-1 was being submitted leaves in storage. */
function stoppedMidSubmission(job: Partial<Job> = {}): EngineMemory {
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
function scriptedProvider(
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

function harness(
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
    readFromPage: async (t) => {
      pageReads.push(t.tabId);
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
const busiestWindow = (times: number[]) => Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + QUERY_WINDOW_MS).length));
const closest = (times: number[]) => Math.min(...times.slice(1).map((t, i) => t - times[i]!));

describe('the engine', () => {
  it('submits once, polls, downloads, and shows the image', async () => {
    const h = harness();
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.phases()).toEqual(['queued', 'submitting', 'translating', 'downloading', 'done']);
    const done = h.delivered.at(-1)!.view;
    expect(done.image).toBe('data:image/png;base64,AQID');
    expect(h.cache.size).toBe(1);
  });

  it('tells each billed task once it SUCCEEDED, "No text detected" too, and nothing for a cache hit', async () => {
    const billed: [string, string, boolean][] = [];
    const translated: [string, boolean][] = [];
    const h = harness({
      hooks: {
        billed: (job, taskId, noText) => void billed.push([job.id, taskId, noText]),
        translated: (job, noText) => void translated.push([job.id, noText]),
      },
    });
    await h.engine.request(request(1), 'https://dashscope.example', target());
    await h.runUntilIdle();
    h.provider.querySteps.push({ status: 'SUCCEEDED', imageUrl: 'https://oss.example/task-2.png', noTextDetected: true, imageCount: 1 });
    await h.engine.request(request(2), 'https://dashscope.example', target(1, 'https://shop.example/2.png'));
    await h.runUntilIdle();
    await h.engine.request(request(1), 'https://dashscope.example', target(2));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(2);
    expect(billed).toEqual([
      ['job-1', 'task-1', false],
      ['job-2', 'task-2', true],
    ]);
    expect(translated).toEqual([
      ['job-1', false],
      ['job-2', true],
    ]);
  });

  it('finishes the translation when the usage bookkeeping fails', async () => {
    const h = harness({
      hooks: {
        billed: () => Promise.reject(new Error('storage full')),
        translated: () => {
          throw new Error('no canvas');
        },
      },
    });
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.phases()).toEqual(['queued', 'submitting', 'translating', 'downloading', 'done']);
  });

  it('translates again from the history: a new task though the result is cached, followed through `changed`', async () => {
    const states = new Map<string, string[]>();
    const pages: (string | undefined)[] = [];
    const h = harness({
      hooks: {
        changed: (job) => states.set(job.id, [...new Set([...(states.get(job.id) ?? []), job.state.name])]),
        translated: (job) => void pages.push(job.again?.pageUrl),
      },
    });
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    const jobId = await h.engine.again(request(), 'https://dashscope.example', 'https://shop.example/product');
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(2);
    expect(states.get(jobId)).toEqual(['queued', 'submitting', 'polling', 'downloading', 'done']);
    expect(pages).toEqual([undefined, 'https://shop.example/product']);
    // The tab that showed the first translation is not sent the second.
    expect(h.phases()).toEqual(['queued', 'submitting', 'translating', 'downloading', 'done']);
  });

  it('asks for status at most 5 times for a 6-second task once it knows the typical duration', async () => {
    const h = harness({ memory: { jobs: {}, submitPace: {}, recentDurationsMs: [6_000, 6_000, 6_000], recentQueuedMs: [] } });
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.provider.queries.length).toBeLessThanOrEqual(5);
    expect(h.provider.queries.length).toBeGreaterThanOrEqual(1);
  });

  it('makes one task of the same image asked for twice, and shows it on both', async () => {
    const h = harness();
    await h.engine.request(request(), 'https://dashscope.example', target(1));
    await h.engine.request(request(), 'https://dashscope.example', target(2));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.phases(1).at(-1)).toBe('done');
    expect(h.phases(2).at(-1)).toBe('done');
  });

  it('shows a cached translation without creating a task', async () => {
    const h = harness();
    await h.engine.request(request(), 'https://dashscope.example', target(1));
    await h.runUntilIdle();
    await h.engine.request(request(), 'https://dashscope.example', target(2));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.delivered.filter((d) => d.target.tabId === 2).map((d) => d.view.phase)).toEqual(['done']);
  });

  it('never has more than two tasks in flight, nor submits faster than once a second', async () => {
    const h = harness();
    for (let n = 1; n <= 6; n++)
      await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(6);
    h.provider.submits.slice(1).forEach((at, i) => expect(at - h.provider.submits[i]!).toBeGreaterThanOrEqual(MIN_SUBMIT_GAP_MS));
    // With 6 s tasks and two at a time, the third submission waits for the first task to end.
    expect(h.provider.submits[2]! - h.provider.submits[0]!).toBeGreaterThanOrEqual(6_000);
  });

  it('counts the second between submissions from the answer to the last one, however slow it came', async () => {
    const h = harness({ durationMs: 1_500, answerMs: 400 });
    for (let n = 1; n <= 3; n++)
      await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(3);
    h.provider.submits.slice(1).forEach((at, i) => expect(at - (h.provider.submits[i]! + 400)).toBeGreaterThanOrEqual(MIN_SUBMIT_GAP_MS));
  });

  it('backs off after throttling and then submits the same request once', async () => {
    const h = harness();
    h.provider.submitSteps.push(
      new DashScopeError('throttled', 'slow down', 'Throttling.RateQuota', 429),
      new DashScopeError('throttled', 'slow down', 'Throttling', 429),
    );
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.phases().at(-1)).toBe('done');
  });

  describe('each model at its own pace', () => {
    const requestOf = (n: number, model: string): TranslationRequest => ({ ...request(n), model });
    const gaps = (times: number[]) => times.slice(1).map((at, i) => at - times[i]!);

    it('sends qwen-mt-image-2.0 one task a minute, and a model the user typed no faster', async () => {
      for (const model of ['qwen-mt-image-2.0', 'my-gateway-model']) {
        const h = harness();
        for (let n = 1; n <= 3; n++)
          await h.engine.request(requestOf(n, model), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
        await h.runUntilIdle();
        expect(h.provider.submittedModels).toEqual([model, model, model]);
        gaps(h.provider.submits).forEach((gap) => expect(gap).toBeGreaterThanOrEqual(60_000));
      }
    });

    it('lets qwen-mt-image tasks go while a qwen-mt-image-2.0 task waits for its minute', async () => {
      const h = harness();
      await h.engine.request(requestOf(1, 'qwen-mt-image-2.0'), 'https://dashscope.example', target(1, 'https://shop.example/1.png'));
      await h.engine.request(requestOf(2, 'qwen-mt-image-2.0'), 'https://dashscope.example', target(1, 'https://shop.example/2.png'));
      await h.engine.request(requestOf(3, 'qwen-mt-image'), 'https://dashscope.example', target(1, 'https://shop.example/3.png'));
      await h.engine.request(requestOf(4, 'qwen-mt-image'), 'https://dashscope.example', target(1, 'https://shop.example/4.png'));
      await h.runUntilIdle();
      expect(h.provider.submittedModels).toEqual(['qwen-mt-image-2.0', 'qwen-mt-image', 'qwen-mt-image', 'qwen-mt-image-2.0']);
      expect(h.provider.submits[3]! - h.provider.submits[0]!).toBeGreaterThanOrEqual(60_000);
    });

    it('slows a model down on each 429 of a submission, and comes back one step per accepted task', async () => {
      const h = harness({ durationMs: 500 });
      h.provider.submitSteps.push(
        new DashScopeError('throttled', 'slow down', 'Throttling.RateQuota', 429),
        new DashScopeError('throttled', 'slow down', 'Throttling.RateQuota', 429),
      );
      for (let n = 1; n <= 4; n++)
        await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(4);
      // Refused, refused: the gap doubles twice; accepted, accepted: it halves back to the listed second.
      expect(gaps(h.provider.submitAttempts)).toEqual([2_000, 4_000, 2_000, 1_000, 1_000]);
    });

    it('keeps each model’s pace across a restart', async () => {
      const lastAt = 1_000_000 - 10_000;
      const h = harness({
        memory: { jobs: {}, submitPace: { 'qwen-mt-image-2.0': { lastAt, slowdown: 1 } }, recentDurationsMs: [], recentQueuedMs: [] },
      });
      await h.engine.request(requestOf(1, 'qwen-mt-image-2.0'), 'https://dashscope.example', target());
      await h.engine.request(request(2), 'https://dashscope.example', target(1, 'https://shop.example/2.png'));
      await h.runUntilIdle();
      expect(h.provider.submittedModels).toEqual(['qwen-mt-image', 'qwen-mt-image-2.0']);
      expect(h.provider.submits[1]).toBeGreaterThanOrEqual(lastAt + 120_000);
    });

    it('estimates a batch from the model’s pace and the tasks’ usual duration', async () => {
      const fresh = harness();
      // Submitted at 0, 1 and 2 minutes, 6 s each before anything is learned.
      expect(await fresh.engine.estimateMs(3, 'qwen-mt-image-2.0')).toBe(126_000);
      const learned = harness({ memory: { jobs: {}, submitPace: {}, recentDurationsMs: [3_000, 3_000, 3_000], recentQueuedMs: [] } });
      expect(await learned.engine.estimateMs(6, 'qwen-mt-image')).toBe(bestMakespan(Array<number>(6).fill(3_000)));
    });
  });

  it('retries failed and malformed status replies, and still lands', async () => {
    const h = harness();
    h.provider.querySteps.push(
      new DashScopeError('server', 'oops', 'InternalError', 500),
      new DashScopeError('malformed', '???'),
      new DashScopeError('network', 'dropped'),
    );
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.phases().at(-1)).toBe('done');
  });

  it('does not resubmit a submission that got no answer, until the user asks', async () => {
    const h = harness();
    h.provider.submitSteps.push(new DashScopeError('network', 'dropped'));
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.phases().at(-1)).toBe('uncertain');
    expect(h.delivered.at(-1)!.view.action).toBe('retry');
    expect(h.provider.submits).toHaveLength(0);

    await h.engine.retry('job-1', 1);
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(1);
    expect(h.phases().at(-1)).toBe('done');
  });

  it('ignores a retry from a tab that is not waiting for the job', async () => {
    const h = harness();
    h.provider.submitSteps.push(new DashScopeError('network', 'dropped'));
    await h.engine.request(request(), 'https://dashscope.example', target(1));
    await h.runUntilIdle();
    await h.engine.retry('job-1', 99);
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(0);
  });

  it('reports an unknown task instead of asking forever', async () => {
    const h = harness();
    h.provider.querySteps.push({ status: 'UNKNOWN' });
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    const last = h.delivered.at(-1)!.view;
    expect(last.phase).toBe('failed');
    expect(last.message).toContain('no longer knows this task');
  });

  it('says what a rejected key means, and offers the settings', async () => {
    const h = harness();
    h.provider.submitSteps.push(new DashScopeError('invalid-key', 'Invalid API-key provided.', 'InvalidApiKey', 401));
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.delivered.at(-1)!.view).toMatchObject({ phase: 'failed', action: 'open-settings' });
  });

  it('does not bill for an image nobody is waiting for any more', async () => {
    const h = harness();
    h.gone.add(1);
    await h.engine.request(request(), 'https://dashscope.example', target(1));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(0);
  });

  describe('pictures the service cannot download', () => {
    const picture = () => new Blob([new Uint8Array([9, 9])], { type: 'image/png' });

    it('are uploaded once and submitted by their oss:// address, and their bytes let go when done', async () => {
      const h = harness();
      await h.engine.request(request(), 'https://dashscope.example', target(), picture());
      await h.runUntilIdle();
      expect(h.provider.uploads).toEqual(['image.png']);
      expect(h.provider.submittedUrls).toEqual(['oss://uploads/1/image.png']);
      expect(h.phases().at(-1)).toBe('done');
      expect(h.pending.size).toBe(0);
    });

    it('are uploaded for the job’s own model, which the submission names too (a file is tied to a model)', async () => {
      const h = harness();
      await h.engine.request({ ...request(), model: 'qwen-mt-image-2.0' }, 'https://dashscope.example', target(), picture());
      await h.runUntilIdle();
      expect(h.provider.uploadModels).toEqual(['qwen-mt-image-2.0']);
      expect(h.provider.submittedModels).toEqual(['qwen-mt-image-2.0']);
    });

    it('read by pages of two origins are translated for each apart; a public address is shared', async () => {
      const h = harness();
      const inline = { model: 'qwen-mt-image', imageUrl: 'sha256:ab12', sourceLang: 'auto' as const, targetLang: 'en' as const };
      await h.engine.request({ ...inline, scope: 'https://shop.example' }, 'https://dashscope.example', target(1, 'ref:1'), picture());
      await h.runUntilIdle();
      await h.engine.request({ ...inline, scope: 'https://other.example' }, 'https://dashscope.example', target(2, 'ref:2'), picture());
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(2);
      expect(h.cache.size).toBe(2);

      await h.engine.request(request(), 'https://dashscope.example', target(1));
      await h.runUntilIdle();
      await h.engine.request(request(), 'https://dashscope.example', target(2));
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(3);
      expect(h.cache.size).toBe(3);
    });

    it('try an upload that did not get through again, creating one task', async () => {
      const h = harness();
      h.provider.uploadSteps.push(new DashScopeError('network', 'dropped'), new DashScopeError('server', 'oss 503', 'HTTP503', 503));
      await h.engine.request(request(), 'https://dashscope.example', target(), picture());
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(1);
      expect(h.provider.submits).toHaveLength(1);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('go on uploading after a worker stopped mid-upload, without calling it uncertain', async () => {
      const h = harness({ memory: stoppedMidSubmission({ upload: { filename: 'image.png' } }) });
      h.pending.set('job-1', picture());
      await h.engine.resume();
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(1);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('let their bytes go when the job fails, and read them from the page again on "Try again"', async () => {
      const h = harness();
      const upload = { ...request(), scope: 'https://shop.example' };
      h.provider.uploadSteps.push(new DashScopeError('access-denied', 'no', 'AccessDenied', 403));
      await h.engine.request(upload, 'https://dashscope.example', target(), picture());
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('failed');
      expect(h.pending.size).toBe(0);

      h.pagePicture.blob = picture();
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.pageReads).toEqual([1]);
      expect(h.provider.uploads).toEqual(['image.png']);
      expect(h.phases().at(-1)).toBe('done');
      expect(h.pending.size).toBe(0);
    });

    it('are not taken from a page of another origin on "Try again"', async () => {
      const h = harness();
      h.provider.uploadSteps.push(new DashScopeError('access-denied', 'no', 'AccessDenied', 403));
      await h.engine.request({ ...request(), scope: 'https://other.example' }, 'https://dashscope.example', target(), picture());
      await h.runUntilIdle();
      h.pagePicture.blob = picture();
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.provider.uploads).toEqual([]);
      expect(h.delivered.at(-1)!.view).toMatchObject({ phase: 'failed', message: expect.stringContaining('could not be read') });
    });

    it('are read from the page when the service could not download a public-looking address, and cached for its origin alone', async () => {
      const h = harness();
      h.pagePicture.blob = picture();
      h.provider.unreachable.add('https://shop.example/1.png');
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.provider.submittedUrls).toEqual(['https://shop.example/1.png', 'oss://uploads/1/image.png']);
      expect(h.phases().at(-1)).toBe('done');
      expect([...h.cache.keys()]).toEqual([await cacheKeyFor({ ...request(), scope: 'https://shop.example' })]);

      // Another site showing the same address is not given it: its own page is read, and its own task made.
      h.pagePicture.origins[2] = 'https://elsewhere.example';
      await h.engine.request(request(), 'https://dashscope.example', target(2));
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(2);
      expect(h.phases(2).at(-1)).toBe('done');
      expect(h.cache.size).toBe(2);

      // The first site again: the service still cannot download it, and the translation kept for it is shown.
      await h.engine.request(request(), 'https://dashscope.example', target(3));
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(2);
      expect(h.delivered.filter((d) => d.target.tabId === 3).at(-1)!.view).toMatchObject({
        phase: 'done',
        image: 'data:image/png;base64,AQID',
      });
    });

    it('leave images of another origin waiting for the same address to a job of their own', async () => {
      const h = harness();
      h.pagePicture.blob = picture();
      h.pagePicture.origins[2] = 'https://elsewhere.example';
      h.provider.unreachable.add('https://shop.example/1.png');
      await h.engine.request(request(), 'https://dashscope.example', target(1));
      await h.engine.request(request(), 'https://dashscope.example', target(2));
      await h.runUntilIdle();
      expect(h.provider.uploads).toHaveLength(2);
      expect(h.phases(1).at(-1)).toBe('done');
      expect(h.phases(2).at(-1)).toBe('done');
      const shownTo = (tabId: number) => h.delivered.filter((d) => d.target.tabId === tabId && d.view.phase === 'done')[0]!.view.jobId;
      expect(shownTo(1)).not.toBe(shownTo(2));
      expect(h.cache.size).toBe(2);
    });

    it('keep images of the same origin in the job when it turns to an upload: one task for them all', async () => {
      const h = harness();
      h.pagePicture.blob = picture();
      h.provider.unreachable.add('https://shop.example/1.png');
      await h.engine.request(request(), 'https://dashscope.example', target(1));
      await h.engine.request(request(), 'https://dashscope.example', target(2));
      await h.runUntilIdle();
      expect(h.provider.submittedUrls).toEqual(['https://shop.example/1.png', 'oss://uploads/1/image.png']);
      expect(h.phases(1).at(-1)).toBe('done');
      expect(h.phases(2).at(-1)).toBe('done');
    });
  });

  describe('after the worker restarts', () => {
    it('polls a job that has a task id and never submits it again', async () => {
      const first = harness();
      await first.engine.request(request(), 'https://dashscope.example', target());
      await first.flush();
      expect(first.provider.submits).toHaveLength(1);
      const second = harness({ memory: first.memory() });
      second.clock.now = first.clock.now + 10_000;
      second.provider.querySteps.push({
        status: 'SUCCEEDED',
        imageUrl: 'https://oss.example/task-1.png',
        noTextDetected: false,
        imageCount: 1,
      });
      await second.engine.resume();
      await second.runUntilIdle();
      expect(second.provider.submits).toHaveLength(0);
      expect(second.provider.queries).toEqual(['task-1']);
      expect(second.phases().at(-1)).toBe('done');
    });

    it('tells the user about a submission that may have been sent, and does not resend it', async () => {
      const h = harness({ memory: stoppedMidSubmission() });
      await h.engine.resume();
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(0);
      expect(h.delivered.at(-1)!.view).toMatchObject({ phase: 'uncertain', action: 'retry' });
    });
  });

  describe('never bills twice nor stalls', () => {
    it('loads its memory once when the worker starts with an alarm tick at the same moment, and fills no slot for good', async () => {
      const stopped = stoppedMidSubmission();
      stopped.jobs['job-2'] = {
        ...stopped.jobs['job-1']!,
        id: 'job-2',
        cacheKey: 'k2',
        request: request(2),
        state: { name: 'submitting', since: 1 },
      };
      stopped.jobs['job-3'] = {
        ...stopped.jobs['job-1']!,
        id: 'job-3',
        cacheKey: 'k3',
        request: request(3),
        targets: [target(1, 'https://shop.example/3.png')],
        state: { name: 'queued', throttled: 0 },
      };
      const h = harness({ memory: stopped });
      await Promise.all([h.engine.tick(), h.engine.resume()]);
      await h.runUntilIdle();
      expect(h.loads.count).toBe(1);
      // The two interrupted submissions are uncertain, not in flight: the queued job is sent.
      expect(h.memory().jobs['job-1']!.state.name).toBe('uncertain');
      expect(h.memory().jobs['job-2']!.state.name).toBe('uncertain');
      expect(h.provider.submittedUrls).toEqual(['https://shop.example/3.png']);
      expect(h.memory().jobs['job-3']!.state.name).toBe('done');
    });

    it('drops a stored job it cannot read, says how many, and goes on with the rest', async () => {
      const good = stoppedMidSubmission({ state: { name: 'queued', throttled: 0 } });
      const h = harness({
        memory: {
          ...good,
          jobs: { ...good.jobs, broken: { id: 'broken', state: { name: 'polling' } }, odd: 42 },
          submitPace: { 'qwen-mt-image': 'soon' },
        },
      });
      await h.engine.resume();
      await h.runUntilIdle();
      expect(h.problems).toEqual([{ kind: 'dropped-jobs', count: 2 }]);
      expect(h.provider.submits).toHaveLength(1);
      expect(h.memory().jobs['job-1']!.state.name).toBe('done');
    });

    it('starts from nothing when the stored memory is not an object at all', async () => {
      const h = harness({ memory: 'garbage' });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('done');
    });

    it('queries the same task again on "Try again" after its status queries kept failing', async () => {
      const h = harness();
      for (let i = 0; i < 8; i++) h.provider.querySteps.push(new DashScopeError('network', 'dropped'));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('failed');
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(1);
      expect(h.provider.queries.at(-1)).toBe('task-1');
      expect(h.phases().at(-1)).toBe('done');
    });

    it('downloads the same result again on "Try again" after its download kept failing', async () => {
      const h = harness();
      for (let i = 0; i < 8; i++) h.provider.downloadSteps.push(new DashScopeError('server', 'oss 503', 'HTTP503', 503));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('failed');
      const queries = h.provider.queries.length;
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(1);
      expect(h.provider.queries).toHaveLength(queries);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('downloads again, with no new task, when the translation could not be stored', async () => {
      const h = harness();
      h.cacheFaults.push(new Error('QuotaExceededError'));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.delivered.at(-1)!.view).toMatchObject({ phase: 'failed', action: 'retry' });
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(1);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('submits again on "Try again" only once the service itself failed the task', async () => {
      const h = harness();
      h.provider.querySteps.push({ status: 'FAILED', code: 'InternalError', message: 'boom' });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      await h.engine.retry('job-1', 1);
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(2);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('keeps polling a created task when its record could not be saved', async () => {
      const h = harness();
      await h.engine.request(request(), 'https://dashscope.example', target());
      // The save that records the new task id fails (storage full): the task must still be followed.
      h.saveFaults.push(new Error('QuotaExceededError'), new Error('QuotaExceededError'));
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(1);
      expect(h.phases().at(-1)).toBe('done');
      expect(h.problems).toContainEqual(expect.objectContaining({ kind: 'save-failed' }));
    });

    it('makes one job and one upload of the same picture asked for twice, 5 ms apart', async () => {
      const h = harness({ cacheDelayMs: 10, pendingDelayMs: 20 });
      const picture = new Blob([new Uint8Array([9, 9])], { type: 'image/png' });
      const first = h.engine.request(request(), 'https://dashscope.example', target(1), picture);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = h.engine.request(request(), 'https://dashscope.example', target(1), picture);
      await Promise.all([first, second]);
      await h.runUntilIdle();
      expect(Object.keys(h.memory().jobs)).toHaveLength(1);
      expect(h.provider.uploads).toHaveLength(1);
      expect(h.provider.submits).toHaveLength(1);
    });

    it('calls a gateway error page in reply to a submission uncertain, and does not resend it', async () => {
      const h = harness();
      h.provider.submitSteps.push(new DashScopeError('gateway', '<html>502 Bad Gateway</html>', 'HTTP502', 502));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('uncertain');
      expect(h.provider.submitSteps).toHaveLength(0);
      expect(h.provider.submits).toHaveLength(0);
    });

    it('never passes a monthly limit of 2 with 6 pictures asked for at once', async () => {
      let billed = 0;
      const h = harness({
        hooks: { billed: () => void billed++, spending: async () => ({ limit: 2, billedThisMonth: billed }) },
      });
      for (let n = 1; n <= 6; n++)
        await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(2);
      const last = new Map(h.delivered.map((d) => [d.target.srcUrl, d.view]));
      const refused = [...last.values()].filter((v) => v.phase === 'failed');
      expect(refused).toHaveLength(4);
      expect(refused[0]!.message).toContain('monthly limit of 2 images');
      expect(await h.engine.progress(1, 0)).toMatchObject({ total: 6, done: 2, failed: 4, overLimit: 4 });
    });

    it('frees a task’s slot once it is seen ended, while its charge is still being recorded', async () => {
      const charges: (() => void)[] = [];
      const h = harness({ durationMs: 3_000, hooks: { billed: () => new Promise<void>((resolve) => charges.push(resolve)) } });
      for (let n = 1; n <= 3; n++)
        await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
      await h.runUntilIdle(50);
      expect(h.provider.submits).toHaveLength(3);
      expect(charges).toHaveLength(3);
      charges.forEach((record) => record());
      await h.runUntilIdle();
      expect(Object.values(h.memory().jobs).map((j) => j.state.name)).toEqual(['done', 'done', 'done']);
    });

    it('never passes a monthly limit while the charges of ended tasks are still being recorded', async () => {
      let billed = 0;
      const h = harness({
        durationMs: 3_000,
        hooks: {
          billed: async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            billed++;
          },
          spending: async () => ({ limit: 2, billedThisMonth: billed }),
        },
      });
      for (let n = 1; n <= 3; n++)
        await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(2);
      expect(billed).toBe(2);
    });

    it('counts what was billed this month before anything is sent', async () => {
      const h = harness({ hooks: { spending: async () => ({ limit: 5, billedThisMonth: 5 }) } });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(0);
      expect(h.delivered.at(-1)!.view).toMatchObject({ phase: 'failed', action: 'open-settings' });
    });

    it('does not send the key to an endpoint it was not saved for', async () => {
      const h = harness({ hooks: { clientFor: async () => 'endpoint-changed' } });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(0);
      expect(h.delivered.at(-1)!.view.message).toContain('endpoint or key changed');
    });
  });

  describe('every documented reply, for what it means', () => {
    it('keeps the task through any number of 429s on its status queries and download', async () => {
      const h = harness();
      for (let i = 0; i < 12; i++) h.provider.querySteps.push(new DashScopeError('throttled', 'slow down', 'Throttling', 429));
      for (let i = 0; i < 12; i++) h.provider.downloadSteps.push(new DashScopeError('throttled', 'slow down', 'Throttling', 429));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle(2_000);
      expect(h.provider.submits).toHaveLength(1);
      expect(h.phases()).not.toContain('failed');
      expect(h.phases().at(-1)).toBe('done');
    });

    it('does not hammer a download that keeps failing: it waits between tries', async () => {
      const h = harness();
      for (let i = 0; i < 3; i++) h.provider.downloadSteps.push(new DashScopeError('server', 'oss 503', 'HTTP503', 503));
      await h.engine.request(request(), 'https://dashscope.example', target());
      const started = h.clock.now;
      await h.runUntilIdle();
      expect(h.phases().at(-1)).toBe('done');
      // 1 s, 2 s and 4 s of backoff after the task's 6 s.
      expect(h.clock.now - started).toBeGreaterThanOrEqual(6_000 + 7_000);
    });

    it.each([
      ['DataInspectionFailed', 'Input data may contain inappropriate content.'],
      ['IPInfringementSuspect', 'Input data is suspected of being involved in IP infringement.'],
      ['InvalidParameter.DataInspection', 'Input data may contain inappropriate content.'],
      ['data_inspection_failed', 'Output data may contain inappropriate content.'],
    ])('explains a content refusal (%s) and offers no "Try again"', async (code, message) => {
      const h = harness();
      h.provider.querySteps.push({ status: 'FAILED', code, message });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      const last = h.delivered.at(-1)!.view;
      expect(last).toMatchObject({ phase: 'failed', message: expect.stringContaining('declined this image’s content') });
      expect(last.action).toBeUndefined();
    });

    it.each([
      ['Throttling.AllocationQuota', 'Free allocated quota exceeded.', 'turn off “Use free tier only”'],
      ['Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.', 'Raise it in the Model Studio console'],
      ['AllocationQuota.FreeTierOnly', 'The free tier of the model has been exhausted.', '“Use free tier only” is on'],
    ])('says which quota %s (%s) means, and what to change', async (code, message, advice) => {
      const h = harness();
      h.provider.submitSteps.push(new DashScopeError('quota-exhausted', message, code, code.startsWith('Throttling') ? 429 : 403));
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.delivered.at(-1)!.view.message).toContain(advice);
      expect(h.provider.submits).toHaveLength(0);
    });
  });

  describe('status queries, all of them within one pace', () => {
    /** A job whose task the provider already runs (left by an earlier worker, or resumed by "Try again"). */
    function polling(n: number, submittedAt: number, nextQueryAt: number): Job {
      return {
        id: `stored-${n}`,
        cacheKey: `stored-${n}`,
        endpoint: 'https://dashscope.example',
        request: request(100 + n),
        targets: [target(10 + (n % 4), `https://shop.example/${100 + n}.png`)],
        requestedAt: submittedAt,
        state: { name: 'polling', taskId: `stored-task-${n}`, submittedAt, nextQueryAt, queries: 0, failures: 0 },
      };
    }

    it('never asks more than the budget in any second, however many jobs in however many tabs, and drops none', async () => {
      const start = 1_000_000;
      const stored = Array.from({ length: 10 }, (_, i) => polling(i, start - 8_000 + i * 100, start));
      const h = harness({ memory: { jobs: Object.fromEntries(stored.map((j) => [j.id, j])), submitPace: {}, recentDurationsMs: [] } });
      stored.forEach((job, i) => {
        if (job.state.name === 'polling')
          h.provider.tasks.set(job.state.taskId, { at: job.state.submittedAt, durationMs: 6_000 + i * 500 });
      });
      await h.engine.resume();
      for (let n = 1; n <= 6; n++) {
        await h.engine.request(request(n), 'https://dashscope.example', target(1 + (n % 3), `https://shop.example/${n}.png`));
      }
      await h.runUntilIdle(5_000);
      expect(Object.values(h.memory().jobs).map((j) => j.state.name)).toEqual(Array(16).fill('done'));
      expect(h.provider.queryTimes.length).toBeGreaterThan(16);
      expect(busiestWindow(h.provider.queryTimes)).toBeLessThanOrEqual(QUERIES_PER_WINDOW);
      expect(closest(h.provider.queryTimes)).toBeGreaterThanOrEqual(MIN_QUERY_GAP_MS);
    });

    it('asks about two tasks near their end in turn, not both at once', async () => {
      const start = 1_000_000;
      const a = polling(1, start, start + 4_000);
      const b = polling(2, start + 200, start + 4_000);
      const h = harness({
        memory: { jobs: { [a.id]: a, [b.id]: b }, submitPace: {}, recentDurationsMs: [5_000, 6_000, 7_500], recentQueuedMs: [] },
      });
      h.provider.tasks.set('stored-task-1', { at: start, durationMs: 7_000 });
      h.provider.tasks.set('stored-task-2', { at: start + 200, durationMs: 7_000 });
      await h.engine.resume();
      await h.runUntilIdle();
      const asked = h.provider.queries.map((taskId, i) => ({ taskId, at: h.provider.queryTimes[i]! }));
      const firstEnd = asked.findIndex((q) => q.taskId === 'stored-task-1' && q.at >= start + 7_000);
      // Until the first of them ends, each query is for the other task than the one before.
      const both = asked.slice(0, firstEnd + 1).map((q) => q.taskId);
      expect(both.length).toBeGreaterThanOrEqual(4);
      both.slice(1).forEach((taskId, i) => expect(taskId).not.toBe(both[i]));
      expect(busiestWindow(h.provider.queryTimes)).toBeLessThanOrEqual(QUERIES_PER_WINDOW);
      expect(closest(h.provider.queryTimes)).toBeGreaterThanOrEqual(MIN_QUERY_GAP_MS);
      expect(h.memory().jobs[a.id]!.state.name).toBe('done');
      expect(h.memory().jobs[b.id]!.state.name).toBe('done');
    });
  });

  describe('on a fresh profile', () => {
    it('sees the first 6-second task end within 0.5 s (harness clock), in at most 5 status queries', async () => {
      const h = harness({ queuedMs: 300 });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      const end = h.provider.submits[0]! + 6_000;
      expect(h.provider.queries.length).toBeLessThanOrEqual(5);
      expect(h.provider.queryTimes.at(-1)! - end).toBeLessThanOrEqual(500);
      expect(h.phases().at(-1)).toBe('done');
    });

    it('learns from the first task of a batch: six 3-second tasks within 0.95 of the best the limits allow', async () => {
      const h = harness({ durationMs: 3_000, queuedMs: 300 });
      for (let n = 1; n <= 6; n++)
        await h.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
      await h.runUntilIdle();
      const { submits, queryTimes } = h.provider;
      expect(submits).toHaveLength(6);
      submits.slice(1).forEach((at, i) => expect(at - submits[i]!).toBeGreaterThanOrEqual(MIN_SUBMIT_GAP_MS));
      // Never more than two at a time: the third submission after the first task's end, and so on.
      submits.slice(MAX_IN_FLIGHT).forEach((at, i) => expect(at).toBeGreaterThanOrEqual(submits[i]! + 3_000));
      const makespan = queryTimes.at(-1)! - submits[0]!;
      expect(bestMakespan(Array<number>(6).fill(3_000)) / makespan).toBeGreaterThanOrEqual(0.95);
      expect(busiestWindow(queryTimes)).toBeLessThanOrEqual(QUERIES_PER_WINDOW);
    });

    it('keeps what it learned across a restart: after three tasks, the next takes two status queries', async () => {
      const first = harness({ queuedMs: 300 });
      for (let n = 1; n <= 3; n++) {
        await first.engine.request(request(n), 'https://dashscope.example', target(1, `https://shop.example/${n}.png`));
        await first.runUntilIdle();
      }
      expect(first.memory()).toMatchObject({ recentDurationsMs: [6_000, 6_000, 6_000], recentQueuedMs: [300, 300, 300] });
      const second = harness({ queuedMs: 300, memory: first.memory() });
      second.clock.now = first.clock.now + 60_000;
      await second.engine.request(request(4), 'https://dashscope.example', target(1, 'https://shop.example/4.png'));
      await second.runUntilIdle();
      expect(second.provider.queryTimes.map((at) => at - second.provider.submits[0]!)).toEqual([PROBE_MS, 6_000]);
    });

    it('follows a task that waited in the service’s queue by when it started, not by when it was sent', async () => {
      const h = harness({
        durationMs: 10_000,
        queuedMs: 4_300,
        memory: { jobs: {}, submitPace: {}, recentDurationsMs: [6_000, 6_000, 6_000], recentQueuedMs: [300, 300, 300] },
      });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.provider.queries.length).toBeLessThanOrEqual(4);
      expect(h.provider.queryTimes.at(-1)! - h.provider.submits[0]!).toBe(10_000);
    });
  });
});

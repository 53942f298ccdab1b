import { describe, expect, it } from 'vitest';
import type { DashScopeClient, TaskResult } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { TranslationRequest } from '../dashscope/request';
import { cacheKeyFor } from '../cache';
import type { JobView } from '../protocol';
import { createEngine, type EngineDeps } from './engine';
import type { EngineMemory, Job, Target } from './jobs';
import { MIN_SUBMIT_GAP_MS } from './queue';

const request = (n = 1): TranslationRequest => ({ imageUrl: `https://shop.example/${n}.png`, sourceLang: 'auto', targetLang: 'en' });
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
  return { lastSubmitAt: 0, recentDurationsMs: [], jobs: { [stopped.id]: stopped } };
}

/** A scripted provider: tasks take `durationMs` of the harness clock; faults are consumed in order. */
function scriptedProvider(clock: { now: number }, durationMs = 6_000) {
  const submits: number[] = [];
  const submittedUrls: string[] = [];
  const uploads: string[] = [];
  const uploadSteps: Step[] = [];
  const queries: string[] = [];
  const tasks = new Map<string, { started: number; url: string }>();
  /** Addresses the service cannot download (behind a login): their tasks FAIL. */
  const unreachable = new Set<string>();
  const submitSteps: Step[] = [];
  const querySteps: (Step | TaskResult)[] = [];
  const client: DashScopeClient = {
    async submit(request) {
      const step = submitSteps.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      submits.push(clock.now);
      submittedUrls.push(request.input.image_url);
      const taskId = `task-${submits.length}`;
      tasks.set(taskId, { started: clock.now, url: request.input.image_url });
      return { taskId };
    },
    async query(taskId) {
      queries.push(taskId);
      const step = querySteps.shift() ?? 'ok';
      if (step instanceof DashScopeError) throw step;
      if (step !== 'ok') return step;
      const task = tasks.get(taskId);
      if (task === undefined) return { status: 'UNKNOWN' };
      if (unreachable.has(task.url)) return { status: 'FAILED', code: 'InvalidParameter', message: 'download failed' };
      return clock.now - task.started >= durationMs
        ? { status: 'SUCCEEDED', imageUrl: `https://oss.example/${taskId}.png`, noTextDetected: false, durationMs, imageCount: 1 }
        : { status: 'RUNNING' };
    },
    async download() {
      return new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    },
    async checkKey() {},
    async upload(_image, filename) {
      const step = uploadSteps.shift() ?? 'ok';
      if (step !== 'ok') throw step;
      uploads.push(filename);
      return `oss://uploads/${uploads.length}/${filename}`;
    },
  };
  return { client, submits, submittedUrls, uploads, uploadSteps, queries, submitSteps, querySteps, unreachable };
}

function harness(
  options: {
    durationMs?: number;
    memory?: EngineMemory;
    key?: boolean;
    hooks?: Pick<EngineDeps, 'billed' | 'translated' | 'changed'>;
  } = {},
) {
  const clock = { now: 1_000_000 };
  const provider = scriptedProvider(clock, options.durationMs);
  let stored: EngineMemory = structuredClone(options.memory ?? { jobs: {}, lastSubmitAt: 0, recentDurationsMs: [] });
  const cache = new Map<string, Blob>();
  const pending = new Map<string, Blob>();
  /** What the pages give when read: the picture, and each tab's origin (shop.example unless told). */
  const pagePicture: { blob?: Blob; origins: Record<number, string> } = { origins: {} };
  const delivered: { target: Target; view: JobView }[] = [];
  const pageReads: number[] = [];
  const gone = new Set<number>();
  let wake: number | null = null;
  let ids = 0;
  const engine = createEngine({
    clientFor: async () => (options.key === false ? null : provider.client),
    cache: { get: async (key) => cache.get(key), put: async (key, blob) => void cache.set(key, blob) },
    pending: {
      get: async (key) => pending.get(key),
      put: async (key, blob) => void pending.set(key, blob),
      delete: async (key) => void pending.delete(key),
    },
    readFromPage: async (t) => {
      pageReads.push(t.tabId);
      return pagePicture.blob && { picture: pagePicture.blob, origin: pagePicture.origins[t.tabId] ?? 'https://shop.example' };
    },
    deliver: async (t, view) => {
      if (gone.has(t.tabId)) return false;
      delivered.push({ target: t, view });
      return true;
    },
    load: async () => structuredClone(stored),
    save: async (memory) => void (stored = structuredClone(memory)),
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
    memory: () => stored,
  };
}

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
    const h = harness({ memory: { jobs: {}, lastSubmitAt: 0, recentDurationsMs: [6_000, 6_000, 6_000] } });
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

    it('read by pages of two origins are translated for each apart; a public address is shared', async () => {
      const h = harness();
      const inline = { imageUrl: 'sha256:ab12', sourceLang: 'auto' as const, targetLang: 'en' as const };
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
});

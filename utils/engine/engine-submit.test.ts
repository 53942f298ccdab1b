import { describe, expect, it } from 'vitest';
import { DashScopeError } from '../dashscope/errors';
import type { TranslationRequest } from '../dashscope/request';
import { bestMakespan } from './pace';
import { harness, MIN_SUBMIT_GAP_MS, request, target } from './engine-test-support';

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

  describe('never bills twice nor stalls', () => {
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

    it('does not send the key to an endpoint it was not saved for', async () => {
      const h = harness({ hooks: { clientFor: async () => 'endpoint-changed' } });
      await h.engine.request(request(), 'https://dashscope.example', target());
      await h.runUntilIdle();
      expect(h.provider.submits).toHaveLength(0);
      expect(h.delivered.at(-1)!.view.message).toContain('endpoint or key changed');
    });
  });
});

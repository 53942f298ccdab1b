import { describe, expect, it } from 'vitest';
import type { Job } from './jobs';
import { PROBE_MS } from './poll-schedule';
import { bestMakespan } from './pace';
import { MIN_QUERY_GAP_MS, QUERIES_PER_WINDOW } from './query-budget';
import { busiestWindow, closest, harness, MAX_IN_FLIGHT, MIN_SUBMIT_GAP_MS, request, target } from './engine-test-support';

describe('the engine', () => {
  it('asks for status at most 5 times for a 6-second task once it knows the typical duration', async () => {
    const h = harness({ memory: { jobs: {}, submitPace: {}, recentDurationsMs: [6_000, 6_000, 6_000], recentQueuedMs: [] } });
    await h.engine.request(request(), 'https://dashscope.example', target());
    await h.runUntilIdle();
    expect(h.provider.queries.length).toBeLessThanOrEqual(5);
    expect(h.provider.queries.length).toBeGreaterThanOrEqual(1);
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

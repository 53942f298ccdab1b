import { describe, expect, it } from 'vitest';
import { DashScopeError } from '../dashscope/errors';
import { harness, request, target } from './engine-test-support';

describe('the engine', () => {
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

  describe('never bills twice nor stalls', () => {
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
});

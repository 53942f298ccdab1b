import { describe, expect, it } from 'vitest';
import { harness, request, stoppedMidSubmission, target } from './engine-test-support';

describe('the engine', () => {
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
  });
});

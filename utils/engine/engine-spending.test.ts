import { describe, expect, it } from 'vitest';
import { harness, request, target } from './engine-test-support';

describe('the engine', () => {
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

  it('does not bill for an image nobody is waiting for any more', async () => {
    const h = harness();
    h.gone.add(1);
    await h.engine.request(request(), 'https://dashscope.example', target(1));
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(0);
  });

  describe('never bills twice nor stalls', () => {
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
  });
});

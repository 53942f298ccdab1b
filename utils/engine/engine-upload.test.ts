import { describe, expect, it } from 'vitest';
import { DashScopeError } from '../dashscope/errors';
import { cacheKeyFor } from '../cache';
import { harness, request, stoppedMidSubmission, target } from './engine-test-support';

describe('the engine', () => {
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
});

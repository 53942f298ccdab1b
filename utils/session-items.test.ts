import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageCounts } from './protocol';
import { againItem, pageCountsItem, viewItem } from './session-items';

const counts: PageCounts = { total: 12, done: 7, failed: 1, waiting: 3, overLimit: 0 };

beforeEach(() => fakeBrowser.reset());

describe('session items', () => {
  it('keep their values in session storage under the keys the worker has always used', async () => {
    await pageCountsItem(7).setValue(counts);
    await viewItem(7).setValue('original');
    expect(await fakeBrowser.storage.session.get(['progress:7', 'view:7'])).toEqual({ 'progress:7': counts, 'view:7': 'original' });
    expect(await pageCountsItem(7).getValue()).toEqual(counts);
    expect(await pageCountsItem(8).getValue()).toBeNull();
  });

  it('read a value they do not understand as none', async () => {
    await fakeBrowser.storage.session.set({
      'progress:7': { ...counts, done: 'seven' },
      'view:7': 'sideways',
      'again:job-1': { jobId: 'job-1', phase: 'exploded' },
    });
    expect(await pageCountsItem(7).getValue()).toBeNull();
    expect(await viewItem(7).getValue()).toBeNull();
    expect(await againItem('job-1').getValue()).toBeNull();
  });

  it('are watched through the same check', async () => {
    const seen: unknown[] = [];
    const stop = againItem('job-1').watch((view) => seen.push(view));
    const view = { jobId: 'job-1', srcUrl: 'https://cdn.example/1.png', phase: 'done' as const, requestedAt: 1 };
    await againItem('job-1').setValue(view);
    await fakeBrowser.storage.session.set({ 'again:job-1': 'garbage' });
    stop();
    await againItem('job-1').setValue(view);
    expect(seen).toEqual([view, null]);
  });

  it('keep a failed job’s failure, so the history can word it', async () => {
    const view = {
      jobId: 'job-2',
      srcUrl: 'https://cdn.example/2.png',
      phase: 'failed' as const,
      requestedAt: 1,
      failure: { kind: 'monthly-limit' as const, detail: { limit: 2 } },
    };
    await againItem('job-2').setValue(view);
    expect(await againItem('job-2').getValue()).toEqual(view);
  });
});

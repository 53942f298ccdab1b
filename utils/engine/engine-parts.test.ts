import { describe, expect, it } from 'vitest';
import type { TranslationRequest } from '../dashscope/request';
import type { PartOf } from '../protocol';
import { DashScopeError } from '../dashscope/errors';
import { harness, target } from './engine-test-support';

const ENDPOINT = 'https://dashscope.example';
const picture = () => new Blob([new Uint8Array([9, 9])], { type: 'image/png' });
/** A 600 × 15000 strip in three slices; the first and last alike (blank), so their requests are the same. */
const slices = [0, 1, 2].map((index) => ({
  request: {
    model: 'qwen-mt-image',
    imageUrl: `sha256:${index === 1 ? 'text' : 'blank'}`,
    sourceLang: 'auto',
    targetLang: 'en',
    scope: 'https://shop.example',
  } satisfies TranslationRequest,
  part: { group: 'strip-1', index, count: 3, rect: { x: 0, y: index * 5000, width: 600, height: 5000 } } satisfies PartOf,
}));
const strip = target(1, 'ref:strip');

async function sendStrip(h: ReturnType<typeof harness>, group = 'strip-1') {
  for (const { request, part } of slices) await h.engine.request(request, ENDPOINT, strip, picture(), { ...part, group });
}

describe('the engine, with the parts of a long picture', () => {
  it('makes each part a job of its own, alike slices too, each billed; the same strip again comes from the cache', async () => {
    const billed: (string | undefined)[] = [];
    const h = harness({ hooks: { billed: (job) => void billed.push(job.part?.group) } });
    await sendStrip(h);
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(3);
    expect(billed).toEqual(['strip-1', 'strip-1', 'strip-1']);
    const done = h.delivered.filter((d) => d.view.phase === 'done' && d.view.image);
    expect(done.map((d) => d.view.part?.index).sort()).toEqual([0, 1, 2]);

    await sendStrip(h, 'strip-2');
    await h.runUntilIdle();
    expect(h.provider.submits).toHaveLength(3);
    const again = h.delivered.filter((d) => d.view.part?.group === 'strip-2');
    expect(again.map((d) => [d.view.part?.index, d.view.phase, Boolean(d.view.image)])).toEqual([
      [0, 'done', true],
      [1, 'done', true],
      [2, 'done', true],
    ]);
    expect(billed).toHaveLength(3);
  });

  it('retries only the part that failed: parts done are never sent again', async () => {
    const h = harness();
    h.provider.querySteps.push({ status: 'FAILED', code: 'InternalError', message: 'boom' });
    await sendStrip(h);
    await h.runUntilIdle();
    const last = (index: number) => h.delivered.filter((d) => d.view.part?.index === index).at(-1)!.view;
    expect([0, 1, 2].map((i) => last(i).phase)).toEqual(['failed', 'done', 'done']);
    expect(h.provider.submits).toHaveLength(3);

    for (const i of [0, 1, 2]) await h.engine.retry(last(i).jobId, 1);
    await h.runUntilIdle();
    expect([0, 1, 2].map((i) => last(i).phase)).toEqual(['done', 'done', 'done']);
    expect(h.provider.submits).toHaveLength(4);
    // Its picture was uploaded once: the part is sent again by the same address.
    expect(h.provider.submittedUrls[3]).toBe(h.provider.submittedUrls[0]);
  });

  it('tells whether N more images fit in the monthly limit, counting those sent and waiting', async () => {
    const h = harness({ hooks: { spending: async () => ({ limit: 5, billedThisMonth: 1 }) } });
    await sendStrip(h);
    expect(await h.engine.limitFor(1)).toBeNull();
    expect(await h.engine.limitFor(2)).toBe(5);
    const unlimited = harness();
    expect(await unlimited.engine.limitFor(1000)).toBeNull();
  });

  it('reads a part again from its page as its slice alone, when its picture is no longer kept', async () => {
    const h = harness();
    h.provider.uploadSteps.push(new DashScopeError('access-denied', 'no', 'AccessDenied', 403));
    const { request, part } = slices[1]!;
    await h.engine.request(request, ENDPOINT, strip, picture(), part);
    await h.runUntilIdle();
    expect(h.phases().at(-1)).toBe('failed');
    h.pagePicture.blob = picture();
    await h.engine.retry('job-1', 1);
    await h.runUntilIdle();
    expect(h.pageRects).toEqual([part.rect]);
    expect(h.phases().at(-1)).toBe('done');
  });
});

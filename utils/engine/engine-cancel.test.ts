import { describe, expect, it } from 'vitest';
import { harness, request } from './engine-test-support';

const ENDPOINT = 'https://dashscope.example';
const inFrame = (frameId: number, n: number) => ({ tabId: 1, frameId, srcUrl: `https://shop.example/${n}.png` });

describe('withdrawing what a page left unsent', () => {
  it('withdraws one frame whose document went: its jobs not yet sent are cancelled, the sent one and other frames go on', async () => {
    const h = harness();
    for (const n of [1, 2, 3]) await h.engine.request(request(n), ENDPOINT, inFrame(0, n));
    await h.engine.request(request(4), ENDPOINT, inFrame(2, 4));
    await h.flush();
    expect(h.provider.submittedUrls).toEqual([request(1).imageUrl]);

    await h.engine.cancelWaiting(1, 0);
    await h.runUntilIdle();
    // The submitted task is downloaded and recorded as billed; pictures 2 and 3 are never sent.
    expect(h.provider.submittedUrls).toEqual([request(1).imageUrl, request(4).imageUrl]);
    const states = Object.values(h.memory().jobs).map((job) => [job.request.imageUrl, job.state.name]);
    expect(states).toEqual([
      [request(1).imageUrl, 'done'],
      [request(2).imageUrl, 'cancelled'],
      [request(3).imageUrl, 'cancelled'],
      [request(4).imageUrl, 'done'],
    ]);
  });

  it('withdraws a whole tab when no frame is named', async () => {
    const h = harness();
    for (const n of [1, 2]) await h.engine.request(request(n), ENDPOINT, inFrame(0, n));
    await h.engine.request(request(3), ENDPOINT, inFrame(2, 3));
    await h.flush();
    await h.engine.cancelWaiting(1);
    await h.runUntilIdle();
    expect(h.provider.submittedUrls).toEqual([request(1).imageUrl]);
  });
});

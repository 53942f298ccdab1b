import { describe, expect, it } from 'vitest';
import { nextToStart, throttleBackoff, type ModelTurn, type QueueView } from './queue';

const queued = (id: string, requestedAt = 0, notBefore?: number, model = 'qwen-mt-image'): QueueView => ({
  id,
  model,
  status: 'queued',
  requestedAt,
  notBefore,
});
const inFlight = (id: string, model = 'qwen-mt-image'): QueueView => ({ id, model, status: 'inFlight', requestedAt: 0 });
/** Every model may submit from `gapEndsAt`, two at a time. */
const turns =
  (gapEndsAt: number | Record<string, number>) =>
  (model: string): ModelTurn => ({ gapEndsAt: typeof gapEndsAt === 'number' ? gapEndsAt : (gapEndsAt[model] ?? 0), maxInFlight: 2 });

describe('the queue', () => {
  it('starts the oldest queued job when the limits allow', () => {
    expect(nextToStart([queued('b', 2), queued('a', 1)], 10_000, turns(0))).toEqual({ start: 'a' });
  });

  it('waits for the end of the model’s gap', () => {
    expect(nextToStart([queued('a')], 10_000, turns(10_500))).toEqual({ wakeAt: 10_500 });
  });

  it('never starts a third task of a model while two are in flight', () => {
    expect(nextToStart([inFlight('x'), inFlight('y'), queued('a')], 10_000, turns(0))).toEqual({ idle: true });
    expect(nextToStart([inFlight('x'), queued('a')], 10_000, turns(0))).toEqual({ start: 'a' });
  });

  it('paces each model on its own: one waiting for its gap or its slots lets another model’s job go', () => {
    const gaps = turns({ 'qwen-mt-image-2.0': 70_000 });
    expect(nextToStart([queued('slow', 1, undefined, 'qwen-mt-image-2.0'), queued('fast', 2)], 10_000, gaps)).toEqual({ start: 'fast' });
    expect(nextToStart([queued('slow', 1, undefined, 'qwen-mt-image-2.0')], 10_000, gaps)).toEqual({ wakeAt: 70_000 });
    const busy = [inFlight('x'), inFlight('y'), queued('a', 1), queued('other', 2, undefined, 'my-model')];
    expect(nextToStart(busy, 10_000, turns(0))).toEqual({ start: 'other' });
  });

  it('lets a job backing off wait while another goes first', () => {
    expect(nextToStart([queued('a', 1, 20_000), queued('b', 2)], 10_000, turns(0))).toEqual({ start: 'b' });
    expect(nextToStart([queued('a', 1, 20_000)], 10_000, turns(0))).toEqual({ wakeAt: 20_000 });
  });

  it('is idle with nothing queued, and backs off exponentially up to 30 s', () => {
    expect(nextToStart([inFlight('x')], 0, turns(0))).toEqual({ idle: true });
    expect([0, 1, 2, 10].map(throttleBackoff)).toEqual([1_000, 2_000, 4_000, 30_000]);
  });
});

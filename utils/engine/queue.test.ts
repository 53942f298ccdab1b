import { describe, expect, it } from 'vitest';
import { bestMakespan, MIN_SUBMIT_GAP_MS, nextToStart, throttleBackoff, type QueueView } from './queue';

const queued = (id: string, requestedAt = 0, notBefore?: number): QueueView => ({ id, status: 'queued', requestedAt, notBefore });
const inFlight = (id: string): QueueView => ({ id, status: 'inFlight', requestedAt: 0 });

describe('the queue', () => {
  it('starts the oldest queued job when the limits allow', () => {
    expect(nextToStart([queued('b', 2), queued('a', 1)], 10_000, 0)).toEqual({ start: 'a' });
  });

  it('waits a second after the last submission', () => {
    expect(nextToStart([queued('a')], 10_000, 9_500)).toEqual({ wakeAt: 9_500 + MIN_SUBMIT_GAP_MS });
  });

  it('never starts a third task while two are in flight', () => {
    expect(nextToStart([inFlight('x'), inFlight('y'), queued('a')], 10_000, 0)).toEqual({ idle: true });
    expect(nextToStart([inFlight('x'), queued('a')], 10_000, 0)).toEqual({ start: 'a' });
  });

  it('lets a job backing off wait while another goes first', () => {
    expect(nextToStart([queued('a', 1, 20_000), queued('b', 2)], 10_000, 0)).toEqual({ start: 'b' });
    expect(nextToStart([queued('a', 1, 20_000)], 10_000, 0)).toEqual({ wakeAt: 20_000 });
  });

  it('is idle with nothing queued, and backs off exponentially up to 30 s', () => {
    expect(nextToStart([inFlight('x')], 0, 0)).toEqual({ idle: true });
    expect([0, 1, 2, 10].map(throttleBackoff)).toEqual([1_000, 2_000, 4_000, 30_000]);
  });

  it('knows the best makespan the limits allow', () => {
    // Six 3 s tasks: starts at 0, 1, 3, 4, 6, 7 s.
    expect(bestMakespan(Array<number>(6).fill(3_000))).toBe(7_000 + 3_000);
    // Two at a time: a short task lets the next start before the long one ends.
    expect(bestMakespan([10_000, 2_000, 2_000, 2_000])).toBe(10_000);
    // Six 6 s tasks: the third waits for the first to end.
    expect(bestMakespan(Array<number>(6).fill(6_000))).toBe(12_000 + MIN_SUBMIT_GAP_MS + 6_000);
    expect(bestMakespan([])).toBe(0);
  });
});

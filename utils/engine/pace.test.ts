import { describe, expect, it } from 'vitest';
import { answeredAt, bestMakespan, currentPace, estimatedBatchMs, MAX_SLOWDOWN, minutesToTell, paceOf, UNPACED } from './pace';

describe('each model’s pace', () => {
  it('is the listed one for the known models, and the slowest listed one for a model the user typed', () => {
    expect(paceOf('qwen-mt-image')).toEqual({ gapMs: 1_000, maxInFlight: 2 });
    expect(paceOf('qwen-mt-image-2.0')).toEqual({ gapMs: 60_000, maxInFlight: 2 });
    expect(paceOf('qwen-mt-image-3.0-preview')).toEqual(paceOf('qwen-mt-image-2.0'));
  });

  it('doubles the gap on each 429, up to a cap, and comes back one step per accepted task', () => {
    let pacing = UNPACED;
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      pacing = answeredAt(pacing, 1_000 * i, 'throttled');
      gaps.push(currentPace('qwen-mt-image', pacing).gapMs);
    }
    expect(gaps).toEqual([2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(pacing.slowdown).toBe(MAX_SLOWDOWN);
    pacing = answeredAt(pacing, 10_000, 'other');
    expect(currentPace('qwen-mt-image', pacing).gapMs).toBe(8_000);
    pacing = answeredAt(pacing, 11_000, 'accepted');
    expect(currentPace('qwen-mt-image', pacing).gapMs).toBe(4_000);
    pacing = answeredAt(answeredAt(answeredAt(pacing, 12_000, 'accepted'), 13_000, 'accepted'), 14_000, 'accepted');
    expect(currentPace('qwen-mt-image', pacing)).toEqual(paceOf('qwen-mt-image'));
  });

  it('remembers the latest answer, never an earlier one', () => {
    expect(answeredAt({ lastAt: 5_000, slowdown: 0 }, 4_000, 'accepted').lastAt).toBe(5_000);
    expect(answeredAt({ lastAt: 5_000, slowdown: 0 }, 6_000, 'accepted').lastAt).toBe(6_000);
  });
});

describe('the best makespan a pace allows', () => {
  it('follows one submission a second and two at a time for qwen-mt-image', () => {
    // Six 3 s tasks: starts at 0, 1, 3, 4, 6, 7 s.
    expect(bestMakespan(Array<number>(6).fill(3_000))).toBe(7_000 + 3_000);
    // Two at a time: a short task lets the next start before the long one ends.
    expect(bestMakespan([10_000, 2_000, 2_000, 2_000])).toBe(10_000);
    // Six 6 s tasks: the third waits for the first to end.
    expect(bestMakespan(Array<number>(6).fill(6_000))).toBe(12_000 + 1_000 + 6_000);
    expect(bestMakespan([])).toBe(0);
  });

  it('estimates a batch: three 6 s tasks of qwen-mt-image-2.0 take two minutes and 6 s', () => {
    expect(estimatedBatchMs(3, paceOf('qwen-mt-image-2.0'), 6_000)).toBe(126_000);
    // Twenty: ten pairs, each pair 6 s after the one before, the second of each a second after the first.
    expect(estimatedBatchMs(20, paceOf('qwen-mt-image'), 6_000)).toBe(9 * 6_000 + 1_000 + 6_000);
    expect(estimatedBatchMs(0, paceOf('qwen-mt-image'), 6_000)).toBe(0);
  });

  it('tells the minutes only when a batch takes more than one', () => {
    expect(minutesToTell(0)).toBeUndefined();
    expect(minutesToTell(60_000)).toBeUndefined();
    expect(minutesToTell(61_000)).toBe(1);
    expect(minutesToTell(126_000)).toBe(2);
    expect(minutesToTell(150_000)).toBe(3);
  });
});

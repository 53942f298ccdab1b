import { describe, expect, it } from 'vitest';
import {
  expectedWindow,
  fixedInterval,
  type Learned,
  MAX_INTERVAL_MS,
  MIN_STEP_MS,
  nextQueryDelay,
  type Pressure,
  PRIOR,
  PROBE_MS,
  remember,
  type TaskSeen,
} from './poll-schedule';

const NOTHING: Learned = { durationsMs: [], queuedMs: [] };
const learned = (durationsMs: number[], queuedMs: number[] = []): Learned => ({ durationsMs, queuedMs });

/**
 * The ages at which a task is asked about, until one at or after its end (`durationMs` from submission). The
 * reply tells RUNNING with `queuedMs` from the first query after the task started; before it, PENDING.
 */
function queryAges(durationMs: number, known: Learned, options: { queuedMs?: number; pressure?: Pressure } = {}): number[] {
  const queued = options.queuedMs ?? 0;
  const ages: number[] = [];
  const seen: TaskSeen = { ageMs: 0 };
  do {
    seen.ageMs += nextQueryDelay(seen, known, options.pressure);
    ages.push(seen.ageMs);
    if (seen.ageMs < queued) seen.pendingAtMs = seen.ageMs;
    else seen.queuedMs = queued;
  } while (seen.ageMs < durationMs && ages.length < 1_000);
  return ages;
}

describe('when to ask for status', () => {
  it('expects what recent tasks took: their median, between the shortest and the longest', () => {
    expect(expectedWindow(NOTHING)).toMatchObject({ ...PRIOR, learned: false });
    expect(expectedWindow(learned([6_000, 6_000, 6_000]))).toMatchObject({ centreMs: 6_000, fromMs: 6_000, toMs: 6_000 });
    // Spread: it opens earlier than the shortest, by what a next task may fall short of it.
    const spread = expectedWindow(learned([5_000, 7_000, 6_000]));
    expect(spread).toMatchObject({ centreMs: 6_000, toMs: 7_000 });
    expect(spread.fromMs).toBeLessThan(5_000);
    // One task: a share of it.
    expect(expectedWindow(learned([4_000])).fromMs).toBeLessThan(4_000);
    expect(remember(Array<number>(10).fill(1), 2)).toHaveLength(10);
  });

  it('asks at most 5 times for a first 6-second task, nothing learned, and sees its end within 0.5 s', () => {
    const ages = queryAges(6_000, NOTHING);
    expect(ages.length).toBeLessThanOrEqual(5);
    expect(ages.at(-1)! - 6_000).toBeLessThanOrEqual(500);
  });

  it('sees the end of any first task of 4.5 to 7.5 s within 0.5 s', () => {
    for (let duration = 4_500; duration <= 7_500; duration += 37) {
      expect(queryAges(duration, NOTHING).at(-1)! - duration).toBeLessThanOrEqual(500);
    }
  });

  it('asks twice about a task like the last ones: once early, once at the end it expects', () => {
    const ages = queryAges(6_000, learned([6_000, 6_000, 6_000]));
    expect(ages).toEqual([PROBE_MS, 6_000]);
  });

  it('sees the end of tasks that vary within their learned spread, in a few queries', () => {
    const spread = learned([4_800, 5_300, 5_900, 6_400, 7_200]);
    for (let duration = 4_800; duration <= 7_200; duration += 50) {
      const ages = queryAges(duration, spread);
      expect(ages.at(-1)! - duration).toBeLessThanOrEqual(500);
      expect(ages.length).toBeLessThanOrEqual(8);
    }
  });

  it('after one finished task, asks about the next exactly at its duration', () => {
    expect(queryAges(3_000, learned([3_000])).at(-1)).toBe(3_000);
  });

  it('moves the window by a queue wait longer than usual, read from the running task', () => {
    const usual = learned([6_000, 6_000, 6_000], [300, 300, 300]);
    // Started 4 s late: asked while pending (the probe), then at its end, 4 s later than usual.
    const ages = queryAges(10_000, usual, { queuedMs: 4_300 });
    expect(ages.at(-1)).toBe(10_000);
    expect(ages.length).toBeLessThanOrEqual(4);
    // Within the noise of the usual wait: nothing moves.
    expect(queryAges(6_000, usual, { queuedMs: 500 })).toEqual([PROBE_MS, 6_000]);
  });

  it('asks often only near the expected end, and backs off when a task overruns', () => {
    const ages = queryAges(60_000, learned([6_000, 6_000, 6_000]));
    const gaps = ages.slice(1).map((age, i) => age - ages[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_STEP_MS);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    expect(gaps.at(-1)).toBe(MAX_INTERVAL_MS);
    expect(ages.length).toBeLessThan(25);
  });

  it('with images waiting and nothing learned, asks about the first task at the pace of the budget', () => {
    const pressure = { othersWaiting: true, oldest: true };
    const ages = queryAges(3_000, NOTHING, { pressure });
    expect(ages[0]).toBe(PROBE_MS);
    expect(ages.at(-1)! - 3_000).toBeLessThan(MIN_STEP_MS);
    // A younger task is left to the usual schedule: the first one to end will teach it.
    expect(queryAges(3_000, NOTHING, { pressure: { othersWaiting: true, oldest: false } }).at(-1)).toBe(PRIOR.fromMs);
  });

  it('skips the early probe when the end is expected soon after it', () => {
    expect(queryAges(1_200, learned([1_200, 1_200, 1_200]))).toEqual([1_200]);
  });

  it('gives the same next query however often it is asked in between', () => {
    const cases: [Learned, Pressure | undefined, number | undefined][] = [
      [NOTHING, undefined, undefined],
      [NOTHING, { othersWaiting: true, oldest: true }, undefined],
      [learned([4_800, 5_300, 7_200]), { othersWaiting: true, oldest: false }, 300],
      [learned([6_000]), undefined, 2_500],
    ];
    for (const [known, pressure, queuedMs] of cases) {
      for (let age = 0; age < 40_000; age += 97) {
        const task = { ageMs: age, queuedMs };
        const next = age + nextQueryDelay(task, known, pressure);
        expect(next).toBeGreaterThan(age);
        const later = (age + next) / 2;
        expect(later + nextQueryDelay({ ...task, ageMs: later }, known, pressure)).toBeCloseTo(next, 6);
      }
    }
  });

  it('the baseline asks every interval from the submission, whenever it is asked', () => {
    const every5s = fixedInterval(5_000);
    expect(every5s({ ageMs: 0 })).toBe(5_000);
    expect(every5s({ ageMs: 3_000 })).toBe(2_000);
    expect(every5s({ ageMs: 5_000 })).toBe(5_000);
  });
});

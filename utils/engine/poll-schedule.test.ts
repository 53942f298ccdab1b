import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXPECTED_MS,
  expectedDuration,
  type Expectation,
  MAX_INTERVAL_MS,
  NEAR_END_INTERVAL_MS,
  nextQueryDelay,
  rememberDuration,
} from './poll-schedule';

/** The ages at which a task is asked about, until one at or after `durationMs`. */
function queryAges(durationMs: number, expected: Expectation): number[] {
  const ages: number[] = [];
  let age = 0;
  do {
    age += nextQueryDelay(age, expected);
    ages.push(age);
  } while (age < durationMs);
  return ages;
}

describe('when to ask for status', () => {
  it('learns the typical duration as the median of recent tasks', () => {
    expect(expectedDuration([])).toEqual({ ms: DEFAULT_EXPECTED_MS, confident: false });
    expect(expectedDuration([5_000, 30_000, 6_000])).toEqual({ ms: 6_000, confident: true });
    expect(expectedDuration([4_000, 6_000])).toEqual({ ms: 5_000, confident: false });
    expect(rememberDuration(Array(10).fill(1), 2)).toHaveLength(10);
  });

  it('asks at most 5 times for a 6-second task and sees its end within 0.4 s', () => {
    const ages = queryAges(6_000, expectedDuration([6_000, 6_100, 5_900]));
    expect(ages.length).toBeLessThanOrEqual(5);
    expect(ages.at(-1)! - 6_000).toBeLessThanOrEqual(400);
  });

  it('stays within budget before it has learned anything', () => {
    expect(queryAges(6_000, expectedDuration([])).length).toBeLessThanOrEqual(5);
  });

  it('asks often only near the expected end, and backs off when a task overruns', () => {
    const ages = queryAges(60_000, { ms: 6_000, confident: true });
    const gaps = ages.slice(1).map((age, i) => age - ages[i]!);
    expect(gaps.some((gap) => gap === NEAR_END_INTERVAL_MS)).toBe(true);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    expect(gaps.at(-1)).toBe(MAX_INTERVAL_MS);
    expect(ages.length).toBeLessThan(25);
  });

  it('catches a task much faster than usual early', () => {
    const ages = queryAges(1_000, { ms: 12_000, confident: false });
    expect(ages[0]).toBeLessThan(12_000);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_ASPECT, MAX_SIDE, MIN_SIDE } from './limits';
import { isLong, isUniformLine, partCount, planSlices, type SliceRect } from './slices';

const noGaps = () => false;

/** Every slice within the service's limits, the slices covering the picture edge to edge without overlap. */
function expectValid(width: number, height: number, slices: SliceRect[]): void {
  const tall = height >= width;
  let at = 0;
  for (const s of slices) {
    expect(Math.max(s.width, s.height) / Math.min(s.width, s.height)).toBeLessThanOrEqual(MAX_ASPECT);
    expect(Math.min(s.width, s.height)).toBeGreaterThanOrEqual(MIN_SIDE);
    expect(Math.max(s.width, s.height)).toBeLessThanOrEqual(MAX_SIDE);
    expect(tall ? [s.x, s.y, s.width] : [s.y, s.x, s.height]).toEqual([0, at, tall ? width : height]);
    at += tall ? s.height : s.width;
  }
  expect(at).toBe(tall ? height : width);
}

describe('cutting long pictures', () => {
  it('tells long pictures from those the service takes whole', () => {
    expect(isLong(600, 6000)).toBe(false);
    expect(isLong(600, 6001)).toBe(true);
    expect(isLong(6001, 600)).toBe(true);
    expect(isLong(800, 1200)).toBe(false);
    expect([partCount(800, 1200), partCount(600, 9000), partCount(1000, 100_000)]).toEqual([1, 2, 13]);
  });

  it('cuts a strip just over 10:1 in two', () => {
    const slices = planSlices(600, 6001, noGaps);
    expect(slices).toHaveLength(2);
    expectValid(600, 6001, slices);
  });

  it('cuts a 600 × 9000 strip in two, on a line of one colour near the middle', () => {
    const gaps = new Set([4380, 4381, 4382]);
    const slices = planSlices(600, 9000, (line) => gaps.has(line));
    expect(slices.map((s) => s.height)).toEqual([4382, 4618]);
    expectValid(600, 9000, slices);
  });

  it('prefers the line of one colour nearest the ideal cut', () => {
    const gaps = new Set([4100, 4520]);
    expect(planSlices(600, 9000, (line) => gaps.has(line))[0]!.height).toBe(4520);
  });

  it('cuts plainly when no line of one colour is near', () => {
    const gaps = new Set([100, 8900]);
    expect(planSlices(600, 9000, (line) => gaps.has(line)).map((s) => s.height)).toEqual([4500, 4500]);
  });

  it('never moves a cut so far that a slice passes the limits', () => {
    // A gap just past the longest slice allowed is not taken.
    const slices = planSlices(600, 6100, (line) => line === 6001 || line === 6050);
    expectValid(600, 6100, slices);
  });

  it('cuts a huge strip into as few slices as the 8192 px side allows', () => {
    const slices = planSlices(1000, 100_000, (line) => line % 977 === 0);
    expect(slices).toHaveLength(Math.ceil(100_000 / MAX_SIDE));
    expectValid(1000, 100_000, slices);
  });

  it('cuts very wide pictures by columns', () => {
    const slices = planSlices(20_000, 300, noGaps);
    expect(slices).toHaveLength(Math.ceil(20_000 / 3000));
    expectValid(20_000, 300, slices);
  });

  it('handles odd sizes, narrow strips among them', () => {
    for (const [w, h] of [
      [15, 151],
      [15, 1000],
      [601, 9001],
      [777, 77_777],
      [33, 8191],
    ] as const) {
      expectValid(
        w,
        h,
        planSlices(w, h, (line) => line % 7 === 0),
      );
    }
  });

  it('finds lines of one colour, within a tolerance', () => {
    const line = (...values: number[]) => new Uint8ClampedArray(values.flatMap((v) => [v, v, v, 255]));
    expect(isUniformLine(line(250, 250, 250))).toBe(true);
    expect(isUniformLine(line(250, 245, 253))).toBe(true);
    expect(isUniformLine(line(250, 250, 20))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { FINGERPRINT_SIDE, isBlank, samePicture, stillness } from './fingerprint';

const PIXELS = FINGERPRINT_SIDE * FINGERPRINT_SIDE;
/** A sample of one opaque colour, with `changed` pixels of another. */
function sample(rgb: [number, number, number], changed = 0, other: [number, number, number] = [255, 255, 255]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(PIXELS * 4);
  for (let p = 0; p < PIXELS; p++) data.set([...(p < changed ? other : rgb), 255], p * 4);
  return data;
}

describe('canvas fingerprints', () => {
  it('match the same picture, and one redrawn with the slight blur of scaling', () => {
    expect(samePicture(sample([200, 40, 40]), sample([200, 40, 40]))).toBe(true);
    expect(samePicture(sample([200, 40, 40]), sample([190, 60, 30]))).toBe(true);
  });

  it('tell another picture, even one that differs in a small part only', () => {
    expect(samePicture(sample([200, 40, 40]), sample([40, 40, 200]))).toBe(false);
    expect(samePicture(sample([255, 255, 255]), sample([255, 255, 255], 9, [0, 0, 0]))).toBe(false);
    expect(samePicture(sample([255, 255, 255]), sample([255, 255, 255], 8, [0, 0, 0]))).toBe(true);
  });

  it('tell a picture from the cleared canvas', () => {
    expect(samePicture(sample([200, 40, 40]), new Uint8ClampedArray(PIXELS * 4))).toBe(false);
  });

  it('tell samples of different sizes apart', () => {
    expect(samePicture(sample([0, 0, 0]), sample([0, 0, 0]).subarray(4))).toBe(false);
  });

  it('call a canvas with nothing drawn blank, and one with any drawn pixel not', () => {
    expect(isBlank(new Uint8ClampedArray(PIXELS * 4))).toBe(true);
    const dot = new Uint8ClampedArray(PIXELS * 4);
    dot[PIXELS * 2 + 3] = 255;
    expect(isBlank(dot)).toBe(false);
    expect(isBlank(sample([255, 255, 255]))).toBe(false);
  });

  it('count a canvas still from the sample where its picture last changed', () => {
    const first = stillness(undefined, sample([200, 40, 40]), 1_000);
    expect(first.since).toBe(1_000);
    // The same picture a second later: still since the first sample.
    expect(stillness(first, sample([205, 40, 40]), 2_000)).toBe(first);
    // Another picture: still only from now.
    expect(stillness(first, sample([40, 40, 200]), 2_500)).toEqual({ sample: sample([40, 40, 200]), since: 2_500 });
  });
});

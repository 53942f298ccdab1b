import { describe, expect, it } from 'vitest';
import { MAX_BYTES, MAX_SIDE } from '../limits';
import { fittedSize } from './read-image';

describe('pictures over the service limits', () => {
  it('are left at their size when within the limits', () => {
    expect(fittedSize(1200, 800, 2_000_000)).toEqual({ width: 1200, height: 800 });
  });

  it('are scaled to 8192 px on the long side, keeping their shape', () => {
    expect(fittedSize(16384, 4096, 0)).toEqual({ width: MAX_SIDE, height: 2048 });
  });

  it('are scaled by area to fit 10 MB, with a margin', () => {
    const { width, height } = fittedSize(4000, 3000, 4 * MAX_BYTES);
    expect(width / height).toBeCloseTo(4 / 3, 2);
    expect(width * height).toBeLessThanOrEqual((4000 * 3000) / 4);
  });
});

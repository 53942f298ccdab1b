import { MAX_ASPECT, MAX_SIDE, MIN_SIDE } from './limits';

/**
 * Long pictures (a webtoon strip, a long product page) cut into slices the service takes, each within 10:1 and
 * 15–8192 px a side. Pure: the page says which lines of pixels are one colour, and stitches the translated
 * slices back where these rects say.
 */
export interface SliceRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Wider than the service's shape allows, either way: translated in parts. */
export function isLong(width: number, height: number): boolean {
  return Math.max(width, height) / Math.min(width, height) > MAX_ASPECT;
}

/** The billed translations a picture takes: its parts, or 1 for one the service takes whole. */
export function partCount(width: number, height: number): number {
  return isLong(width, height) ? planSlices(width, height, () => false).length : 1;
}

/** How far from its ideal place a cut may move to fall on a line of one colour, as a share of the longest slice. */
const NEAR = 0.1;

/**
 * The slices of a `width` × `height` picture, in order along its long side, as few as the limits allow (each is
 * billed). `uniform(line)` says whether the line of pixels at this offset along the long side (a row of a tall
 * picture, a column of a wide one) is one colour: a cut falls on such a line when one is near the ideal place,
 * so that no line of text is cut in half; otherwise plainly at the ideal place.
 */
export function planSlices(width: number, height: number, uniform: (line: number) => boolean): SliceRect[] {
  const tall = height >= width;
  const long = tall ? height : width;
  const short = tall ? width : height;
  const maxLength = Math.min(MAX_SIDE, Math.floor(short * MAX_ASPECT));
  const minLength = Math.max(MIN_SIDE, Math.ceil(short / MAX_ASPECT));
  const count = Math.ceil(long / maxLength);
  const reach = Math.round(maxLength * NEAR);
  const cuts = [0];
  for (let k = 1; k < count; k++) {
    const previous = cuts[k - 1]!;
    const left = count - k;
    // Each slice within its limits, and what remains within the limits of the slices left.
    const lowest = Math.max(previous + minLength, long - left * maxLength);
    const highest = Math.min(previous + maxLength, long - left * minLength);
    const ideal = Math.min(highest, Math.max(lowest, Math.round(previous + (long - previous) / (left + 1))));
    let cut = ideal;
    for (let offset = 0; offset <= reach; offset++) {
      const found = [ideal - offset, ideal + offset].find((line) => line >= lowest && line <= highest && uniform(line));
      if (found !== undefined) {
        cut = found;
        break;
      }
    }
    cuts.push(cut);
  }
  cuts.push(long);
  return cuts.slice(1).map((end, i) => {
    const start = cuts[i]!;
    return tall ? { x: 0, y: start, width, height: end - start } : { x: start, y: 0, width: end - start, height };
  });
}

/** Whether RGBA pixels are all one colour, within `tolerance` on each channel (JPEG noise, anti-aliasing). */
export function isUniformLine(pixels: Uint8ClampedArray, tolerance = 8): boolean {
  for (let i = 4; i < pixels.length; i++) if (Math.abs(pixels[i]! - pixels[i % 4]!) > tolerance) return false;
  return true;
}

/**
 * What a canvas showed when it was read, kept small: its picture scaled to a square of 16 × 16 RGBA pixels
 * (1 KB), taken again on a timer while its translation shows. A page that draws the next comic page gets a
 * sample unlike the kept one, and the stale translation goes. Pure: the sampling itself is in canvas-picture.ts.
 */
export const FINGERPRINT_SIDE = 16;

/** A pixel of the sample changed when a channel moved more than this: scaling blurs a redraw of the same picture. */
const CHANNEL_TOLERANCE = 32;
/** Another picture when more than this share of the sample's pixels changed (8 of 256). */
const CHANGED_SHARE = 1 / 32;

/** Whether two samples show the same picture. */
export function samePicture(kept: ArrayLike<number>, now: ArrayLike<number>): boolean {
  if (kept.length !== now.length) return false;
  let changed = 0;
  for (let i = 0; i < kept.length; i += 4) {
    let moved = 0;
    for (let c = i; c < i + 4; c++) moved = Math.max(moved, Math.abs(kept[c]! - now[c]!));
    if (moved > CHANNEL_TOLERANCE) changed++;
  }
  return changed <= (kept.length / 4) * CHANGED_SHARE;
}

/** Nothing drawn yet: every pixel of the sample is transparent. */
export function isBlank(sample: ArrayLike<number>): boolean {
  for (let i = 3; i < sample.length; i += 4) if (sample[i] !== 0) return false;
  return true;
}

/** A picture as it has shown lately: its sample, and since when the canvas has shown the same picture. */
export interface StillPicture {
  sample: ArrayLike<number>;
  since: number;
}

/** How a canvas stands after a new sample `now`: still since the same time, or changed and still only from now. */
export function stillness(last: StillPicture | undefined, sample: ArrayLike<number>, now: number): StillPicture {
  return last && samePicture(last.sample, sample) ? last : { sample, since: now };
}

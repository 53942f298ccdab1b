/**
 * The look-ahead choice on an automatic site: which pictures go to the worker now, and in which order. Pure:
 * the page script measures the boxes and the viewport, this decides.
 */

/** An element's box in viewport coordinates (CSS pixels), as `getBoundingClientRect` gives it. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Viewport {
  width: number;
  height: number;
}

/** How far ahead of a still or slow reader pictures are sent, in viewport heights (above and below). */
export const LOOK_AHEAD_SCREENS = 1;
/** The farthest reach, however fast the reader scrolls: pages a skimming reader flies past are not all bought. */
export const MAX_LOOK_AHEAD_SCREENS = 3;
/**
 * How long before the reader reaches a picture it must be sent to be ready: a task takes about 6 s, and at two
 * at a time the next may first wait for a slot.
 */
export const LEAD_TIME_S = 9;
/** Scroll positions older than this no longer count towards the reader's speed. */
export const SPEED_WINDOW_MS = 3_000;

export interface ScrollSample {
  at: number;
  y: number;
}

/**
 * The reader's speed in CSS px a second, from the scroll positions of the last few seconds: a reader who stopped
 * slows down to 0 as time passes with no new position.
 */
export function scrollSpeed(samples: readonly ScrollSample[], now: number): number {
  const recent = samples.filter((sample) => now - sample.at <= SPEED_WINDOW_MS);
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last || first === last) return 0;
  return Math.abs(last.y - first.y) / (Math.max(now - first.at, 1_000) / 1_000);
}

/**
 * How far ahead to send, in screens: one for a still reader, and for a steady one as far as they read in the
 * lead time, so that a page is translated by the time they reach it (one page every 4 s needs about three).
 */
export function reachScreens(speed: number, viewportHeight: number): number {
  if (viewportHeight <= 0) return LOOK_AHEAD_SCREENS;
  return Math.min(MAX_LOOK_AHEAD_SCREENS, Math.max(LOOK_AHEAD_SCREENS, (speed * LEAD_TIME_S) / viewportHeight));
}

/** CSS pixels between a box and the viewport; 0 when any of it is on screen. */
export function distanceFrom(box: Box, viewport: Viewport): number {
  const dx = Math.max(0, box.left - viewport.width, -box.right);
  const dy = Math.max(0, box.top - viewport.height, -box.bottom);
  return Math.hypot(dx, dy);
}

/**
 * The candidates within `screens` viewport heights of the viewport, nearest first (the higher one first between
 * two as near); those farther are left for when the reader comes closer.
 */
export function lookAheadChoice<T>(candidates: readonly { item: T; box: Box }[], viewport: Viewport, screens = LOOK_AHEAD_SCREENS): T[] {
  const reach = screens * viewport.height;
  return candidates
    .map((candidate) => ({ ...candidate, distance: distanceFrom(candidate.box, viewport) }))
    .filter((candidate) => candidate.distance <= reach)
    .sort((a, b) => a.distance - b.distance || a.box.top - b.box.top)
    .map((candidate) => candidate.item);
}

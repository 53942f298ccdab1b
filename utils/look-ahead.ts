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

/** How far ahead of the reader pictures are sent, in viewport heights (above and below). */
export const LOOK_AHEAD_SCREENS = 1;

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

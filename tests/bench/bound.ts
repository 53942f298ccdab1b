import { paceOf, type Pace } from '../../utils/engine/pace';
import { DEFAULT_MODEL } from '../../utils/models';

/**
 * The earliest each task can end when task `i` may not be sent before `releases[i]`, tasks are sent in this order,
 * and the limits hold: one submission a second, two tasks at a time (qwen-mt-image's pace unless told). With tasks
 * of one duration, sending each as early as the limits let is the best any schedule can do for every task at once.
 */
export function earliestEnds(releases: readonly number[], durationMs: number, pace: Pace = paceOf(DEFAULT_MODEL)): number[] {
  const ends: number[] = [];
  let lastStart = -Infinity;
  for (const [i, release] of releases.entries()) {
    const freed = i >= pace.maxInFlight ? [...ends].sort((a, b) => a - b)[i - pace.maxInFlight]! : -Infinity;
    const start = Math.max(release, lastStart + pace.gapMs, freed);
    ends.push(start + durationMs);
    lastStart = start;
  }
  return ends;
}

/** What a reader met: pages translated before they entered the viewport, and the waits for the others. */
export interface Reading {
  ready: number;
  /** Waits, in ms, of the pages not ready on entry that were translated in the end. */
  waitsMs: number[];
  /** Pages never translated. */
  missing: number;
}

/** `enteredAt[i]` against `shownAt[i]` (undefined: never shown). A page shown by the time it entered was ready. */
export function readingOf(enteredAt: readonly number[], shownAt: readonly (number | undefined)[]): Reading {
  const reading: Reading = { ready: 0, waitsMs: [], missing: 0 };
  enteredAt.forEach((entered, i) => {
    const shown = shownAt[i];
    if (shown === undefined) reading.missing++;
    else if (shown <= entered) reading.ready++;
    else reading.waitsMs.push(shown - entered);
  });
  return reading;
}

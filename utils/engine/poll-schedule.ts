/**
 * When to ask for a task's status next: rarely while it cannot be done yet, often near the end we expect.
 * The expected end is learned from how long recent tasks took (the provider's own submit/end times).
 */
export const DEFAULT_EXPECTED_MS = 8_000;
/** How often to ask once the task is due: the image reaches the screen within this of the task's end. */
export const NEAR_END_INTERVAL_MS = 300;
/** Start asking this long before the expected end. */
export const LEAD_MS = 250;
/** After the due window, back off geometrically up to this. */
export const MAX_INTERVAL_MS = 5_000;
const DUE_WINDOW_MS = 1_500;
const RECENT_TASKS = 10;
/** With this many recent tasks the typical duration is trusted enough to skip the early probe. */
const CONFIDENT_SAMPLES = 3;

export interface Expectation {
  ms: number;
  /** Enough recent tasks to trust `ms`; otherwise a cheap early query guards against a fast task. */
  confident: boolean;
}

/** The typical duration of recent tasks: their median, or the default before any has finished. */
export function expectedDuration(recentDurationsMs: readonly number[]): Expectation {
  const recent = recentDurationsMs
    .slice(-RECENT_TASKS)
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  if (recent.length === 0) return { ms: DEFAULT_EXPECTED_MS, confident: false };
  const mid = Math.floor(recent.length / 2);
  const ms = recent.length % 2 ? recent[mid]! : (recent[mid - 1]! + recent[mid]!) / 2;
  return { ms, confident: recent.length >= CONFIDENT_SAMPLES };
}

export function rememberDuration(recentDurationsMs: readonly number[], durationMs: number): number[] {
  return [...recentDurationsMs, durationMs].slice(-RECENT_TASKS);
}

/**
 * Milliseconds from now until the next status query of a task submitted `ageMs` ago.
 * - Before the expected end: while the typical duration is not yet trusted, one early query at half-way
 *   (catches an unusually fast task cheaply); then wait until just before the expected end.
 * - Around the expected end: every NEAR_END_INTERVAL_MS for a short window.
 * - Overrunning: back off geometrically, never slower than MAX_INTERVAL_MS.
 */
export function nextQueryDelay(ageMs: number, expected: Expectation): number {
  const dueAt = Math.max(expected.ms - LEAD_MS, NEAR_END_INTERVAL_MS);
  if (!expected.confident && ageMs < dueAt / 2 - 50) return dueAt / 2 - ageMs;
  if (ageMs < dueAt) return dueAt - ageMs;
  const overrun = ageMs - dueAt;
  if (overrun < DUE_WINDOW_MS) return NEAR_END_INTERVAL_MS;
  return Math.min(MAX_INTERVAL_MS, Math.max(NEAR_END_INTERVAL_MS, (overrun - DUE_WINDOW_MS) / 2 + NEAR_END_INTERVAL_MS));
}

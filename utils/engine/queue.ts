/**
 * The provider's limits for one account, shared by every tab: one task submission a second and two
 * tasks at a time. The queue derives what may start from the job records and the clock alone, so a
 * restarted worker decides exactly as the one before it did.
 */
/**
 * One a second, as documented. The engine counts it from the answer to the previous submission (the service took
 * that one before it answered), so no margin is needed for the time a request spends on the way or waiting in a
 * busy worker.
 */
export const MIN_SUBMIT_GAP_MS = 1_000;
export const MAX_IN_FLIGHT = 2;

export interface QueueView {
  id: string;
  /** queued: waiting; inFlight: a task exists at the provider (or may) and has not ended. */
  status: 'queued' | 'inFlight' | 'other';
  requestedAt: number;
  /** A queued job backing off after throttling may not start before this. */
  notBefore?: number;
}

export type QueueDecision = { start: string } | { wakeAt: number } | { idle: true };

export function nextToStart(jobs: readonly QueueView[], now: number, lastSubmitAt: number): QueueDecision {
  const inFlight = jobs.filter((j) => j.status === 'inFlight').length;
  const waiting = jobs.filter((j) => j.status === 'queued').sort((a, b) => a.requestedAt - b.requestedAt);
  if (waiting.length === 0) return { idle: true };
  // Two in flight: a finishing task wakes the queue, no timer needed.
  if (inFlight >= MAX_IN_FLIGHT) return { idle: true };
  const gapEnds = lastSubmitAt + MIN_SUBMIT_GAP_MS;
  const ready = waiting.find((j) => (j.notBefore ?? 0) <= now);
  if (ready && gapEnds <= now) return { start: ready.id };
  const earliest = Math.min(...waiting.map((j) => Math.max(j.notBefore ?? 0, gapEnds)));
  return { wakeAt: Math.max(earliest, now + 1) };
}

/** Backoff after the provider throttled us: nothing was created, so the same request is sent again later. */
export function throttleBackoff(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

/**
 * The shortest possible time from the first submission to the last task's end, for `durationsMs` tasks in this
 * order, under the limits: one submission every MIN_SUBMIT_GAP_MS, MAX_IN_FLIGHT at a time.
 */
export function bestMakespan(durationsMs: readonly number[]): number {
  const ends: number[] = [];
  let lastStart = -Infinity;
  durationsMs.forEach((duration, i) => {
    const freed = i >= MAX_IN_FLIGHT ? [...ends].sort((a, b) => a - b)[i - MAX_IN_FLIGHT]! : 0;
    const start = Math.max(lastStart + MIN_SUBMIT_GAP_MS, freed, 0);
    ends.push(start + duration);
    lastStart = start;
  });
  return ends.length ? Math.max(...ends) : 0;
}

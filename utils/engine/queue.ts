/**
 * Each model's limits for one account, shared by every tab (see pace.ts). The queue derives what may start from
 * the job records, each model's pace and the clock alone, so a restarted worker decides exactly as the one before
 * it did.
 */
export interface QueueView {
  id: string;
  /** Each model is paced on its own. */
  model: string;
  /** queued: waiting; inFlight: a task exists at the provider (or may) and has not ended. */
  status: 'queued' | 'inFlight' | 'other';
  requestedAt: number;
  /** A queued job backing off after throttling may not start before this. */
  notBefore?: number;
}

/** Where a model stands against its pace. */
export interface ModelTurn {
  /** No submission of the model before this. */
  gapEndsAt: number;
  maxInFlight: number;
}

export type QueueDecision = { start: string } | { wakeAt: number } | { idle: true };

export function nextToStart(jobs: readonly QueueView[], now: number, turnOf: (model: string) => ModelTurn): QueueDecision {
  const waiting = jobs.filter((j) => j.status === 'queued').sort((a, b) => a.requestedAt - b.requestedAt);
  let wake = Infinity;
  for (const job of waiting) {
    const turn = turnOf(job.model);
    // The model's tasks all in flight: a finishing one wakes the queue, no timer needed.
    if (jobs.filter((j) => j.status === 'inFlight' && j.model === job.model).length >= turn.maxInFlight) continue;
    const at = Math.max(job.notBefore ?? 0, turn.gapEndsAt);
    if (at <= now) return { start: job.id };
    wake = Math.min(wake, at);
  }
  return wake === Infinity ? { idle: true } : { wakeAt: Math.max(wake, now + 1) };
}

/** Backoff after the provider throttled us: nothing was created, so the same request is sent again later. */
export function throttleBackoff(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

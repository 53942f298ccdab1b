/** A task's life: its duration, and its status computed from the clock. */
import type { DurationRange, FakeTask, FakeTaskOutcome, FakeTaskStatus, ResultSource } from './contract';

const MAX_PENDING_MS = 300;

/** A number in [0, 1) from a seed and an index, always the same for both (mulberry32's first output). */
export function seededUnit(seed: number, index: number): number {
  let t = (Math.imul(seed | 0, 0x9e3779b1) + Math.imul(index + 1, 0x6d2b79f5)) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The duration of the task drawn `index`-th from a range. */
export function drawnDuration(range: DurationRange, index: number): number {
  return Math.round(range.minMs + (range.maxMs - range.minMs) * seededUnit(range.seed, index));
}

/** UTC+8 "YYYY-MM-DD HH:mm:ss.SSS", as the service reports times. */
export function providerTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '');
}

export class Task implements FakeTask {
  scheduledAt?: number;
  endsAt: number;
  queries = 0;
  failure?: { code: string; message: string };
  source?: ResultSource;
  result?: Buffer;
  readonly abort = new AbortController();
  readonly plannedEndsAt: number;
  readonly earliestScheduledAt: number;

  constructor(
    readonly id: string,
    readonly submittedAt: number,
    durationMs: number,
    readonly imageUrl: string,
    readonly sourceLang: string,
    readonly targetLang: string,
    readonly ext: unknown,
    readonly outcome: FakeTaskOutcome,
    readonly resultUrl: string,
  ) {
    this.plannedEndsAt = submittedAt + Math.max(0, durationMs);
    this.endsAt = this.plannedEndsAt;
    this.earliestScheduledAt = submittedAt + Math.min(MAX_PENDING_MS, Math.floor(Math.max(0, durationMs) / 3));
  }

  /** Called once the source image has been fetched and checked (or could not be). */
  ready(at: number): void {
    this.scheduledAt = Math.max(this.earliestScheduledAt, at);
    this.endsAt = this.failure || this.outcome === 'canceled' ? this.scheduledAt : Math.max(this.plannedEndsAt, this.scheduledAt);
  }

  statusAt(now: number): FakeTaskStatus {
    if (this.scheduledAt === undefined || now < this.scheduledAt) return 'PENDING';
    if (this.outcome === 'canceled') return 'CANCELED';
    if (this.failure) return 'FAILED';
    if (now < this.endsAt) return 'RUNNING';
    return this.outcome === 'fail' || this.outcome === 'content-rejected' ? 'FAILED' : 'SUCCEEDED';
  }

  get status(): FakeTaskStatus {
    return this.statusAt(Date.now());
  }
}

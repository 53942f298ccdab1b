import { storage } from 'wxt/utils/storage';
import type { TranslationRequest } from '../dashscope/request';
import type { JobAction, JobPhase, JobView } from '../protocol';
import { NO_TEXT, UNCERTAIN, type UserMessage } from './user-messages';

/** Where a job's image is on screen: the tab, the frame and the frame's name for the picture. */
export interface Target {
  tabId: number;
  frameId: number;
  /** The address, or a short alias of a long one (a data: URL): this is kept in storage.local (10 MB). */
  srcUrl: string;
}

/**
 * queued -> submitting -> polling(taskId) -> downloading -> done
 *    |          |               |                |
 *    |          +-> uncertain   +-> failed       +-> failed
 *    +-> cancelled (the user cancelled it, or nobody is left to show it to: never sent, never billed)
 * `uncertain`: the submission was sent and no answer came, so a task may exist and be billed. It is never
 * resubmitted without the user saying so.
 */
export type JobState =
  | { name: 'queued'; notBefore?: number; throttled: number }
  | { name: 'submitting'; since: number }
  | { name: 'uncertain' }
  | { name: 'polling'; taskId: string; submittedAt: number; nextQueryAt: number; queries: number; failures: number }
  | { name: 'downloading'; taskId: string; imageUrl: string; noText: boolean; failures: number }
  | { name: 'done'; noText: boolean }
  | { name: 'failed'; message: string; action?: JobAction }
  | { name: 'cancelled' };

export interface Job {
  id: string;
  cacheKey: string;
  endpoint: string;
  request: TranslationRequest;
  /**
   * Set when the service cannot download the picture itself: the bytes wait in the pending store under
   * the job's id until DashScope's temporary storage has them at `ossUrl`.
   */
  upload?: { filename: string; ossUrl?: string };
  targets: Target[];
  /** Asked for again from the history: no tab waits for it, and the page it came from is remembered. */
  again?: { pageUrl?: string };
  requestedAt: number;
  state: JobState;
}

export function isFinished(job: Job): boolean {
  return ['done', 'failed', 'uncertain', 'cancelled'].includes(job.state.name);
}

/** A task exists at the provider, or may: it counts against the two-at-a-time limit. */
export function isInFlight(job: Job): boolean {
  return job.state.name === 'submitting' || job.state.name === 'polling';
}

const phaseOf: Record<JobState['name'], JobPhase> = {
  queued: 'queued',
  submitting: 'submitting',
  uncertain: 'uncertain',
  polling: 'translating',
  downloading: 'downloading',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

function messageOf(state: JobState): UserMessage | undefined {
  if (state.name === 'failed') return { message: state.message, action: state.action };
  if (state.name === 'uncertain') return UNCERTAIN();
  if (state.name === 'done' && state.noText) return NO_TEXT();
  return undefined;
}

/** How a job stands, as an image at `srcUrl` (or the history, for a job asked for again) shows it. */
export function viewOf(job: Job, srcUrl: string): JobView {
  return { jobId: job.id, srcUrl, phase: phaseOf[job.state.name], requestedAt: job.requestedAt, ...messageOf(job.state) };
}

export interface EngineMemory {
  jobs: Record<string, Job>;
  lastSubmitAt: number;
  recentDurationsMs: number[];
}

/** The engine's whole memory, in extension storage: a worker stopped at any moment resumes from it. */
export const engineMemoryItem = storage.defineItem<EngineMemory>('local:engine', {
  fallback: { jobs: {}, lastSubmitAt: 0, recentDurationsMs: [] },
  version: 1,
});

const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;
const KEEP_FINISHED_COUNT = 100;

/** Finished jobs are kept a day (so a retry can find them), and never more than a hundred. */
export function pruneFinished(jobs: Record<string, Job>, now: number): Record<string, Job> {
  const finished = Object.values(jobs)
    .filter(isFinished)
    .sort((a, b) => b.requestedAt - a.requestedAt);
  const drop = new Set(finished.filter((j, i) => i >= KEEP_FINISHED_COUNT || now - j.requestedAt > KEEP_FINISHED_MS).map((j) => j.id));
  return Object.fromEntries(Object.entries(jobs).filter(([id]) => !drop.has(id)));
}

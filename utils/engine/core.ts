import { failureOf } from '../dashscope/errors';
import type { TranslationRequest } from '../dashscope/request';
import { blobToDataUrl } from '../data-url';
import { extensionForType } from '../picture-types';
import { isFinished, viewOf, type EngineMemory, type Job, type JobState, type ResumePoint, type Target } from './jobs';
import { nextQueryDelay, type Pressure, type TaskSeen } from './poll-schedule';
import { FRESH_BUDGET, type QueryBudget } from './query-budget';
import { holdMemory, type MemoryHolder } from './memory';
import type { EngineDeps } from './engine-deps';
import type { PartOf } from '../protocol';

export type StateNamed<N extends JobState['name']> = Extract<JobState, { name: N }>;

/** Status queries or downloads that fail in a row before the user is told. */
export const MAX_TRANSIENT_FAILURES = 8;
/** A 429 on a status query or a download: ask again after this, with the task kept. */
export const THROTTLED_BACKOFF_MS = 5_000;

export function uploadFilename(picture: Blob): string {
  return `image.${extensionForType(picture.type) ?? 'png'}`;
}

export function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/** What the engine's steps share: its dependencies, the one memory and the state of this worker's jobs. */
export interface EngineCore extends MemoryHolder {
  deps: EngineDeps;
  /** Jobs with a network call under way in this worker; lost with it, which is what we want. */
  busy: Set<string>;
  submitServerErrors: Map<string, number>;
  /** Every status query of every job comes out of this one budget (see query-budget.ts). */
  queryBudget: QueryBudget;
  /** Jobs whose task was seen ended, while its charge is recorded: they no longer hold a slot. */
  charging: Map<string, Promise<void>>;
  /** When each job's task was last asked about: tasks due together take turns. */
  lastAsked: Map<string, number>;
  /** Work nobody awaits: whatever it throws is reported, never an unhandled rejection. */
  inBackground(work: Promise<unknown>): void;
  /** Usage bookkeeping: it never holds up or fails a job. */
  tell(report: () => unknown): Promise<void>;
  /** `image`: the translation just stored, shown without reading it back from the cache. */
  setState(job: Job, state: JobState, image?: Blob): Promise<void>;
  /** Sends the job to every image waiting for it; forgets targets that are gone. */
  broadcast(job: Job, cached?: Blob): Promise<void>;
  /** `from`: the state the failure happened in, which decides whether "Try again" resumes a task. */
  fail(job: Job, error: unknown, from?: JobState): Promise<void>;
  /** When to ask about a polling job next, from what finished tasks taught and what waits for its slot. */
  plannedQueryAt(job: Job, state: StateNamed<'polling'>, m: EngineMemory, now: number): number;
  /** The picture as each page of the job gives it again, with the origin that read it. */
  readFromPages(job: Job): Promise<({ picture: Blob; origin: string } | undefined)[]>;
  newJob(request: TranslationRequest, cacheKey: string, endpoint: string, targets: Target[], state: JobState, part?: PartOf): Job;
  tick(): Promise<void>;
}

/** Where a job that fails now could pick up again: its task, if one exists. */
export function resumePointOf(state: JobState): ResumePoint | undefined {
  if (state.name === 'polling') return { name: 'polling', taskId: state.taskId, submittedAt: state.submittedAt };
  if (state.name === 'downloading') {
    const { taskId, submittedAt, imageUrl, noText } = state;
    return { name: 'downloading', taskId, submittedAt, imageUrl, noText };
  }
  return undefined;
}

/** `tick`: the engine's tick, which runs the steps that use this core. */
export function createCore(deps: EngineDeps, tick: () => Promise<void>): EngineCore {
  const queryDelay = deps.queryDelay ?? nextQueryDelay;
  const { mem, persist, interrupted } = holdMemory(deps);

  async function tell(report: () => unknown): Promise<void> {
    try {
      await report();
    } catch {
      // The figures miss one image; the translation itself is fine.
    }
  }

  async function setState(job: Job, state: JobState, image?: Blob): Promise<void> {
    job.state = state;
    await persist();
    // Bytes waiting for upload go with the job's end: "Try again" reads them from the page again.
    if (job.upload && isFinished(job)) await deps.pending.delete(job.id);
    await broadcast(job, image);
  }

  async function imageDataUrl(job: Job): Promise<string | undefined> {
    const blob = await deps.cache.get(job.cacheKey);
    return blob ? blobToDataUrl(blob) : undefined;
  }

  async function broadcast(job: Job, cached?: Blob): Promise<void> {
    const shown = job.state.name === 'done' && !job.state.noText;
    const image = shown ? await (cached ? blobToDataUrl(cached) : imageDataUrl(job)) : undefined;
    const delivered = await Promise.all(job.targets.map((t) => deps.deliver(t, { ...viewOf(job, t.srcUrl), image })));
    const remaining = job.targets.filter((_, i) => delivered[i]);
    deps.changed?.(job);
    if (remaining.length === job.targets.length) return;
    job.targets = remaining;
    // Nobody left to show it to, and nothing sent yet: do not bill for it.
    if (remaining.length === 0 && job.state.name === 'queued') job.state = { name: 'cancelled' };
    await persist();
  }

  function plannedQueryAt(job: Job, state: StateNamed<'polling'>, m: EngineMemory, now: number): number {
    const jobs = Object.values(m.jobs);
    const pressure: Pressure = {
      othersWaiting: jobs.some((j) => j.state.name === 'queued'),
      oldest: !jobs.some((j) => j.id !== job.id && j.state.name === 'polling' && j.state.submittedAt < state.submittedAt),
    };
    const seen: TaskSeen = { ageMs: now - state.submittedAt, queuedMs: state.queuedMs, pendingAtMs: state.pendingAtMs };
    return now + queryDelay(seen, { durationsMs: m.recentDurationsMs, queuedMs: m.recentQueuedMs }, pressure);
  }

  return {
    deps,
    mem,
    persist,
    interrupted,
    busy: new Set<string>(),
    submitServerErrors: new Map<string, number>(),
    queryBudget: FRESH_BUDGET,
    charging: new Map<string, Promise<void>>(),
    lastAsked: new Map<string, number>(),
    inBackground(work) {
      work.catch((error: unknown) => deps.problem?.({ kind: 'unexpected', error }));
    },
    tell,
    setState,
    broadcast,
    async fail(job, error, from = job.state) {
      await setState(job, { name: 'failed', failure: failureOf(error), resume: resumePointOf(from) });
    },
    plannedQueryAt,
    readFromPages(job) {
      return Promise.all(job.targets.map((target) => deps.readFromPage?.(target, job.part?.rect)));
    },
    newJob(request, cacheKey, endpoint, targets, state, part) {
      return { id: deps.newId(), cacheKey, endpoint, request, targets, requestedAt: deps.now(), state, ...(part && { part }) };
    },
    tick,
  };
}

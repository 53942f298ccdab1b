import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import type { TranslationRequest } from '../dashscope/request';
import { submitRequestSchema } from '../dashscope/schemas';
import { sourceCodes, targetCodes } from '../languages';
import { MAX_URL_LENGTH } from '../limits';
import { DEFAULT_MODEL } from '../models';
import { modelSchema } from '../model-schema';
import type { Failure } from '../failure';
import { failureSchema, jobActionSchema } from '../failure-schema';
import type { JobPhase, JobView, PartOf } from '../protocol';
import { MAX_SLOWDOWN, type ModelPacing } from './pace';

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
  | {
      name: 'polling';
      taskId: string;
      submittedAt: number;
      nextQueryAt: number;
      queries: number;
      failures: number;
      /** scheduled_time − submit_time, from the first reply that found the task running. */
      queuedMs?: number;
      /** The task's age when a reply last found it still PENDING. */
      pendingAtMs?: number;
    }
  | { name: 'downloading'; taskId: string; submittedAt?: number; imageUrl: string; noText: boolean; failures: number; retryAt?: number }
  | { name: 'done'; noText: boolean }
  /** The failure as data, never its words: the job is shown later, perhaps in another language. */
  | { name: 'failed'; failure: Failure; resume?: ResumePoint }
  | { name: 'cancelled' };

/**
 * Where a failed job whose task exists picks up again on "Try again": its task is queried or its result
 * downloaded once more, never submitted again (that would bill twice).
 */
export type ResumePoint =
  | { name: 'polling'; taskId: string; submittedAt: number }
  | { name: 'downloading'; taskId: string; submittedAt?: number; imageUrl: string; noText: boolean };

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
  /** One slice of a long picture, billed as one image: its pages stitch the parts together. */
  part?: PartOf;
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

/** How a job stands, as an image at `srcUrl` (or the history, for a job asked for again) shows it. */
export function viewOf(job: Job, srcUrl: string): JobView {
  const { state } = job;
  const view: JobView = { jobId: job.id, srcUrl, phase: phaseOf[state.name], requestedAt: job.requestedAt };
  if (state.name === 'failed') view.failure = state.failure;
  if (state.name === 'uncertain') view.failure = { kind: 'uncertain' };
  if (state.name === 'done' && state.noText) view.noText = true;
  if (job.part) view.part = job.part;
  return view;
}

export interface EngineMemory {
  jobs: Record<string, Job>;
  /** Each model's last submission and how far 429s slowed it (pace.ts). */
  submitPace: Record<string, ModelPacing>;
  /** submit_time → end_time of the last tasks: what the poll schedule expects (kept across browser restarts). */
  recentDurationsMs: number[];
  /** submit_time → scheduled_time of the last tasks: their usual queue wait. */
  recentQueuedMs: number[];
}

const time = z.number().finite().nonnegative();
/** Where a task is picked up again: the polling and downloading states carry these and their own counters. */
const pollingPoint = z.object({ name: z.literal('polling'), taskId: z.string().min(1), submittedAt: time });
const downloadingPoint = z.object({
  name: z.literal('downloading'),
  taskId: z.string().min(1),
  submittedAt: time.optional(),
  imageUrl: z.string().min(1),
  noText: z.boolean(),
});
const pacingSchema: z.ZodType<ModelPacing> = z.object({ lastAt: time, slowdown: z.number().int().min(0).max(MAX_SLOWDOWN) });
const resumeSchema = z.discriminatedUnion('name', [pollingPoint, downloadingPoint]);
const count = z.number().int().nonnegative();
const currentStateSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('queued'), notBefore: time.optional(), throttled: count }),
  z.object({ name: z.literal('submitting'), since: time }),
  z.object({ name: z.literal('uncertain') }),
  pollingPoint.extend({
    nextQueryAt: time,
    queries: count,
    failures: count,
    queuedMs: time.optional(),
    pendingAtMs: time.optional(),
  }),
  downloadingPoint.extend({
    failures: count,
    retryAt: time.optional(),
  }),
  z.object({ name: z.literal('done'), noText: z.boolean() }),
  z.object({ name: z.literal('failed'), failure: failureSchema, resume: resumeSchema.optional() }),
  z.object({ name: z.literal('cancelled') }),
]);
/** Stored before failures were data: the sentence itself, in the language of its day, which is shown as it was. */
const wordedFailedSchema = z
  .object({
    name: z.literal('failed'),
    message: z.string(),
    action: jobActionSchema.optional(),
    reason: z.literal('monthly-limit').optional(),
    resume: resumeSchema.optional(),
  })
  .transform(({ message, action, reason, resume }): JobState => {
    const detail = { message, ...(action && { action }), ...(reason && { overLimit: true }) };
    return { name: 'failed', failure: { kind: 'worded', detail }, ...(resume && { resume }) };
  });
const jobStateSchema: z.ZodType<JobState> = currentStateSchema;
// A longer address is a page's picture itself (a data: URL), which must never fill storage.local: such a job,
// stored by an older version, is dropped.
const targetSchema = z.object({
  tabId: z.number().int(),
  frameId: z.number().int().nonnegative(),
  srcUrl: z.string().min(1).max(MAX_URL_LENGTH),
});
const jobSchema: z.ZodType<Job> = z.object({
  id: z.string().min(1),
  cacheKey: z.string().min(1),
  endpoint: z.string().min(1),
  request: z.object({
    // Jobs stored before the choice of model were all qwen-mt-image.
    model: modelSchema.default(DEFAULT_MODEL),
    imageUrl: z.string().min(1),
    sourceLang: z.enum(['auto', ...sourceCodes]),
    targetLang: z.enum(targetCodes),
    ext: submitRequestSchema.shape.input.shape.ext,
    scope: z.string().min(1).optional(),
  }),
  upload: z.object({ filename: z.string().min(1), ossUrl: z.string().min(1).optional() }).optional(),
  targets: z.array(targetSchema),
  again: z.object({ pageUrl: z.string().optional() }).optional(),
  part: z
    .object({
      group: z.string().min(1).max(100),
      index: count,
      count: count,
      rect: z.object({ x: count, y: count, width: count, height: count }),
    })
    .optional(),
  requestedAt: time,
  state: jobStateSchema,
});

/** The memory as stored, read job by job: a job that cannot be read is dropped and counted, the rest kept. */
export function readEngineMemory(stored: unknown): { memory: EngineMemory; dropped: number } {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const rawJobs = typeof record.jobs === 'object' && record.jobs !== null ? Object.entries(record.jobs as Record<string, unknown>) : [];
  const jobs: Record<string, Job> = {};
  let dropped = 0;
  for (const [id, raw] of rawJobs) {
    const parsed = jobSchema.safeParse(raw);
    if (parsed.success && parsed.data.id === id) jobs[id] = parsed.data;
    else dropped++;
  }
  // Read model by model: one that cannot be read starts afresh, as a model not sent to yet.
  const submitPace = Object.fromEntries(
    Object.entries(typeof record.submitPace === 'object' && record.submitPace !== null ? record.submitPace : {}).flatMap(([model, raw]) => {
      const parsed = pacingSchema.safeParse(raw);
      return parsed.success ? [[model, parsed.data]] : [];
    }),
  );
  const durations = z.array(z.number().finite().positive()).safeParse(record.recentDurationsMs);
  const queued = z.array(time).safeParse(record.recentQueuedMs);
  return {
    memory: {
      jobs,
      submitPace,
      recentDurationsMs: durations.success ? durations.data : [],
      recentQueuedMs: queued.success ? queued.data : [],
    },
    dropped,
  };
}

/**
 * The engine's whole memory, in extension storage: a worker stopped at any moment resumes from it. Its stored
 * versions are frozen in tests/fixtures/stored/: a new shape of a job comes with a migration.
 */
export const engineMemoryItem = storage.defineItem<unknown>('local:engine', {
  fallback: { jobs: {}, submitPace: {}, recentDurationsMs: [], recentQueuedMs: [] },
  version: 2,
  migrations: { 2: engineMemoryV2 },
});

/**
 * Version 1 kept a failure's sentence, in the language of the moment it failed, and one time of last submission
 * for every model. Version 2 keeps the failure as data (the old sentence is shown as it was, `worded`) and each
 * model's pace (the old time becomes qwen-mt-image's, the only model then). Anything else is left for
 * `readEngineMemory`, which drops and counts what it cannot read.
 */
export function engineMemoryV2(v1: unknown): unknown {
  if (typeof v1 !== 'object' || v1 === null) return v1;
  const { lastSubmitAt, jobs, ...rest } = v1 as Record<string, unknown>;
  const migratedJobs =
    typeof jobs === 'object' && jobs !== null
      ? Object.fromEntries(
          Object.entries(jobs).map(([id, job]: [string, unknown]) => {
            if (typeof job !== 'object' || job === null) return [id, job];
            const state = wordedFailedSchema.safeParse((job as { state?: unknown }).state);
            return [id, state.success ? { ...job, state: state.data } : job];
          }),
        )
      : jobs;
  const submitPace = typeof lastSubmitAt === 'number' ? { [DEFAULT_MODEL]: { lastAt: lastSubmitAt, slowdown: 0 } } : {};
  return { ...rest, jobs: migratedJobs, submitPace };
}

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

import type { DashScopeClient } from '../dashscope/client';
import { DashScopeError, failureOf, mayBeUnreachablePicture, taskFailure } from '../dashscope/errors';
import { buildSubmitRequest, type TranslationRequest } from '../dashscope/request';
import { cacheKeyFor, type BlobStore, type ResultCache } from '../cache';
import { blobToDataUrl } from '../data-url';
import { extensionForType } from '../picture-types';
import type { JobView, PageCounts } from '../protocol';
import {
  isFinished,
  isInFlight,
  pruneFinished,
  readEngineMemory,
  viewOf,
  type EngineMemory,
  type Job,
  type JobState,
  type ResumePoint,
  type Target,
} from './jobs';
import { answeredAt, currentPace, estimatedBatchMs, UNPACED } from './pace';
import { expectedWindow, nextQueryDelay, remember, type Learned, type Pressure, type TaskSeen } from './poll-schedule';
import { allotQueries, FRESH_BUDGET, pauseQueries, type QueryBudget } from './query-budget';
import { nextToStart, throttleBackoff, type QueueView } from './queue';
import { isOverLimit } from '../failure';

/** The picture to upload is no longer kept, and no page of the job could give it again. */
class PictureGone extends Error {}

function uploadFilename(picture: Blob): string {
  return `image.${extensionForType(picture.type) ?? 'png'}`;
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

type StateNamed<N extends JobState['name']> = Extract<JobState, { name: N }>;

/** Status queries or downloads that fail in a row before the user is told. */
const MAX_TRANSIENT_FAILURES = 8;
/** The service's own 5xx error reply to a submission means no task was created; it is tried this many times. */
const MAX_SUBMIT_SERVER_ERRORS = 3;
/** A 429 on a status query or a download: ask again after this, with the task kept. */
const THROTTLED_BACKOFF_MS = 5_000;
/** How long the service keeps a task and its result: a failed job within this is picked up, not resubmitted. */
export const TASK_KEPT_MS = 24 * 60 * 60 * 1000;

export type EngineProblem =
  | { kind: 'dropped-jobs'; count: number }
  | { kind: 'save-failed'; error: unknown }
  /** A fault of the engine's own (a bug): the job it hit failed, and the engine goes on. */
  | { kind: 'unexpected'; error: unknown };

/** Why no client can be had for a job's endpoint. */
export type NoClient = 'no-key' | 'endpoint-changed';

export interface EngineDeps {
  /**
   * A client for the endpoint with the key saved for it. A job made for another endpoint than the one the key
   * is now saved for gets none: the key never goes to a host it was not saved for.
   */
  clientFor(endpoint: string): Promise<DashScopeClient | NoClient>;
  cache: ResultCache;
  /** Pictures read from pages, by job id, until uploaded. */
  pending: BlobStore;
  /**
   * Reads the picture from the page that shows it (with its cookies), with the origin that read it; used when
   * the service could not download an address that looked public, such as an image behind a login, and when
   * the bytes waiting for upload are no longer kept.
   */
  readFromPage?(target: Target): Promise<{ picture: Blob; origin: string } | undefined>;
  /** Shows a job on one image; false when that tab or frame is gone. */
  deliver(target: Target, view: JobView): Promise<boolean>;
  /** Told after a job changed and was shown (to keep per-tab progress current). */
  changed?(job: Job): void;
  /**
   * A task SUCCEEDED: the service bills it, "No text detected" included. Rarely told twice for one task (the
   * worker stopped before the job moved on); `taskId` tells them apart. Never told for a cache hit.
   */
  billed?(job: Job, taskId: string, noText: boolean): unknown;
  /** A task's result is in the cache (none for "No text detected"), after the job was shown done. */
  translated?(job: Job, noText: boolean): unknown;
  /** What is stored: validated job by job when loaded. */
  load(): Promise<unknown>;
  save(memory: EngineMemory): Promise<void>;
  /**
   * Told of what went wrong outside any one job: stored jobs that could not be read (dropped), or memory that
   * could not be saved (the engine goes on from what it holds).
   */
  problem?(problem: EngineProblem): void;
  /**
   * The user's monthly limit and the images billed so far this month. Every submission counts against the
   * limit from the moment it is sent until its task is known to have failed.
   */
  spending?(): Promise<{ limit: number | null; billedThisMonth: number }>;
  /** Asks for `tick` at this time (null: nothing to wait for). */
  wakeAt(time: number | null): void;
  now(): number;
  newId(): string;
  /**
   * When to ask next about a task; adaptive unless a benchmark compares another schedule. A function of what it is
   * given: the same task asked again later, on the same knowledge, must get the same next query (the engine plans
   * again whenever it looks).
   */
  queryDelay?: (task: TaskSeen, learned: Learned, pressure: Pressure) => number;
}

export interface Engine {
  /**
   * Translates an image for a target, reusing a cached result or a job already under way. `upload` is the
   * picture itself, for one the service cannot download by address.
   */
  request(request: TranslationRequest, endpoint: string, target: Target, upload?: Blob): Promise<void>;
  /**
   * Translates a picture once more, from the history: a new task whatever the cache holds (its result
   * replaces the cached one), with no page waiting for it. Returns the job's id.
   */
  again(request: TranslationRequest, endpoint: string, pageUrl?: string): Promise<string>;
  /** The user asked again after a failure (only a target of the job may). */
  retry(jobId: string, tabId: number): Promise<void>;
  /** Withdraws a tab from every job not yet sent; a job nobody else waits for is cancelled, unbilled. */
  cancelWaiting(tabId: number): Promise<void>;
  /** How the jobs of a tab asked for since `since` stand. */
  progress(tabId: number, since: number): Promise<PageCounts>;
  /** Picks up every unfinished job after the worker started. */
  resume(): Promise<void>;
  /**
   * How long `images` new images of a model would take, from the first submission to the last task's end: at the
   * model's pace now, with tasks as long as recent ones were (or the usual 6 s before any).
   */
  estimateMs(images: number, model: string): Promise<number>;
  tick(): Promise<void>;
}

export function createEngine(deps: EngineDeps): Engine {
  const queryDelay = deps.queryDelay ?? nextQueryDelay;

  /** Work nobody awaits: whatever it throws is reported, never an unhandled rejection. */
  function inBackground(work: Promise<unknown>): void {
    work.catch((error: unknown) => deps.problem?.({ kind: 'unexpected', error }));
  }
  /** Jobs with a network call under way in this worker; lost with it, which is what we want. */
  const busy = new Set<string>();
  const submitServerErrors = new Map<string, number>();
  /** Every status query of every job comes out of this one budget (see query-budget.ts). */
  let queryBudget: QueryBudget = FRESH_BUDGET;
  /** Jobs whose task was seen ended, while its charge is recorded: they no longer hold a slot. */
  const charging = new Map<string, Promise<void>>();
  /** When each job's task was last asked about: tasks due together take turns. */
  const lastAsked = new Map<string, number>();

  /**
   * Loaded once per worker, and every caller shares the one load: two copies would each decide on their own
   * jobs (a `submitting` converted in one, still filling a slot in the other).
   */
  let loading: Promise<EngineMemory> | undefined;
  /** Jobs the last worker left mid-submission, now `uncertain`: their images are told at `resume`. */
  const interrupted: Job[] = [];
  function mem(): Promise<EngineMemory> {
    loading ??= deps.load().then((stored) => {
      const { memory, dropped } = readEngineMemory(stored);
      if (dropped) deps.problem?.({ kind: 'dropped-jobs', count: dropped });
      // No submission of this worker can be under way yet: a `submitting` job is one the last worker left.
      for (const job of Object.values(memory.jobs)) {
        if (job.state.name !== 'submitting') continue;
        // Stopped while uploading, no task can exist yet, so the job simply goes on; stopped between sending
        // and hearing back, a task may exist.
        job.state = job.upload && !job.upload.ossUrl ? { name: 'queued', throttled: 0 } : { name: 'uncertain' };
        if (job.state.name === 'uncertain') interrupted.push(job);
      }
      return memory;
    });
    return loading;
  }

  /** Usage bookkeeping: it never holds up or fails a job. */
  async function tell(report: () => unknown): Promise<void> {
    try {
      await report();
    } catch {
      // The figures miss one image; the translation itself is fine.
    }
  }

  /**
   * Writes the memory. A failed write is reported and the engine goes on from what it holds: a job is never
   * failed (and its task never lost) because storage refused a write.
   */
  async function persist(): Promise<void> {
    const m = await mem();
    const kept = pruneFinished(m.jobs, deps.now());
    const dropped = Object.keys(m.jobs).filter((id) => !(id in kept));
    m.jobs = kept;
    try {
      await deps.save(m);
      await Promise.all(dropped.map((id) => deps.pending.delete(id)));
    } catch (error) {
      deps.problem?.({ kind: 'save-failed', error });
    }
  }

  /** `image`: the translation just stored, shown without reading it back from the cache. */
  async function setState(job: Job, state: JobState, image?: Blob): Promise<void> {
    job.state = state;
    await persist();
    // Bytes waiting for upload go with the job's end: "Try again" reads them from the page again.
    if (job.upload && isFinished(job)) await deps.pending.delete(job.id);
    await broadcast(job, image);
  }

  /** Puts the picture in DashScope's temporary storage, once per job; no task exists before this ends. */
  async function uploaded(job: Job, upload: NonNullable<Job['upload']>, client: DashScopeClient): Promise<string> {
    if (upload.ossUrl) return upload.ossUrl;
    const picture = (await deps.pending.get(job.id)) ?? (await readFromPages(job)).find((r) => r?.origin === job.request.scope)?.picture;
    if (!picture) throw new PictureGone();
    upload.ossUrl = await client.upload(picture, upload.filename, job.request.model);
    await persist();
    return upload.ossUrl;
  }

  async function imageDataUrl(job: Job): Promise<string | undefined> {
    const blob = await deps.cache.get(job.cacheKey);
    return blob ? blobToDataUrl(blob) : undefined;
  }

  /** Sends the job to every image waiting for it; forgets targets that are gone. */
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

  function queueView(job: Job): QueueView {
    const status = job.state.name === 'queued' ? 'queued' : isInFlight(job) && !charging.has(job.id) ? 'inFlight' : 'other';
    const notBefore = job.state.name === 'queued' ? job.state.notBefore : undefined;
    return { id: job.id, model: job.request.model, status, requestedAt: job.requestedAt, notBefore };
  }

  /** When to ask about a polling job next, from what finished tasks taught and what waits for its slot. */
  function plannedQueryAt(job: Job, state: StateNamed<'polling'>, m: EngineMemory, now: number): number {
    const jobs = Object.values(m.jobs);
    const pressure: Pressure = {
      othersWaiting: jobs.some((j) => j.state.name === 'queued'),
      oldest: !jobs.some((j) => j.id !== job.id && j.state.name === 'polling' && j.state.submittedAt < state.submittedAt),
    };
    const seen: TaskSeen = { ageMs: now - state.submittedAt, queuedMs: state.queuedMs, pendingAtMs: state.pendingAtMs };
    return now + queryDelay(seen, { durationsMs: m.recentDurationsMs, queuedMs: m.recentQueuedMs }, pressure);
  }

  /** Where a job that fails now could pick up again: its task, if one exists. */
  function resumePointOf(state: JobState): ResumePoint | undefined {
    if (state.name === 'polling') return { name: 'polling', taskId: state.taskId, submittedAt: state.submittedAt };
    if (state.name === 'downloading') {
      const { taskId, submittedAt, imageUrl, noText } = state;
      return { name: 'downloading', taskId, submittedAt, imageUrl, noText };
    }
    return undefined;
  }

  /** `from`: the state the failure happened in, which decides whether "Try again" resumes a task. */
  async function fail(job: Job, error: unknown, from: JobState = job.state): Promise<void> {
    await setState(job, { name: 'failed', failure: failureOf(error), resume: resumePointOf(from) });
  }

  async function submit(job: Job, client: DashScopeClient): Promise<void> {
    const throttled = job.state.name === 'queued' ? job.state.throttled : 0;
    let imageUrl = job.request.imageUrl;
    try {
      if (job.upload) imageUrl = await uploaded(job, job.upload, client);
    } catch (error) {
      if (error instanceof PictureGone) return setState(job, { name: 'failed', failure: { kind: 'picture-gone' } });
      // Nothing was created yet: an upload that did not get through is simply tried again later.
      if (error instanceof DashScopeError && error.retryable && throttled < MAX_SUBMIT_SERVER_ERRORS) {
        return setState(job, { name: 'queued', throttled: throttled + 1, notBefore: deps.now() + throttleBackoff(throttled) });
      }
      return fail(job, error);
    }
    const m = await mem();
    // The model's gap counts from when the last submission was answered (the service took it before answering),
    // not from when it was decided: a key read, an upload or a busy worker may come between.
    const { model } = job.request;
    const answered = (outcome: Parameters<typeof answeredAt>[2]) =>
      (m.submitPace[model] = answeredAt(m.submitPace[model] ?? UNPACED, deps.now(), outcome));
    answered('other');
    let taskId: string;
    try {
      ({ taskId } = await client.submit(buildSubmitRequest(job.request, imageUrl)));
    } catch (error) {
      // A 429 slows the model's pace: nothing was created, and the account is over the model's limit.
      answered(error instanceof DashScopeError && error.kind === 'throttled' ? 'throttled' : 'other');
      if (!(error instanceof DashScopeError)) return fail(job, error);
      if (error.kind === 'throttled') {
        // Nothing was created: the same request goes back to the queue, later.
        return setState(job, { name: 'queued', throttled: throttled + 1, notBefore: deps.now() + throttleBackoff(throttled) });
      }
      if (error.kind === 'server') {
        const count = (submitServerErrors.get(job.id) ?? 0) + 1;
        submitServerErrors.set(job.id, count);
        if (count < MAX_SUBMIT_SERVER_ERRORS) {
          return setState(job, { name: 'queued', throttled: throttled + 1, notBefore: deps.now() + throttleBackoff(count) });
        }
      }
      // No answer, one we cannot read, or a gateway's own error page: a task may exist. Never resubmit without the user.
      if (error.kind === 'network' || error.kind === 'malformed' || error.kind === 'gateway') return setState(job, { name: 'uncertain' });
      return fail(job, error);
    }
    // The task exists: it is recorded before anything else runs, so that nothing failing here can lose it.
    const now = deps.now();
    answered('accepted');
    const polling: StateNamed<'polling'> = { name: 'polling', taskId, submittedAt: now, nextQueryAt: now, queries: 0, failures: 0 };
    polling.nextQueryAt = plannedQueryAt(job, polling, m, now);
    job.state = polling;
    submitServerErrors.delete(job.id);
    await setState(job, job.state);
  }

  async function poll(job: Job, state: StateNamed<'polling'>, client: DashScopeClient): Promise<void> {
    const m = await mem();
    try {
      const result = await client.query(state.taskId);
      const now = deps.now();
      switch (result.status) {
        case 'PENDING':
        case 'RUNNING': {
          const next: StateNamed<'polling'> = {
            ...state,
            queries: state.queries + 1,
            failures: 0,
            queuedMs: result.queuedMs ?? state.queuedMs,
            pendingAtMs: result.status === 'PENDING' ? now - state.submittedAt : state.pendingAtMs,
          };
          next.nextQueryAt = plannedQueryAt(job, next, m, now);
          job.state = next;
          return persist();
        }
        case 'SUCCEEDED': {
          m.recentDurationsMs = remember(m.recentDurationsMs, result.durationMs ?? now - state.submittedAt);
          if (result.queuedMs !== undefined) m.recentQueuedMs = remember(m.recentQueuedMs, result.queuedMs);
          // The task no longer holds a slot: the queue starts the next one while its charge is recorded (the job
          // stays `polling` until then, so a worker stopped meanwhile asks again and records it).
          const charge = tell(() => deps.billed?.(job, state.taskId, result.noTextDetected));
          charging.set(job.id, charge);
          inBackground(tick());
          await charge;
          const downloading: StateNamed<'downloading'> = {
            name: 'downloading',
            taskId: state.taskId,
            submittedAt: state.submittedAt,
            imageUrl: result.imageUrl,
            noText: result.noTextDetected,
            failures: 0,
          };
          const saved = setState(job, downloading);
          charging.delete(job.id);
          return download(job, downloading, client, saved);
        }
        case 'FAILED':
        case 'CANCELED':
          if (await switchedToUpload(job, result.code)) return;
          return setState(job, { name: 'failed', failure: taskFailure(result.code, result.message) });
        case 'UNKNOWN':
          return setState(job, { name: 'failed', failure: { kind: 'unknown-task' } });
      }
    } catch (error) {
      if (error instanceof DashScopeError && error.kind === 'throttled') {
        // Asked too often: the task itself is fine, so this is no failure of it. The account is over its pace,
        // whoever caused it: every query waits.
        queryBudget = pauseQueries(queryBudget, deps.now() + THROTTLED_BACKOFF_MS);
        job.state = { ...state, queries: state.queries + 1, nextQueryAt: deps.now() + THROTTLED_BACKOFF_MS };
        return persist();
      }
      if (error instanceof DashScopeError && error.retryable && state.failures + 1 < MAX_TRANSIENT_FAILURES) {
        const failures = state.failures + 1;
        job.state = { ...state, failures, queries: state.queries + 1, nextQueryAt: deps.now() + throttleBackoff(failures - 1) };
        return persist();
      }
      return fail(job, error);
    }
  }

  /**
   * The service could not download an address that looked public (a login, a firewall): read the picture
   * from the page instead and send it again through an upload. A failed task is not billed.
   */
  async function switchedToUpload(job: Job, code: string): Promise<boolean> {
    if (job.upload || !mayBeUnreachablePicture(code)) return false;
    const reads = await readFromPages(job);
    const read = reads.find((r) => r !== undefined);
    if (!read) return false;
    // What a page could read is translated for its origin alone; other pages ask in a job of their own, by address.
    const [own, others] = partition(job.targets, (t) => reads[job.targets.indexOf(t)]?.origin === read.origin);
    if (others.length) {
      const rest = newJob(job.request, job.cacheKey, job.endpoint, others, { name: 'queued', throttled: 0 });
      (await mem()).jobs[rest.id] = rest;
    }
    job.targets = own;
    job.request = { ...job.request, scope: read.origin };
    job.cacheKey = await cacheKeyFor(job.request);
    // Translated for this origin before: nothing to send.
    if (await deps.cache.get(job.cacheKey)) return setState(job, { name: 'done', noText: false }).then(() => true);
    await deps.pending.put(job.id, read.picture);
    job.upload = { filename: uploadFilename(read.picture) };
    await setState(job, { name: 'queued', throttled: 0 });
    return true;
  }

  /** The picture as each page of the job gives it again, with the origin that read it. */
  function readFromPages(job: Job): Promise<({ picture: Blob; origin: string } | undefined)[]> {
    return Promise.all(job.targets.map((target) => deps.readFromPage?.(target)));
  }

  /** `shown`: the downloading state being saved and shown, which the download does not wait for. */
  async function download(job: Job, state: StateNamed<'downloading'>, client: DashScopeClient, shown?: Promise<void>): Promise<void> {
    try {
      // "No text detected": the service returns the image unchanged, so there is nothing to fetch.
      const [, image] = await Promise.all([shown, state.noText ? undefined : client.download(state.imageUrl)]);
      if (image) await deps.cache.put(job.cacheKey, image);
      await setState(job, { name: 'done', noText: state.noText }, image);
      await tell(() => deps.translated?.(job, state.noText));
    } catch (error) {
      if (error instanceof DashScopeError && error.kind === 'throttled') {
        job.state = { ...state, retryAt: deps.now() + THROTTLED_BACKOFF_MS };
        return persist();
      }
      if (error instanceof DashScopeError && error.retryable && state.failures + 1 < MAX_TRANSIENT_FAILURES) {
        job.state = { ...state, failures: state.failures + 1, retryAt: deps.now() + throttleBackoff(state.failures) };
        return persist();
      }
      return fail(job, error, state);
    }
  }

  /** Runs one network step for a job, at most one at a time per job, and ticks again after it. */
  function launch(job: Job, step: (client: DashScopeClient) => Promise<void>): void {
    busy.add(job.id);
    inBackground(
      (async () => {
        try {
          const client = await deps.clientFor(job.endpoint);
          if (typeof client === 'string')
            await setState(job, { name: 'failed', failure: { kind: client }, resume: resumePointOf(job.state) });
          else await step(client);
        } catch (error) {
          await fail(job, error);
        } finally {
          busy.delete(job.id);
          inBackground(tick());
        }
      })(),
    );
  }

  let ticking = false;
  let tickAgain = false;

  /**
   * The user's monthly limit when one more submission would pass it, else null. Sent tasks count from the
   * moment they are sent (they may be billed) until they are known to have failed or are billed.
   */
  async function limitReached(m: EngineMemory): Promise<number | null> {
    const { limit } = (await deps.spending?.()) ?? { limit: null };
    if (limit === null) return null;
    // A task seen ended counts as billed once its charge is recorded, and no longer as sent.
    await Promise.all(charging.values());
    const { billedThisMonth } = (await deps.spending?.()) ?? { billedThisMonth: 0 };
    const sent = Object.values(m.jobs).filter(
      (j) => ['submitting', 'polling', 'uncertain'].includes(j.state.name) && !charging.has(j.id),
    ).length;
    return billedThisMonth + sent >= limit ? limit : null;
  }

  async function tickOnce(): Promise<void> {
    const m = await mem();
    const now = deps.now();
    const jobs = Object.values(m.jobs);
    let wake: number | null = null;
    const wakeNoLaterThan = (time: number) => {
      wake = wake === null ? time : Math.min(wake, time);
    };

    const due: Job[] = [];
    for (const job of jobs) {
      const state = job.state;
      if (state.name !== 'polling') lastAsked.delete(job.id);
      if (busy.has(job.id)) continue;
      if (state.name === 'polling') {
        // Planned again on what is known now (a task just ended, images began to wait). A query already due keeps
        // its turn, and one backing off after failures keeps its backoff.
        if (state.nextQueryAt > now && state.failures === 0) state.nextQueryAt = plannedQueryAt(job, state, m, now);
        if (state.nextQueryAt <= now) due.push(job);
        else wakeNoLaterThan(state.nextQueryAt);
      } else if (state.name === 'downloading') {
        if ((state.retryAt ?? 0) <= now) launch(job, (client) => download(job, state, client));
        else wakeNoLaterThan(state.retryAt!);
      }
    }

    // Every status query comes out of one budget: the longest waiting first; the rest are delayed, never dropped.
    const allotted = allotQueries(
      due,
      (job) => ({ ...(job.state as StateNamed<'polling'>), lastAskedAt: lastAsked.get(job.id) }),
      queryBudget,
      now,
    );
    queryBudget = allotted.budget;
    for (const job of allotted.go) {
      const state = job.state as StateNamed<'polling'>;
      lastAsked.set(job.id, now);
      launch(job, (client) => poll(job, state, client));
    }
    if (allotted.retryAt !== undefined) wakeNoLaterThan(allotted.retryAt);

    // A queued job whose picture is still being stored is not ready to be sent.
    const decision = nextToStart(jobs.filter((j) => !(busy.has(j.id) && j.state.name === 'queued')).map(queueView), now, (model) => {
      const pacing = m.submitPace[model] ?? UNPACED;
      const pace = currentPace(model, pacing);
      return { gapEndsAt: pacing.lastAt + pace.gapMs, maxInFlight: pace.maxInFlight };
    });
    if ('start' in decision) {
      const job = m.jobs[decision.start]!;
      const limit = await limitReached(m);
      if (limit !== null) {
        await setState(job, { name: 'failed', failure: { kind: 'monthly-limit', detail: { limit } } });
        tickAgain = true;
        return;
      }
      // Recorded before the request leaves: a worker stopped mid-send finds `submitting` and does not resend.
      job.state = { name: 'submitting', since: now };
      m.submitPace[job.request.model] = { ...(m.submitPace[job.request.model] ?? UNPACED), lastAt: now };
      await persist();
      inBackground(broadcast(job));
      launch(job, (client) => submit(job, client));
    } else if ('wakeAt' in decision) {
      wakeNoLaterThan(decision.wakeAt);
    }
    const active = jobs.some((j) => !isFinished(j));
    deps.wakeAt(active ? (wake ?? now + 1_000) : null);
  }

  async function tick(): Promise<void> {
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = true;
    try {
      do {
        tickAgain = false;
        await tickOnce();
      } while (tickAgain);
    } finally {
      ticking = false;
    }
  }

  function newJob(request: TranslationRequest, cacheKey: string, endpoint: string, targets: Target[], state: JobState): Job {
    return { id: deps.newId(), cacheKey, endpoint, request, targets, requestedAt: deps.now(), state };
  }

  return {
    async request(request, endpoint, target, upload) {
      const cacheKey = await cacheKeyFor(request);
      const m = await mem();
      const sameTarget = (t: Target) => t.tabId === target.tabId && t.frameId === target.frameId && t.srcUrl === target.srcUrl;
      const running = () => Object.values(m.jobs).find((j) => j.cacheKey === cacheKey && !isFinished(j));
      const cached = running() ? undefined : await deps.cache.get(cacheKey);
      // From here to the job's creation nothing awaits: the same picture asked for twice at once makes one job.
      const joined = running();
      if (joined) {
        if (!joined.targets.some(sameTarget)) joined.targets.push(target);
        await persist();
        return broadcast(joined);
      }
      if (cached) {
        const job = newJob(request, cacheKey, endpoint, [target], { name: 'done', noText: false });
        m.jobs[job.id] = job;
        await persist();
        return broadcast(job, cached);
      }
      const job = newJob(request, cacheKey, endpoint, [target], { name: 'queued', throttled: 0 });
      m.jobs[job.id] = job;
      if (upload) {
        job.upload = { filename: uploadFilename(upload) };
        // Not sent before its picture is stored.
        busy.add(job.id);
        try {
          await deps.pending.put(job.id, upload);
        } finally {
          busy.delete(job.id);
        }
      }
      await persist();
      await broadcast(job);
      return tick();
    },

    async again(request, endpoint, pageUrl) {
      const job = newJob(request, await cacheKeyFor(request), endpoint, [], { name: 'queued', throttled: 0 });
      job.again = pageUrl ? { pageUrl } : {};
      (await mem()).jobs[job.id] = job;
      await persist();
      await broadcast(job);
      inBackground(tick());
      return job.id;
    },

    async retry(jobId, tabId) {
      const job = (await mem()).jobs[jobId];
      if (!job || !job.targets.some((t) => t.tabId === tabId)) return;
      if (job.state.name !== 'failed' && job.state.name !== 'uncertain') return;
      const now = deps.now();
      job.requestedAt = now;
      submitServerErrors.delete(job.id);
      const resume = job.state.name === 'failed' ? job.state.resume : undefined;
      // A task the service still keeps is queried or downloaded again: submitting it again would bill twice.
      if (resume && now - (resume.submittedAt ?? now) < TASK_KEPT_MS) {
        await setState(
          job,
          resume.name === 'polling' ? { ...resume, nextQueryAt: now, queries: 0, failures: 0 } : { ...resume, failures: 0 },
        );
      } else {
        await setState(job, { name: 'queued', throttled: 0 });
      }
      return tick();
    },

    async cancelWaiting(tabId) {
      const m = await mem();
      const waiting = Object.values(m.jobs).filter((j) => j.state.name === 'queued' && j.targets.some((t) => t.tabId === tabId));
      for (const job of waiting) {
        const [leaving, staying] = partition(job.targets, (t) => t.tabId === tabId);
        job.targets = staying;
        if (staying.length === 0) job.state = { name: 'cancelled' };
        await Promise.all(leaving.map((t) => deps.deliver(t, { ...viewOf(job, t.srcUrl), phase: 'cancelled' })));
        deps.changed?.(job);
      }
      await persist();
    },

    async progress(tabId, since) {
      const jobs = Object.values((await mem()).jobs).filter((j) => j.requestedAt >= since && j.targets.some((t) => t.tabId === tabId));
      const count = (names: JobState['name'][]) => jobs.filter((j) => names.includes(j.state.name)).length;
      const overLimit = jobs.filter((j) => j.state.name === 'failed' && isOverLimit(j.state.failure)).length;
      return { total: jobs.length, done: count(['done']), failed: count(['failed', 'uncertain']), waiting: count(['queued']), overLimit };
    },

    async resume() {
      const m = await mem();
      await persist();
      // Pages keep their content scripts when the worker stops: tell each image where its job stands.
      await Promise.all([...interrupted, ...Object.values(m.jobs).filter((j) => !isFinished(j))].map((job) => broadcast(job)));
      return tick();
    },

    async estimateMs(images, model) {
      const m = await mem();
      const typicalTaskMs = expectedWindow({ durationsMs: m.recentDurationsMs, queuedMs: m.recentQueuedMs }).centreMs;
      return estimatedBatchMs(images, currentPace(model, m.submitPace[model]), typicalTaskMs);
    },

    tick,
  };
}

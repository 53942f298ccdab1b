/**
 * When to ask for a task's status next: rarely while it cannot be done yet, often around the end we expect.
 *
 * What a task's end is expected from, best first:
 * - the durations of recent tasks (the provider's submit_time → end_time), kept across browser restarts; the
 *   first task of a batch teaches the rest as soon as it ends;
 * - the task's own queue wait (scheduled_time − submit_time, told by the first query that finds it running): a
 *   task that waited longer than usual ends that much later;
 * - before anything is learned, a window of 4.5–7.5 s around 6 s: the fake service's default and close to the
 *   reference's own example (6.9 s from submission to end); any task ending in it is seen within 0.5 s.
 * One early query (the probe, 1 s after submission) reads the queue wait and catches a task that failed at once,
 * such as an image the service could not download (it is then sent by upload without waiting for the window).
 *
 * Each schedule is a fixed set of ages, given what is known: the next query is the first of them after the
 * task's age. So the engine may plan again at any moment — a duration was learned, images began to wait — and
 * planning twice on the same knowledge never postpones a query.
 */

/** What finished tasks taught, as differences of the provider's clock. */
export interface Learned {
  /** submit_time → end_time. */
  durationsMs: readonly number[];
  /** submit_time → scheduled_time: how long tasks waited before running. */
  queuedMs: readonly number[];
}

/** A task in flight, as its replies showed it. */
export interface TaskSeen {
  /** Local time since its submission was answered. */
  ageMs: number;
  /** scheduled_time − submit_time, once a reply told it. */
  queuedMs?: number;
  /** The age at which a reply last said PENDING: it has waited at least this long. */
  pendingAtMs?: number;
}

/** What the rest of the account's work makes of this task. */
export interface Pressure {
  /** Images wait for a slot: this task's end lets one start, so seeing it early is worth more queries. */
  othersWaiting: boolean;
  /** No task in flight was submitted before this one: it should end first. */
  oldest: boolean;
}

const CALM: Pressure = { othersWaiting: false, oldest: true };

/** The first query: reads the queue wait, catches a task that failed at once. */
export const PROBE_MS = 1_000;
/** No probe when the expected end is this close after it: the first look at the end does the same. */
const PROBE_LEAD_MS = 500;
/** Before any task has finished. */
export const PRIOR = { fromMs: 4_500, centreMs: 6_000, toMs: 7_500, stepMs: 500 } as const;
/**
 * The closest two queries of one task, and the pace at which a first task is asked when others wait on it: just
 * slower than the query budget's 3 a second, so that one task's queries before its end never use up the budget
 * that the query at its end needs.
 */
export const MIN_STEP_MS = 350;
const MAX_STEP_MS = 500;
/** After the expected window, keep its step this long, then back off. */
const OVERRUN_MS = 1_500;
/** Backing off, never slower than this. */
export const MAX_INTERVAL_MS = 5_000;
/** A queue wait within this of the usual one is noise, not a later start. */
const QUEUE_NOISE_MS = 500;
const RECENT_TASKS = 10;
/** With one finished task, the window is this share of its duration either side of it. */
const ONE_SAMPLE_WIDEN = 0.15;
/** The window is never widened by more than this share of the median. */
const MAX_WIDEN = 0.25;

/** Where the end of a task that started on time is expected (ages from submission), and how finely to look. */
export interface Window {
  fromMs: number;
  centreMs: number;
  toMs: number;
  stepMs: number;
  learned: boolean;
}

function recent(values: readonly number[], keep: (v: number) => boolean): number[] {
  return values
    .slice(-RECENT_TASKS)
    .filter((v) => Number.isFinite(v) && keep(v))
    .sort((a, b) => a - b);
}

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The window learned from recent tasks: their median, from the shortest to the longest. It opens earlier by what
 * a next task may fall short of them (for n durations spread over s, about s / (n − 1) below the shortest; none
 * for tasks of one fixed duration; a share of its own after one task); past the longest, the overrun's steps
 * cover a longer one. The prior before any.
 */
export function expectedWindow(learned: Learned): Window {
  const durations = recent(learned.durationsMs, (d) => d > 0);
  const centreMs = median(durations);
  if (centreMs === undefined) return { ...PRIOR, learned: false };
  const n = durations.length;
  const spread = durations[n - 1]! - durations[0]!;
  const widen = Math.min(MAX_WIDEN * centreMs, n === 1 ? ONE_SAMPLE_WIDEN * centreMs : spread / (n - 1));
  const fromMs = durations[0]! - widen;
  const toMs = durations[n - 1]!;
  const stepMs = Math.min(MAX_STEP_MS, Math.max(MIN_STEP_MS, (toMs - fromMs) / 4));
  return { fromMs, centreMs, toMs, stepMs, learned: true };
}

/** Keeps the last few measurements of one kind. */
export function remember(recentValues: readonly number[], value: number): number[] {
  return [...recentValues, value].slice(-RECENT_TASKS);
}

/** How much later than usual this task started (0 within the noise); negative when it started sooner. */
function startShift(task: TaskSeen, learned: Learned): number {
  const usual = median(recent(learned.queuedMs, (q) => q >= 0)) ?? 0;
  if (task.queuedMs !== undefined) {
    const shift = task.queuedMs - usual;
    return Math.abs(shift) > QUEUE_NOISE_MS ? shift : 0;
  }
  if (task.pendingAtMs !== undefined) {
    const shift = task.pendingAtMs - usual;
    return shift > QUEUE_NOISE_MS ? shift : 0;
  }
  return 0;
}

/**
 * The first point after `age` of: every `stepMs` through the window, aligned on its centre (so that tasks of a
 * fixed duration are asked about exactly at it) and on for OVERRUN_MS past its end; then gaps doubling up to
 * MAX_INTERVAL_MS.
 */
function pointAfter(age: number, w: Window): number {
  const first = w.centreMs - Math.floor((w.centreMs - w.fromMs) / w.stepMs) * w.stepMs;
  const last = first + Math.floor((w.toMs + OVERRUN_MS - first) / w.stepMs) * w.stepMs;
  if (age < first) return first;
  if (age < last) return first + (Math.floor((age - first) / w.stepMs) + 1) * w.stepMs;
  let point = last;
  let gap = w.stepMs;
  while (point <= age) {
    gap = Math.min(MAX_INTERVAL_MS, gap * 2);
    if (gap === MAX_INTERVAL_MS) return point + (Math.floor((age - point) / gap) + 1) * gap;
    point += gap;
  }
  return point;
}

/** Milliseconds from now until the next status query of a task. */
export function nextQueryDelay(task: TaskSeen, learned: Learned, pressure: Pressure = CALM): number {
  const age = task.ageMs;
  const expected = expectedWindow(learned);
  // A slot others wait for is worth seeing free sooner: a finer step (the query budget has the last word).
  const window =
    pressure.othersWaiting && expected.learned ? { ...expected, stepMs: Math.max(MIN_STEP_MS, expected.stepMs / 2) } : expected;
  const shift = startShift(task, learned);
  const next = pointAfter(age - shift, window) + shift;
  const firstLook = pointAfter(-Infinity, window) + shift;
  if (age < PROBE_MS && firstLook >= PROBE_MS + PROBE_LEAD_MS) return PROBE_MS - age;
  // Nothing learned yet and images waiting: the first task's end frees a slot and teaches every task how long
  // they take, so it is asked about at the budget's pace from the probe on, until the prior window's end.
  if (!expected.learned && pressure.othersWaiting && pressure.oldest && age < window.toMs + shift) {
    const paced = PROBE_MS + (Math.floor((age - PROBE_MS) / MIN_STEP_MS) + 1) * MIN_STEP_MS;
    return Math.min(paced, next) - age;
  }
  return next - age;
}

/** The benchmark's baseline: a query every `intervalMs` from the submission, whatever is known. */
export function fixedInterval(intervalMs: number): (task: TaskSeen) => number {
  return (task) => intervalMs - (task.ageMs % intervalMs);
}

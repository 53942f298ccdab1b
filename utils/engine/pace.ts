import { DEFAULT_MODEL, INTL_MODEL } from '../models';

/**
 * How fast one model may be sent tasks. Model Studio lists each model's limits, shared by the Alibaba Cloud
 * account and its RAM users: qwen-mt-image takes 60 requests a minute with 2 tasks at a time; qwen-mt-image-2.0
 * (Singapore) 1 request a minute. Jobs of different models are paced apart: each model has its own limits.
 */
export interface Pace {
  /** The least time from the answer to one submission to the next submission. */
  gapMs: number;
  /** Tasks of the model in flight at a time. */
  maxInFlight: number;
}

const listedPace: Readonly<Record<string, Pace>> = {
  [DEFAULT_MODEL]: { gapMs: 1_000, maxInFlight: 2 },
  [INTL_MODEL]: { gapMs: 60_000, maxInFlight: 2 },
};

/**
 * A model the user typed: the documentation gives no figure for it, so it gets the slowest listed pace. Too slow
 * costs the user time they are told of before "Translate all"; too fast costs refusals, each slowing it further.
 */
const TYPED_MODEL_PACE = listedPace[INTL_MODEL]!;

export function paceOf(model: string): Pace {
  return listedPace[model] ?? TYPED_MODEL_PACE;
}

/** How one model's submissions stand: kept in the engine's memory, so that a restarted worker keeps the pace. */
export interface ModelPacing {
  /** When the last submission was decided or answered, whichever is later. */
  lastAt: number;
  /** Each 429 on a submission doubles the model's gap, up to 2^MAX_SLOWDOWN times the listed one. */
  slowdown: number;
}

/** At most 8 times slower: qwen-mt-image then sends one task every 8 s, a typed model one every 8 minutes. */
export const MAX_SLOWDOWN = 3;

export const UNPACED: ModelPacing = { lastAt: 0, slowdown: 0 };

/** The model's pace now: the listed (or cautious) one, slowed by the refusals it met. */
export function currentPace(model: string, pacing: ModelPacing = UNPACED): Pace {
  const listed = paceOf(model);
  return { ...listed, gapMs: listed.gapMs * 2 ** pacing.slowdown };
}

/**
 * After the service answered a submission at `at`: a 429 slows the model down one step, an accepted task
 * speeds it up one step back towards the listed pace, anything else leaves the pace as it was.
 */
export function answeredAt(pacing: ModelPacing, at: number, outcome: 'accepted' | 'throttled' | 'other'): ModelPacing {
  const step = outcome === 'throttled' ? 1 : outcome === 'accepted' ? -1 : 0;
  return { lastAt: Math.max(pacing.lastAt, at), slowdown: Math.min(MAX_SLOWDOWN, Math.max(0, pacing.slowdown + step)) };
}

/**
 * The shortest possible time from the first submission to the last task's end, for `durationsMs` tasks in this
 * order, at a pace: one submission every `gapMs`, `maxInFlight` at a time (qwen-mt-image's unless told).
 */
export function bestMakespan(durationsMs: readonly number[], pace: Pace = paceOf(DEFAULT_MODEL)): number {
  const ends: number[] = [];
  let lastStart = -Infinity;
  durationsMs.forEach((duration, i) => {
    const freed = i >= pace.maxInFlight ? [...ends].sort((a, b) => a - b)[i - pace.maxInFlight]! : 0;
    const start = Math.max(lastStart + pace.gapMs, freed, 0);
    ends.push(start + duration);
    lastStart = start;
  });
  return ends.length ? Math.max(...ends) : 0;
}

/** How long `images` tasks of `typicalTaskMs` each take at a pace, from the first submission to the last end. */
export function estimatedBatchMs(images: number, pace: Pace, typicalTaskMs: number): number {
  return bestMakespan(Array<number>(images).fill(typicalTaskMs), pace);
}

const MINUTE_MS = 60_000;

/** Before "Translate all": the minutes to tell the user a batch takes, when that is more than one. */
export function minutesToTell(batchMs: number): number | undefined {
  return batchMs > MINUTE_MS ? Math.round(batchMs / MINUTE_MS) : undefined;
}

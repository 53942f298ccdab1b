import type { DashScopeClient } from '../dashscope/client';
import { isFinished, isInFlight, type Job } from './jobs';
import { currentPace, UNPACED } from './pace';
import { allotQueries } from './query-budget';
import { nextToStart, type QueueView } from './queue';
import { resumePointOf, type EngineCore, type StateNamed } from './core';
import { download } from './download';
import { poll } from './poll';
import { limitReached } from './spending';
import { submit } from './submit';

function queueView(core: EngineCore, job: Job): QueueView {
  const status = job.state.name === 'queued' ? 'queued' : isInFlight(job) && !core.charging.has(job.id) ? 'inFlight' : 'other';
  const notBefore = job.state.name === 'queued' ? job.state.notBefore : undefined;
  return { id: job.id, model: job.request.model, status, requestedAt: job.requestedAt, notBefore };
}

/** Runs one network step for a job, at most one at a time per job, and ticks again after it. */
function launch(core: EngineCore, job: Job, step: (client: DashScopeClient) => Promise<void>): void {
  core.busy.add(job.id);
  core.inBackground(
    (async () => {
      try {
        const client = await core.deps.clientFor(job.endpoint);
        if (typeof client === 'string')
          await core.setState(job, { name: 'failed', failure: { kind: client }, resume: resumePointOf(job.state) });
        else await step(client);
      } catch (error) {
        await core.fail(job, error);
      } finally {
        core.busy.delete(job.id);
        core.inBackground(core.tick());
      }
    })(),
  );
}

/** The engine's tick: one at a time, and once more when asked meanwhile. */
export function createTicker(core: EngineCore): () => Promise<void> {
  let ticking = false;
  let tickAgain = false;

  async function tickOnce(): Promise<void> {
    const m = await core.mem();
    const now = core.deps.now();
    const jobs = Object.values(m.jobs);
    let wake: number | null = null;
    const wakeNoLaterThan = (time: number) => {
      wake = wake === null ? time : Math.min(wake, time);
    };

    const due: Job[] = [];
    for (const job of jobs) {
      const state = job.state;
      if (state.name !== 'polling') core.lastAsked.delete(job.id);
      if (core.busy.has(job.id)) continue;
      if (state.name === 'polling') {
        // Planned again on what is known now (a task just ended, images began to wait). A query already due keeps
        // its turn, and one backing off after failures keeps its backoff.
        if (state.nextQueryAt > now && state.failures === 0) state.nextQueryAt = core.plannedQueryAt(job, state, m, now);
        if (state.nextQueryAt <= now) due.push(job);
        else wakeNoLaterThan(state.nextQueryAt);
      } else if (state.name === 'downloading') {
        if ((state.retryAt ?? 0) <= now) launch(core, job, (client) => download(core, job, state, client));
        else wakeNoLaterThan(state.retryAt!);
      }
    }

    // Every status query comes out of one budget: the longest waiting first; the rest are delayed, never dropped.
    const allotted = allotQueries(
      due,
      (job) => ({ ...(job.state as StateNamed<'polling'>), lastAskedAt: core.lastAsked.get(job.id) }),
      core.queryBudget,
      now,
    );
    core.queryBudget = allotted.budget;
    for (const job of allotted.go) {
      const state = job.state as StateNamed<'polling'>;
      core.lastAsked.set(job.id, now);
      launch(core, job, (client) => poll(core, job, state, client));
    }
    if (allotted.retryAt !== undefined) wakeNoLaterThan(allotted.retryAt);

    // A queued job whose picture is still being stored is not ready to be sent.
    const decision = nextToStart(
      jobs.filter((j) => !(core.busy.has(j.id) && j.state.name === 'queued')).map((job) => queueView(core, job)),
      now,
      (model) => {
        const pacing = m.submitPace[model] ?? UNPACED;
        const pace = currentPace(model, pacing);
        return { gapEndsAt: pacing.lastAt + pace.gapMs, maxInFlight: pace.maxInFlight };
      },
    );
    if ('start' in decision) {
      const job = m.jobs[decision.start]!;
      const limit = await limitReached(core, m);
      if (limit !== null) {
        await core.setState(job, { name: 'failed', failure: { kind: 'monthly-limit', detail: { limit } } });
        tickAgain = true;
        return;
      }
      // Recorded before the request leaves: a worker stopped mid-send finds `submitting` and does not resend.
      job.state = { name: 'submitting', since: now };
      m.submitPace[job.request.model] = { ...(m.submitPace[job.request.model] ?? UNPACED), lastAt: now };
      await core.persist();
      core.inBackground(core.broadcast(job));
      launch(core, job, (client) => submit(core, job, client));
    } else if ('wakeAt' in decision) {
      wakeNoLaterThan(decision.wakeAt);
    }
    const active = jobs.some((j) => !isFinished(j));
    core.deps.wakeAt(active ? (wake ?? now + 1_000) : null);
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

  return tick;
}

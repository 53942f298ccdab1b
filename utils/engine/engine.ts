import { cacheKeyFor } from '../cache';
import { isFinished, viewOf, type JobState, type Target } from './jobs';
import { currentPace, estimatedBatchMs } from './pace';
import { expectedWindow } from './poll-schedule';
import { isOverLimit } from '../failure';
import { createCore, partition, uploadFilename } from './core';
import { createTicker } from './tick';
import { spendingRoom } from './spending';
import type { Engine, EngineDeps } from './engine-deps';

export type { Engine, EngineDeps, EngineProblem, NoClient } from './engine-deps';

/** How long the service keeps a task and its result: a failed job within this is picked up, not resubmitted. */
export const TASK_KEPT_MS = 24 * 60 * 60 * 1000;

export function createEngine(deps: EngineDeps): Engine {
  // The steps tick again after each network call; the tick is made from them, so they reach it through this.
  const core = createCore(deps, () => tick());
  const tick = createTicker(core);

  return {
    async request(request, endpoint, target, upload, part) {
      const cacheKey = await cacheKeyFor(request);
      const m = await core.mem();
      const sameTarget = (t: Target) => t.tabId === target.tabId && t.frameId === target.frameId && t.srcUrl === target.srcUrl;
      // Two slices alike (two blank ones) are two parts all the same: each has its place to be stitched back in.
      const running = () => Object.values(m.jobs).find((j) => j.cacheKey === cacheKey && !isFinished(j) && j.part?.index === part?.index);
      const cached = running() ? undefined : await core.deps.cache.get(cacheKey);
      // From here to the job's creation nothing awaits: the same picture asked for twice at once makes one job.
      const joined = running();
      if (joined) {
        if (!joined.targets.some(sameTarget)) joined.targets.push(target);
        await core.persist();
        return core.broadcast(joined);
      }
      if (cached) {
        const job = core.newJob(request, cacheKey, endpoint, [target], { name: 'done', noText: false }, part);
        m.jobs[job.id] = job;
        await core.persist();
        return core.broadcast(job, cached);
      }
      const job = core.newJob(request, cacheKey, endpoint, [target], { name: 'queued', throttled: 0 }, part);
      m.jobs[job.id] = job;
      if (upload) {
        job.upload = { filename: uploadFilename(upload) };
        // Not sent before its picture is stored.
        core.busy.add(job.id);
        try {
          await core.deps.pending.put(job.id, upload);
        } finally {
          core.busy.delete(job.id);
        }
      }
      await core.persist();
      await core.broadcast(job);
      return tick();
    },

    async again(request, endpoint, pageUrl) {
      const job = core.newJob(request, await cacheKeyFor(request), endpoint, [], { name: 'queued', throttled: 0 });
      job.again = pageUrl ? { pageUrl } : {};
      (await core.mem()).jobs[job.id] = job;
      await core.persist();
      await core.broadcast(job);
      core.inBackground(tick());
      return job.id;
    },

    async retry(jobId, tabId) {
      const job = (await core.mem()).jobs[jobId];
      if (!job || !job.targets.some((t) => t.tabId === tabId)) return;
      if (job.state.name !== 'failed' && job.state.name !== 'uncertain') return;
      const now = core.deps.now();
      job.requestedAt = now;
      core.submitServerErrors.delete(job.id);
      const resume = job.state.name === 'failed' ? job.state.resume : undefined;
      // A task the service still keeps is queried or downloaded again: submitting it again would bill twice.
      if (resume && now - (resume.submittedAt ?? now) < TASK_KEPT_MS) {
        await core.setState(
          job,
          resume.name === 'polling' ? { ...resume, nextQueryAt: now, queries: 0, failures: 0 } : { ...resume, failures: 0 },
        );
      } else {
        await core.setState(job, { name: 'queued', throttled: 0 });
      }
      return tick();
    },

    async cancelWaiting(tabId, frameId) {
      const m = await core.mem();
      const withdrawn = (t: Target) => t.tabId === tabId && (frameId === undefined || t.frameId === frameId);
      const waiting = Object.values(m.jobs).filter((j) => j.state.name === 'queued' && j.targets.some(withdrawn));
      for (const job of waiting) {
        const [leaving, staying] = partition(job.targets, withdrawn);
        job.targets = staying;
        if (staying.length === 0) job.state = { name: 'cancelled' };
        await Promise.all(leaving.map((t) => core.deps.deliver(t, { ...viewOf(job, t.srcUrl), phase: 'cancelled' })));
        core.deps.changed?.(job);
      }
      await core.persist();
    },

    async progress(tabId, since) {
      const jobs = Object.values((await core.mem()).jobs).filter((j) => j.requestedAt >= since && j.targets.some((t) => t.tabId === tabId));
      const count = (names: JobState['name'][]) => jobs.filter((j) => names.includes(j.state.name)).length;
      const overLimit = jobs.filter((j) => j.state.name === 'failed' && isOverLimit(j.state.failure)).length;
      return { total: jobs.length, done: count(['done']), failed: count(['failed', 'uncertain']), waiting: count(['queued']), overLimit };
    },

    async resume() {
      const m = await core.mem();
      await core.persist();
      // Pages keep their content scripts when the worker stops: tell each image where its job stands.
      await Promise.all([...core.interrupted, ...Object.values(m.jobs).filter((j) => !isFinished(j))].map((job) => core.broadcast(job)));
      return tick();
    },

    async limitFor(images) {
      const spending = await spendingRoom(core, await core.mem(), true);
      return spending && spending.room < images ? spending.limit : null;
    },

    async estimateMs(images, model) {
      const m = await core.mem();
      const typicalTaskMs = expectedWindow({ durationsMs: m.recentDurationsMs, queuedMs: m.recentQueuedMs }).centreMs;
      return estimatedBatchMs(images, currentPace(model, m.submitPace[model]), typicalTaskMs);
    },

    tick,
  };
}

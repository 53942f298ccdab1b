import type { DashScopeClient } from '../dashscope/client';
import { DashScopeError, mayBeUnreachablePicture, taskFailure } from '../dashscope/errors';
import { cacheKeyFor } from '../cache';
import type { Job } from './jobs';
import { remember } from './poll-schedule';
import { pauseQueries } from './query-budget';
import { throttleBackoff } from './queue';
import { MAX_TRANSIENT_FAILURES, partition, THROTTLED_BACKOFF_MS, uploadFilename, type EngineCore, type StateNamed } from './core';
import { download } from './download';

export async function poll(core: EngineCore, job: Job, state: StateNamed<'polling'>, client: DashScopeClient): Promise<void> {
  const m = await core.mem();
  try {
    const result = await client.query(state.taskId);
    const now = core.deps.now();
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
        next.nextQueryAt = core.plannedQueryAt(job, next, m, now);
        job.state = next;
        return core.persist();
      }
      case 'SUCCEEDED': {
        m.recentDurationsMs = remember(m.recentDurationsMs, result.durationMs ?? now - state.submittedAt);
        if (result.queuedMs !== undefined) m.recentQueuedMs = remember(m.recentQueuedMs, result.queuedMs);
        // The task no longer holds a slot: the queue starts the next one while its charge is recorded (the job
        // stays `polling` until then, so a worker stopped meanwhile asks again and records it).
        const charge = core.tell(() => core.deps.billed?.(job, state.taskId, result.noTextDetected));
        core.charging.set(job.id, charge);
        core.inBackground(core.tick());
        await charge;
        const downloading: StateNamed<'downloading'> = {
          name: 'downloading',
          taskId: state.taskId,
          submittedAt: state.submittedAt,
          imageUrl: result.imageUrl,
          noText: result.noTextDetected,
          failures: 0,
        };
        const saved = core.setState(job, downloading);
        core.charging.delete(job.id);
        return download(core, job, downloading, client, saved);
      }
      case 'FAILED':
      case 'CANCELED':
        if (await switchedToUpload(core, job, result.code)) return;
        return core.setState(job, { name: 'failed', failure: taskFailure(result.code, result.message) });
      case 'UNKNOWN':
        return core.setState(job, { name: 'failed', failure: { kind: 'unknown-task' } });
    }
  } catch (error) {
    if (error instanceof DashScopeError && error.kind === 'throttled') {
      // Asked too often: the task itself is fine, so this is no failure of it. The account is over its pace,
      // whoever caused it: every query waits.
      core.queryBudget = pauseQueries(core.queryBudget, core.deps.now() + THROTTLED_BACKOFF_MS);
      job.state = { ...state, queries: state.queries + 1, nextQueryAt: core.deps.now() + THROTTLED_BACKOFF_MS };
      return core.persist();
    }
    if (error instanceof DashScopeError && error.retryable && state.failures + 1 < MAX_TRANSIENT_FAILURES) {
      const failures = state.failures + 1;
      job.state = { ...state, failures, queries: state.queries + 1, nextQueryAt: core.deps.now() + throttleBackoff(failures - 1) };
      return core.persist();
    }
    return core.fail(job, error);
  }
}

/**
 * The service could not download an address that looked public (a login, a firewall): read the picture
 * from the page instead and send it again through an upload. A failed task is not billed.
 */
async function switchedToUpload(core: EngineCore, job: Job, code: string): Promise<boolean> {
  if (job.upload || !mayBeUnreachablePicture(code)) return false;
  const reads = await core.readFromPages(job);
  const read = reads.find((r) => r !== undefined);
  if (!read) return false;
  // What a page could read is translated for its origin alone; other pages ask in a job of their own, by address.
  const [own, others] = partition(job.targets, (t) => reads[job.targets.indexOf(t)]?.origin === read.origin);
  if (others.length) {
    const rest = core.newJob(job.request, job.cacheKey, job.endpoint, others, { name: 'queued', throttled: 0 });
    (await core.mem()).jobs[rest.id] = rest;
  }
  job.targets = own;
  job.request = { ...job.request, scope: read.origin };
  job.cacheKey = await cacheKeyFor(job.request);
  // Translated for this origin before: nothing to send.
  if (await core.deps.cache.get(job.cacheKey)) return core.setState(job, { name: 'done', noText: false }).then(() => true);
  await core.deps.pending.put(job.id, read.picture);
  job.upload = { filename: uploadFilename(read.picture) };
  await core.setState(job, { name: 'queued', throttled: 0 });
  return true;
}

import type { DashScopeClient } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import { buildSubmitRequest } from '../dashscope/request';
import type { Job } from './jobs';
import { answeredAt, UNPACED } from './pace';
import { throttleBackoff } from './queue';
import type { EngineCore, StateNamed } from './core';

/** The picture to upload is no longer kept, and no page of the job could give it again. */
class PictureGone extends Error {}

/** The service's own 5xx error reply to a submission means no task was created; it is tried this many times. */
const MAX_SUBMIT_SERVER_ERRORS = 3;

/** Puts the picture in DashScope's temporary storage, once per job; no task exists before this ends. */
async function uploaded(core: EngineCore, job: Job, upload: NonNullable<Job['upload']>, client: DashScopeClient): Promise<string> {
  if (upload.ossUrl) return upload.ossUrl;
  const picture =
    (await core.deps.pending.get(job.id)) ?? (await core.readFromPages(job)).find((r) => r?.origin === job.request.scope)?.picture;
  if (!picture) throw new PictureGone();
  upload.ossUrl = await client.upload(picture, upload.filename, job.request.model);
  await core.persist();
  return upload.ossUrl;
}

export async function submit(core: EngineCore, job: Job, client: DashScopeClient): Promise<void> {
  const throttled = job.state.name === 'queued' ? job.state.throttled : 0;
  let imageUrl = job.request.imageUrl;
  try {
    if (job.upload) imageUrl = await uploaded(core, job, job.upload, client);
  } catch (error) {
    if (error instanceof PictureGone) return core.setState(job, { name: 'failed', failure: { kind: 'picture-gone' } });
    // Nothing was created yet: an upload that did not get through is simply tried again later.
    if (error instanceof DashScopeError && error.retryable && throttled < MAX_SUBMIT_SERVER_ERRORS) {
      return core.setState(job, { name: 'queued', throttled: throttled + 1, notBefore: core.deps.now() + throttleBackoff(throttled) });
    }
    return core.fail(job, error);
  }
  const m = await core.mem();
  // The model's gap counts from when the last submission was answered (the service took it before answering),
  // not from when it was decided: a key read, an upload or a busy worker may come between.
  const { model } = job.request;
  const answered = (outcome: Parameters<typeof answeredAt>[2]) =>
    (m.submitPace[model] = answeredAt(m.submitPace[model] ?? UNPACED, core.deps.now(), outcome));
  answered('other');
  let taskId: string;
  try {
    ({ taskId } = await client.submit(buildSubmitRequest(job.request, imageUrl)));
  } catch (error) {
    // A 429 slows the model's pace: nothing was created, and the account is over the model's limit.
    answered(error instanceof DashScopeError && error.kind === 'throttled' ? 'throttled' : 'other');
    if (!(error instanceof DashScopeError)) return core.fail(job, error);
    if (error.kind === 'throttled') {
      // Nothing was created: the same request goes back to the queue, later.
      return core.setState(job, { name: 'queued', throttled: throttled + 1, notBefore: core.deps.now() + throttleBackoff(throttled) });
    }
    if (error.kind === 'server') {
      const count = (core.submitServerErrors.get(job.id) ?? 0) + 1;
      core.submitServerErrors.set(job.id, count);
      if (count < MAX_SUBMIT_SERVER_ERRORS) {
        return core.setState(job, { name: 'queued', throttled: throttled + 1, notBefore: core.deps.now() + throttleBackoff(count) });
      }
    }
    // No answer, one we cannot read, or a gateway's own error page: a task may exist. Never resubmit without the user.
    if (error.kind === 'network' || error.kind === 'malformed' || error.kind === 'gateway')
      return core.setState(job, { name: 'uncertain' });
    return core.fail(job, error);
  }
  // The task exists: it is recorded before anything else runs, so that nothing failing here can lose it.
  const now = core.deps.now();
  answered('accepted');
  const polling: StateNamed<'polling'> = { name: 'polling', taskId, submittedAt: now, nextQueryAt: now, queries: 0, failures: 0 };
  polling.nextQueryAt = core.plannedQueryAt(job, polling, m, now);
  job.state = polling;
  core.submitServerErrors.delete(job.id);
  await core.setState(job, job.state);
}

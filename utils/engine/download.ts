import type { DashScopeClient } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { Job } from './jobs';
import { throttleBackoff } from './queue';
import { MAX_TRANSIENT_FAILURES, THROTTLED_BACKOFF_MS, type EngineCore, type StateNamed } from './core';

/** `shown`: the downloading state being saved and shown, which the download does not wait for. */
export async function download(
  core: EngineCore,
  job: Job,
  state: StateNamed<'downloading'>,
  client: DashScopeClient,
  shown?: Promise<void>,
): Promise<void> {
  try {
    // "No text detected": the service returns the image unchanged, so there is nothing to fetch.
    const [, image] = await Promise.all([shown, state.noText ? undefined : client.download(state.imageUrl)]);
    if (image) await core.deps.cache.put(job.cacheKey, image);
    await core.setState(job, { name: 'done', noText: state.noText }, image);
    await core.tell(() => core.deps.translated?.(job, state.noText));
  } catch (error) {
    if (error instanceof DashScopeError && error.kind === 'throttled') {
      job.state = { ...state, retryAt: core.deps.now() + THROTTLED_BACKOFF_MS };
      return core.persist();
    }
    if (error instanceof DashScopeError && error.retryable && state.failures + 1 < MAX_TRANSIENT_FAILURES) {
      job.state = { ...state, failures: state.failures + 1, retryAt: core.deps.now() + throttleBackoff(state.failures) };
      return core.persist();
    }
    return core.fail(job, error, state);
  }
}

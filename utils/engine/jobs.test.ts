import { describe, expect, it } from 'vitest';
import storedBeforeFailuresWereData from '../../tests/fixtures/storage/engine-failures-as-sentences.json';
import type { Failure, FailureKind } from '../failure';
import { jobWords } from '../failure-words';
import { engineMemoryV2, readEngineMemory, viewOf, type Job } from './jobs';

/** One failure of every kind, as the engine stores them now: the compiler asks for a new kind here. */
const everyFailure: Record<FailureKind, Failure> = {
  'invalid-key': { kind: 'invalid-key', code: 'InvalidApiKey', detail: 'Invalid API-key provided.' },
  'access-denied': { kind: 'access-denied', code: 'AccessDenied', detail: '' },
  'model-not-offered': { kind: 'model-not-offered', code: 'InvalidParameter', detail: 'Model not exist.' },
  arrearage: { kind: 'arrearage', code: 'Arrearage', detail: 'Access denied, please make sure your account is in good standing.' },
  'quota-exhausted': { kind: 'quota-exhausted', code: 'Throttling.AllocationQuota', detail: 'Allocated quota exceeded.' },
  'free-quota-exhausted': { kind: 'free-quota-exhausted', code: 'Throttling.AllocationQuota', detail: 'Free allocated quota exceeded.' },
  'free-tier-only': { kind: 'free-tier-only', code: 'AllocationQuota.FreeTierOnly', detail: '' },
  'content-refused': { kind: 'content-refused', code: 'DataInspectionFailed', detail: '' },
  'pair-refused': { kind: 'pair-refused', code: 'InvalidParameter', detail: 'Unsupported target_lang' },
  'invalid-parameter': { kind: 'invalid-parameter', code: 'InvalidParameter', detail: 'download failed' },
  'task-canceled': { kind: 'task-canceled', code: 'CANCELED', detail: '' },
  'service-failed': { kind: 'service-failed', code: 'InternalError', detail: 'boom' },
  network: { kind: 'network', detail: 'TypeError: Failed to fetch' },
  malformed: { kind: 'malformed', detail: '<html>' },
  'upload-too-large': { kind: 'upload-too-large', detail: { sizeMb: '12.5', maxMb: 10 } },
  'upload-failed': {
    kind: 'upload-failed',
    code: 'InvalidArgument',
    detail: { status: 400, code: 'InvalidArgument', message: 'bad', refusal: 'service-failed' },
  },
  'download-failed': { kind: 'download-failed', code: 'HTTP404', detail: { status: 404 } },
  'not-an-image': { kind: 'not-an-image', code: 'NotAnImage', detail: { type: 'text/html' } },
  'result-too-large': { kind: 'result-too-large', code: 'TooLarge', detail: { maxMb: 32 } },
  uncertain: { kind: 'uncertain' },
  'unknown-task': { kind: 'unknown-task' },
  'picture-gone': { kind: 'picture-gone' },
  'no-key': { kind: 'no-key' },
  'endpoint-changed': { kind: 'endpoint-changed' },
  'monthly-limit': { kind: 'monthly-limit', detail: { limit: 2 } },
  unexpected: { kind: 'unexpected', detail: 'TypeError: x is undefined' },
  'pair-not-offered': { kind: 'pair-not-offered', detail: { problem: 'no-pivot', source: 'ja', target: 'ko' } },
  'image-refused': { kind: 'image-refused', detail: { problem: 'too-small', width: 10, height: 10 } },
  unreadable: { kind: 'unreadable', detail: { problem: 'failed', error: 'TypeError: x' } },
  worded: { kind: 'worded', detail: { message: 'The image is too small.', action: 'retry' } },
};

function failedJob(failure: Failure): Job {
  return {
    id: `job-${failure.kind}`,
    cacheKey: 'k',
    endpoint: 'https://dashscope.example',
    request: { model: 'qwen-mt-image', imageUrl: 'https://shop.example/1.png', sourceLang: 'auto', targetLang: 'en' },
    targets: [{ tabId: 1, frameId: 0, srcUrl: 'https://shop.example/1.png' }],
    requestedAt: 1,
    state: { name: 'failed', failure },
  };
}

describe('a failed job in storage', () => {
  it('keeps the failure of every kind, not its words, through a save and a load', () => {
    const jobs = Object.fromEntries(Object.values(everyFailure).map((failure) => [`job-${failure.kind}`, failedJob(failure)]));
    const stored = JSON.parse(JSON.stringify({ jobs, lastSubmitAt: 0, recentDurationsMs: [], recentQueuedMs: [] })) as unknown;
    const { memory, dropped } = readEngineMemory(stored);
    expect(dropped).toBe(0);
    expect(memory.jobs).toEqual(jobs);
    for (const job of Object.values(memory.jobs)) expect(jobWords(viewOf(job, job.targets[0]!.srcUrl))?.message).toBeTruthy();
  });

  it('loads jobs an older version stored with the sentence itself, and shows that sentence as it was', () => {
    const { memory, dropped } = readEngineMemory(engineMemoryV2(storedBeforeFailuresWereData));
    expect(dropped).toBe(0);
    expect(Object.keys(memory.jobs)).toEqual(['job-limit', 'job-download', 'job-content']);
    const words = (id: string) => jobWords(viewOf(memory.jobs[id]!, 'https://shop.example/x.png'));
    expect(words('job-limit')).toEqual({ message: expect.stringContaining('monthly limit of 2 images'), action: 'open-settings' });
    expect(words('job-download')).toEqual({ message: expect.stringContaining('HTTP 503'), action: 'retry' });
    expect(words('job-content')).toEqual({ message: expect.stringContaining('declined this image’s content'), action: undefined });
    const limit = memory.jobs['job-limit']!.state;
    expect(limit).toMatchObject({ name: 'failed', failure: { kind: 'worded', detail: { overLimit: true } } });
    // "Try again" still picks up the task it had, instead of submitting (and billing) once more.
    expect(memory.jobs['job-download']!.state).toMatchObject({ name: 'failed', resume: { name: 'downloading', taskId: 'task-2' } });
  });
});

import { describe, expect, it } from 'vitest';
import { startFakeDashScope, type FakeDashScope } from '../../tests/fake-dashscope/server';
import { client, fake, failure, imageBase, KEY, request, useClientAgainstFake } from '../../tests/unit/client-support';
import { createDashScopeClient, SUBMIT_PATH } from './client';
import type { DashScopeErrorKind } from './errors';

useClientAgainstFake();

describe('error kinds', () => {
  it('invalid-key: a wrong key on submit', async () => {
    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.submit(request()));
    expect(error).toMatchObject({ kind: 'invalid-key', code: 'InvalidApiKey', httpStatus: 401 });
    expect(fake.tasksCreated()).toBe(0);
  });

  it('access-denied: a call without the async header', async () => {
    // What the service says, raw:
    const raw = await fetch(fake.url + SUBMIT_PATH, {
      method: 'POST',
      headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(request()),
    });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ code: 'AccessDenied', message: 'current user api does not support synchronous calls' });

    // And how the client maps it (a gateway that strips the header, say):
    const stripping = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('X-DashScope-Async');
        return fetch(input, { ...init, headers });
      },
    });
    const error = await failure(stripping.submit(request()));
    expect(error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied', httpStatus: 403 });
    expect(error.retryable).toBe(false);
  });

  it('invalid-parameter: a pair the service refuses, with its message', async () => {
    const error = await failure(client.submit(request({ source_lang: 'ja', target_lang: 'ko' })));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400 });
    expect(error.message).toMatch(/Chinese or English/);
    expect(error.retryable).toBe(false);
  });

  it('throttled: the real 1-per-second limit and the concurrency limit', async () => {
    await client.submit(request());
    const rate = await failure(client.submit(request()));
    expect(rate).toMatchObject({ kind: 'throttled', code: 'Throttling.RateQuota', httpStatus: 429 });
    expect(rate.retryable).toBe(true);

    fake.options.minSubmitIntervalMs = 0;
    await client.submit(request());
    const busy = await failure(client.submit(request()));
    expect(busy).toMatchObject({ kind: 'throttled', code: 'Throttling', httpStatus: 429 });
  });

  it.each<[string, Parameters<FakeDashScope['inject']>[0], DashScopeErrorKind, string, number, boolean]>([
    ['throttle', { on: 'submit', reply: 'throttle' }, 'throttled', 'Throttling.RateQuota', 429, true],
    ['allocation-quota', { on: 'submit', reply: 'allocation-quota' }, 'quota-exhausted', 'Throttling.AllocationQuota', 429, false],
    ['allocated-quota', { on: 'submit', reply: 'allocated-quota' }, 'quota-exhausted', 'Throttling.AllocationQuota', 429, false],
    ['free-tier-only', { on: 'submit', reply: 'free-tier-only' }, 'quota-exhausted', 'AllocationQuota.FreeTierOnly', 403, false],
    ['ip-infringement', { on: 'submit', reply: 'ip-infringement' }, 'content-rejected', 'IPInfringementSuspect', 400, false],
    [
      'inspection-parameter',
      { on: 'submit', reply: 'inspection-parameter' },
      'content-rejected',
      'InvalidParameter.DataInspection',
      400,
      false,
    ],
    ['arrearage', { on: 'submit', reply: 'arrearage' }, 'arrearage', 'Arrearage', 400, false],
    ['content-rejected', { on: 'submit', reply: 'content-rejected' }, 'content-rejected', 'DataInspectionFailed', 400, false],
    ['server-error', { on: 'submit', reply: 'server-error' }, 'server', 'InternalError', 500, true],
  ])('submit fault %s → %s', async (_name, fault, kind, code, httpStatus, retryable) => {
    fake.inject(fault);
    const error = await failure(client.submit(request()));
    expect(error).toMatchObject({ kind, code, httpStatus });
    expect(error.retryable).toBe(retryable);
    expect(fake.tasksCreated()).toBe(0);
  });

  it('network: a submission whose answer never comes (the task exists all the same)', async () => {
    fake.inject({ on: 'submit', reply: 'drop' });
    const error = await failure(client.submit(request()));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(fake.tasksCreated()).toBe(1);
  });

  it('gateway: a bare 502 page in reply to a submission is not the service saying no task was made', async () => {
    fake.inject({ on: 'submit', reply: 'gateway' });
    const error = await failure(client.submit(request()));
    expect(error).toMatchObject({ kind: 'gateway', code: 'HTTP502', httpStatus: 502 });
    expect(fake.tasksCreated()).toBe(1);
  });

  it('download: refuses an answer that is not a JPEG, PNG or WebP picture', async () => {
    const error = await failure(client.download(`${imageBase}/page.html`));
    expect(error.kind).toBe('bad-download');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('text/html');
    expect((await client.download(`${imageBase}/img/20x20.png`)).type).toBe('image/png');
  });

  it('download: refuses a picture over the size cap', async () => {
    const error = await failure(client.download(`${imageBase}/huge.png`));
    expect(error.kind).toBe('bad-download');
    expect(error.message).toContain('32 MB');
  });

  it('network: nothing listening', async () => {
    const closed = await startFakeDashScope();
    const url = closed.url;
    await closed.close();
    const nowhere = createDashScopeClient({ baseUrl: url, apiKey: KEY, timeoutMs: 2000 });
    expect((await failure(nowhere.query('x'))).kind).toBe('network');
  });

  it.each<[string, Parameters<FakeDashScope['inject']>[0], DashScopeErrorKind, number | undefined]>([
    ['malformed', { on: 'query', reply: 'malformed' }, 'malformed', 200],
    ['server-error', { on: 'query', reply: 'server-error' }, 'server', 500],
    ['throttle', { on: 'query', reply: 'throttle' }, 'throttled', 429],
    ['drop', { on: 'query', reply: 'drop' }, 'network', undefined],
  ])('query fault %s → %s, then the next query works', async (_name, fault, kind, httpStatus) => {
    const { taskId } = await client.submit(request());
    fake.inject(fault);
    const error = await failure(client.query(taskId));
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(httpStatus);
    expect(error.retryable).toBe(true);
    expect(['PENDING', 'RUNNING']).toContain((await client.query(taskId)).status);
  });

  it('download of a result that is not there', async () => {
    const error = await failure(client.download(`${fake.url}/results/nothing.png`));
    expect(error).toMatchObject({ kind: 'invalid-parameter', httpStatus: 404 });
  });
});

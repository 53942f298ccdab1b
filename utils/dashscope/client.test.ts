import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodePng, pixelAt, solidPng } from '../../tests/fake-dashscope/png';
import { startFakeDashScope, TRANSLATED_RGB, type FakeDashScope } from '../../tests/fake-dashscope/server';
import { createDashScopeClient, SUBMIT_PATH, type DashScopeClient, type TaskResult } from './client';
import { DashScopeError, type DashScopeErrorKind } from './errors';
import { languages, pairProblem, type SourceLanguage } from './languages';
import type { SubmitRequest } from './schemas';

const KEY = 'sk-client-test';
const SOURCE_RGB: [number, number, number] = [211, 51, 51];

let images: Server;
let imageBase = '';
let fake: FakeDashScope;
let client: DashScopeClient;

function request(input: Partial<SubmitRequest['input']> = {}): SubmitRequest {
  return {
    model: 'qwen-mt-image',
    input: { image_url: `${imageBase}/img/240x160.png`, source_lang: 'zh', target_lang: 'en', ...input },
  };
}

async function until(taskId: string, done: (r: TaskResult) => boolean = (r) => !['PENDING', 'RUNNING'].includes(r.status)) {
  const deadline = Date.now() + 5000;
  const seen: string[] = [];
  for (;;) {
    const result = await client.query(taskId);
    if (seen.at(-1) !== result.status) seen.push(result.status);
    if (done(result)) return { result, seen };
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${result.status}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** The DashScopeError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<DashScopeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DashScopeError);
    return error as DashScopeError;
  }
  throw new Error('expected a DashScopeError, but the call succeeded');
}

beforeAll(async () => {
  images = createServer((req, res) => {
    const m = /^\/img\/(\d+)x(\d+)\.png$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (m) res.writeHead(200, { 'Content-Type': 'image/png' }).end(solidPng(Number(m[1]), Number(m[2]), SOURCE_RGB));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  fake = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 300 });
});

afterAll(async () => {
  await fake.close();
  await new Promise((r) => images.close(r));
});

beforeEach(() => {
  fake.reset();
  client = createDashScopeClient({ baseUrl: fake.url + '/', apiKey: KEY, timeoutMs: 5000 });
});

describe('createDashScopeClient against the fake', () => {
  it('submits, polls to SUCCEEDED and downloads the translated image', async () => {
    const submitted = await client.submit(request());
    expect(submitted.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(submitted.requestId).toBeTruthy();

    // What went over the wire, as the reference asks.
    const sent = fake.submissions[0]!;
    expect(sent.status).toBe(200);
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['x-dashscope-async']).toBe('enable');
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.body).toEqual(request());

    expect(await client.query(submitted.taskId)).toEqual({ status: 'PENDING' });
    const { result, seen } = await until(submitted.taskId);
    expect(seen).toContain('RUNNING');
    expect(seen.at(-1)).toBe('SUCCEEDED');
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.imageUrl).toBe(`${fake.url}/results/${submitted.taskId}.png`);
    expect(result.noTextDetected).toBe(false);
    expect(result.imageCount).toBe(1);
    const task = fake.tasks.get(submitted.taskId)!;
    expect(result.durationMs).toBe(task.endsAt - task.submittedAt);
    expect(result.durationMs).toBeGreaterThanOrEqual(300);

    const blob = await client.download(result.imageUrl);
    expect(blob.type).toBe('image/png');
    const png = decodePng(new Uint8Array(await blob.arrayBuffer()));
    expect([png.width, png.height]).toEqual([240, 160]);
    expect(pixelAt(png, 120, 80)).toEqual([...TRANSLATED_RGB, 255]);
  });

  it('computes durationMs from the provider times, whatever the task took', async () => {
    fake.options.taskDurationMs = 700;
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.durationMs).toBeGreaterThanOrEqual(700);
    expect(result.durationMs).toBe(fake.tasks.get(taskId)!.endsAt - fake.tasks.get(taskId)!.submittedAt);
  });

  it('sends ext through unchanged', async () => {
    const ext = {
      domainHint: 'Tea shop menus.',
      sensitives: ['限时'],
      terminologies: [{ src: '奶茶', tgt: 'milk tea' }],
      config: { skipImgSegment: true },
    };
    const { taskId } = await client.submit(request({ ext }));
    expect(fake.tasks.get(taskId)!.ext).toEqual(ext);
  });

  it('reports noTextDetected, with the source image as the result', async () => {
    fake.inject({ on: 'task', outcome: 'no-text' });
    const { taskId } = await client.submit(request({ image_url: `${imageBase}/img/50x40.png` }));
    const { result } = await until(taskId);
    expect(result).toMatchObject({ status: 'SUCCEEDED', noTextDetected: true, imageCount: 1 });
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    const bytes = Buffer.from(await (await client.download(result.imageUrl)).arrayBuffer());
    expect(bytes.equals(solidPng(50, 40, SOURCE_RGB))).toBe(true);
  });

  it('reports FAILED and CANCELED tasks with a code and message', async () => {
    fake.options.minSubmitIntervalMs = 0;
    fake.options.maxConcurrentTasks = 3;
    fake.inject({ on: 'task', outcome: 'fail' }, { on: 'task', outcome: 'canceled' });
    const failed = await client.submit(request());
    const canceled = await client.submit(request());
    const tooSmall = await client.submit(request({ image_url: `${imageBase}/img/10x10.png` }));
    expect((await until(failed.taskId)).result).toEqual({
      status: 'FAILED',
      code: 'InternalError',
      message: 'An internal error has occured, please try again later.',
    });
    expect((await until(canceled.taskId)).result).toEqual({ status: 'CANCELED', code: 'CANCELED', message: '' });
    expect((await until(tooSmall.taskId)).result).toMatchObject({
      status: 'FAILED',
      code: 'InvalidParameter',
      message: expect.stringContaining('between 15 and 8192'),
    });
  });

  it('answers UNKNOWN for a task the service does not know', async () => {
    expect(await client.query('6f1c1b7e-0000-4000-8000-000000000000')).toEqual({ status: 'UNKNOWN' });
  });

  it('checkKey proves a good key without creating a task, and rejects a bad one', async () => {
    await expect(client.checkKey()).resolves.toBeUndefined();
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions).toHaveLength(0);
    expect(fake.queries).toMatchObject([{ status: 200, taskStatus: 'UNKNOWN' }]);

    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.checkKey());
    expect(error).toMatchObject({ kind: 'invalid-key', code: 'InvalidApiKey', httpStatus: 401, message: 'Invalid API-key provided.' });
    expect(error.requestId).toBeTruthy();
    expect(error.retryable).toBe(false);
  });
});

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

describe('the fake and pairProblem agree', () => {
  it('on every language pair', async () => {
    fake.options.minSubmitIntervalMs = 0;
    fake.options.maxConcurrentTasks = 10_000;
    const sources: SourceLanguage[] = ['auto', ...languages.map((l) => l.code)];
    const disagreements: string[] = [];
    for (const source of sources) {
      for (const { code: target } of languages) {
        const expected = pairProblem(source, target);
        const error = await client.submit(request({ source_lang: source, target_lang: target })).then(
          () => undefined,
          (e: DashScopeError) => e,
        );
        if (error && error.kind !== 'invalid-parameter') throw error;
        if ((expected === null) !== (error === undefined)) {
          disagreements.push(`${source}→${target}: client says ${expected ?? 'ok'}, fake says ${error?.message ?? 'ok'}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(fake.submissions).toHaveLength(sources.length * languages.length);
  });
});

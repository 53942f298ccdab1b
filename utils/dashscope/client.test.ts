import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodePng, pixelAt, solidPng } from '../../tests/fake-dashscope/png';
import { MODEL, startFakeDashScope, TRANSLATED_RGB, type FakeDashScope } from '../../tests/fake-dashscope/server';
import {
  createDashScopeClient,
  safeFileName,
  SUBMIT_PATH,
  toTaskResult,
  UPLOADS_PATH,
  type DashScopeClient,
  type TaskResult,
} from './client';
import { DashScopeError, type DashScopeErrorKind } from './errors';
import { languages, pairProblem, type SourceLanguage } from '../languages';
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
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (m) res.writeHead(200, { 'Content-Type': 'image/png' }).end(solidPng(Number(m[1]), Number(m[2]), SOURCE_RGB));
    else if (path === '/page.html') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<script>alert(1)</script>');
    // Announces more than the cap, and sends a little: the length alone must be enough to refuse it.
    else if (path === '/huge.png') res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': 40 * 1024 * 1024 }).end();
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

    // Not finished yet; whether it is still PENDING depends on how busy this machine is (no timed assertion).
    expect(['PENDING', 'RUNNING']).toContain((await client.query(submitted.taskId)).status);
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

  it('tells how long a running task waited before it ran, and a finished one too', async () => {
    fake.options.taskDurationMs = 900;
    const { taskId } = await client.submit(request());
    const { result: running } = await until(taskId, (r) => r.status !== 'PENDING');
    const task = fake.tasks.get(taskId)!;
    expect(running).toEqual({ status: 'RUNNING', queuedMs: task.scheduledAt! - task.submittedAt });
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.queuedMs).toBe(task.scheduledAt! - task.submittedAt);
  });

  it('reads the provider times as differences: the UTC+8 zone and the local clock do not matter', () => {
    const reply = (output: Record<string, string>) =>
      toTaskResult({ output: { task_id: 't', task_status: 'RUNNING', ...output } } as Parameters<typeof toTaskResult>[0]);
    // The reference's own example: 49 ms in the queue; across midnight in UTC+8 too.
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: '2025-08-13 18:11:17.003' })).toEqual({
      status: 'RUNNING',
      queuedMs: 49,
    });
    expect(reply({ submit_time: '2025-08-13 23:59:59.900', scheduled_time: '2025-08-14 00:00:01.100' })).toMatchObject({ queuedMs: 1_200 });
    // PENDING carries no scheduled_time; an unreadable or backwards time is no measurement.
    expect(reply({ task_status: 'PENDING', submit_time: '2025-08-13 18:11:16.954' })).toEqual({ status: 'PENDING' });
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: 'soon' })).toEqual({ status: 'RUNNING' });
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: '2025-08-13 18:11:15.000' })).toEqual({ status: 'RUNNING' });
    const done = toTaskResult({
      output: {
        task_id: 't',
        task_status: 'SUCCEEDED',
        submit_time: '2025-08-13 18:11:16.954',
        scheduled_time: '2025-08-13 18:11:17.003',
        end_time: '2025-08-13 18:11:23.860',
        image_url: 'http://oss.example/r.jpg',
      },
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', durationMs: 6_906, queuedMs: 49 });
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
    const policies = fake.policyRequests.length;
    await expect(client.checkKey(MODEL)).resolves.toBeUndefined();
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions).toHaveLength(0);
    expect(fake.policyRequests.slice(policies)).toMatchObject([{ status: 200 }]);

    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.checkKey(MODEL));
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

describe('upload (DashScope temporary storage)', () => {
  /** A fetch that records what the client sends, and may rewrite a reply. */
  function recordingFetch(rewrite?: (url: string, response: Response) => Promise<Response> | Response) {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const doFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      calls.push({ url, init });
      const response = await fetch(input, init);
      return rewrite ? rewrite(url, response) : response;
    };
    return { calls, fetch: doFetch };
  }

  /** The policy reply, with `data` changed. */
  const policyRewrite =
    (change: (data: Record<string, unknown>) => void) =>
    async (url: string, response: Response): Promise<Response> => {
      if (!url.includes(UPLOADS_PATH)) return response;
      const json = (await response.json()) as { data: Record<string, unknown> };
      change(json.data);
      return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
    };

  const png = (w: number, h: number) => new Blob([new Uint8Array(solidPng(w, h, SOURCE_RGB))], { type: 'image/png' });

  it('uploads, submits the oss:// URL with the resolve header, and the task runs on the uploaded image', async () => {
    const recorder = recordingFetch();
    const uploading = createDashScopeClient({ baseUrl: fake.url, apiKey: KEY, fetch: recorder.fetch });
    const bytes = solidPng(97, 61, SOURCE_RGB);
    const url = await uploading.upload(new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png', MODEL);
    expect(url).toMatch(/^oss:\/\/dashscope-instant\/[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/photo\.png$/);
    const key = url.slice('oss://'.length);
    expect(fake.uploadedFiles.get(key)!.bytes.equals(bytes)).toBe(true);
    expect(fake.uploads).toEqual([{ at: expect.any(Number), status: 200, key, bytes: bytes.length, contentType: 'image/png' }]);

    // The policy request: GET with the key. The upload: a form, in the documented order, without the key.
    const [policyCall, uploadCall] = recorder.calls;
    expect(policyCall!.url).toBe(`${fake.url}${UPLOADS_PATH}?action=getPolicy&model=qwen-mt-image`);
    expect(new Headers(policyCall!.init?.headers).get('authorization')).toBe(`Bearer ${KEY}`);
    expect(uploadCall!.url).toBe(`${fake.url}/oss-upload`);
    expect(uploadCall!.init?.method).toBe('POST');
    expect(new Headers(uploadCall!.init?.headers).get('authorization')).toBeNull();
    const form = uploadCall!.init?.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect([...form.keys()]).toEqual([
      'OSSAccessKeyId',
      'Signature',
      'policy',
      'key',
      'x-oss-object-acl',
      'x-oss-forbid-overwrite',
      'success_action_status',
      'file',
    ]);
    expect(form.get('success_action_status')).toBe('200');
    expect((form.get('file') as File).name).toBe('photo.png');

    const { taskId } = await uploading.submit(request({ image_url: url }));
    const sent = fake.submissions[0]!;
    expect(sent.status).toBe(200);
    expect(sent.headers['x-dashscope-ossresourceresolve']).toBe('enable');
    expect(sent.headers['x-dashscope-async']).toBe('enable');
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(JSON.stringify(result));
    expect(fake.tasks.get(taskId)!.source).toMatchObject({ url, width: 97, height: 61 });
    const translated = decodePng(new Uint8Array(await (await uploading.download(result.imageUrl)).arrayBuffer()));
    expect([translated.width, translated.height]).toEqual([97, 61]);
  });

  it('sends the resolve header for oss:// URLs only', async () => {
    await client.submit(request());
    expect(fake.submissions[0]!.headers['x-dashscope-ossresourceresolve']).toBeUndefined();
  });

  it('a gateway that drops the resolve header gets invalid-parameter', async () => {
    const url = await client.upload(png(40, 40), 'a.png', MODEL);
    const stripping = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('X-DashScope-OssResourceResolve');
        return fetch(input, { ...init, headers });
      },
    });
    const error = await failure(stripping.submit(request({ image_url: url })));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400 });
    expect(error.message).toMatch(/does not appear to be valid/);
    expect(fake.tasksCreated()).toBe(0);
  });

  it('a task on an oss:// URL that was never uploaded FAILS with download failed', async () => {
    const { taskId } = await client.submit(request({ image_url: 'oss://dashscope-instant/none/2025-01-01/x/a.png' }));
    expect((await until(taskId)).result).toMatchObject({
      status: 'FAILED',
      code: 'InvalidParameter',
      message: expect.stringMatching(/download failed/),
    });
  });

  it.each([
    ['photo.png', 'image/png', 'photo.png', 'image/png'],
    ['my photo (1).PNG', 'image/png', 'my_photo_1_.PNG', 'image/png'],
    ['../../etc/passwd', 'image/png', 'passwd.png', 'image/png'],
    ['C:\\Users\\me\\菜单.jpg', 'image/jpeg', '_.jpg', 'image/jpeg'],
    ['.png', 'image/png', 'image.png', 'image/png'],
    ['', 'image/webp', 'image.webp', 'image/webp'],
    ['blob', 'image/bmp', 'blob.bmp', 'image/bmp'],
    ['converted.webp', '', 'converted.webp', 'image/webp'], // no type on the blob: one from the name
    ['mystery', '', 'mystery', 'application/octet-stream'],
  ])('names %j (%s) %j, sent as %s', async (filename, type, name, contentType) => {
    const url = await client.upload(new Blob([new Uint8Array(solidPng(20, 20, SOURCE_RGB))], { type }), filename, MODEL);
    expect(url.split('/').pop()).toBe(name);
    expect(fake.uploadedFiles.get(url.slice('oss://'.length))).toMatchObject({ contentType, filename: name });
  });

  it('safeFileName keeps names short and ASCII', () => {
    expect(safeFileName('x'.repeat(300) + '.png')).toHaveLength(100);
    expect(safeFileName('x'.repeat(300) + '.png').endsWith('.png')).toBe(true);
    expect(safeFileName('a b/c d?e=f#g.jpeg', 'image/jpeg')).toBe('c_d_e_f_g.jpeg');
  });

  it('invalid-key: a wrong key never reaches the storage', async () => {
    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'invalid-key', code: 'InvalidApiKey', httpStatus: 401 });
    expect(error.requestId).toBeTruthy();
    expect(fake.uploads).toHaveLength(0);
  });

  it('takes the upload policy whether its numbers come as numbers or as numeric strings', async () => {
    fake.options.policyNumbersAsText = true;
    expect(await client.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
    expect(fake.uploads).toHaveLength(1);
  });

  it('reports a task refused for its content after the fact with its own code', async () => {
    fake.inject({ on: 'task', outcome: 'content-rejected' });
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    expect(result).toMatchObject({ status: 'FAILED', code: 'data_inspection_failed' });
  });

  it('download: a 429 from the storage is throttling, to be retried', async () => {
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    fake.inject({ on: 'download', reply: 'throttle' });
    const error = await failure(client.download(result.imageUrl));
    expect(error).toMatchObject({ kind: 'throttled', httpStatus: 429 });
    expect((await client.download(result.imageUrl)).type).toBe('image/png');
  });

  it('server: policy server-error', async () => {
    fake.inject({ on: 'policy', reply: 'server-error' });
    const error = await failure(client.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'server', code: 'InternalError', httpStatus: 500 });
    expect(error.retryable).toBe(true);
    expect(fake.uploads).toHaveLength(0);
    expect(await client.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
  });

  it.each([
    ['server-error', 'server', 500, 'InternalError', true],
    ['forbidden', 'invalid-parameter', 403, 'AccessDenied', false],
  ] as const)('upload fault %s → %s, with a plain message', async (reply, kind, httpStatus, code, retryable) => {
    fake.inject({ on: 'upload', reply });
    const error = await failure(client.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind, httpStatus, code });
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(
      new RegExp(`^The image could not be uploaded to DashScope's temporary storage \\(HTTP ${httpStatus} ${code}: .+\\)\\.$`),
    );
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(fake.uploadedFiles.size).toBe(0);
  });

  it('invalid-parameter: a key already taken (409 FileAlreadyExists), e.g. a policy reused', async () => {
    let cached: string | undefined;
    const reusing = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes(UPLOADS_PATH)) return response;
        cached ??= await response.text();
        return new Response(cached, { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await reusing.upload(png(20, 20), 'same.png', MODEL);
    const error = await failure(reusing.upload(png(30, 30), 'same.png', MODEL));
    expect(error).toMatchObject({ kind: 'invalid-parameter', httpStatus: 409, code: 'FileAlreadyExists' });
  });

  it('an upload host answering without an OSS body still maps by status', async () => {
    const proxied = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: async (input, init) =>
        String(input).includes('/oss-upload') ? new Response('Bad Gateway', { status: 502 }) : fetch(input, init),
    });
    const error = await failure(proxied.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'server', httpStatus: 502, code: 'HTTP502' });
    expect(error.message).toBe("The image could not be uploaded to DashScope's temporary storage (HTTP 502).");
  });

  it.each<[string, (data: Record<string, unknown>) => void]>([
    ['no policy', (d) => delete d.policy],
    ['no upload_host', (d) => delete d.upload_host],
    ['an upload_host that is not http(s)', (d) => (d.upload_host = 'ftp://example.com/')],
    ['no upload_dir', (d) => delete d.upload_dir],
    ['no access key id', (d) => delete d.oss_access_key_id],
  ])('malformed: a policy reply with %s', async (_name, change) => {
    const odd = createDashScopeClient({ baseUrl: fake.url, apiKey: KEY, fetch: recordingFetch(policyRewrite(change)).fetch });
    const error = await failure(odd.upload(png(20, 20), 'a.png', MODEL));
    expect(error.kind).toBe('malformed');
    expect(fake.uploads).toHaveLength(0);
  });

  it('takes x_oss_forbid_overwrite as a JSON boolean too', async () => {
    const odd = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: recordingFetch(policyRewrite((d) => (d.x_oss_forbid_overwrite = true))).fetch,
    });
    expect(await odd.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
  });

  it('invalid-parameter: a file over the policy’s max_file_size_mb is not sent', async () => {
    const small = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: recordingFetch(policyRewrite((d) => (d.max_file_size_mb = 0.001))).fetch,
    });
    const error = await failure(small.upload(new Blob([new Uint8Array(2000)], { type: 'image/png' }), 'a.png', MODEL));
    expect(error.kind).toBe('invalid-parameter');
    expect(error.message).toMatch(/at most 0.001 MB/);
    expect(fake.uploads).toHaveLength(0);
  });

  it('network: the policy endpoint or the upload host does not answer', async () => {
    const closed = await startFakeDashScope();
    const url = closed.url;
    await closed.close();
    const nowhere = createDashScopeClient({ baseUrl: url, apiKey: KEY, timeoutMs: 2000 });
    expect((await failure(nowhere.upload(png(20, 20), 'a.png', MODEL))).kind).toBe('network');

    const lost = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      timeoutMs: 2000,
      fetch: recordingFetch(policyRewrite((d) => (d.upload_host = `${url}/oss-upload`))).fetch,
    });
    const error = await failure(lost.upload(png(20, 20), 'a.png', MODEL));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
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

describe('regions and models', () => {
  let singapore: FakeDashScope;
  let intl: DashScopeClient;
  beforeAll(async () => {
    singapore = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 50, region: 'singapore' });
    intl = createDashScopeClient({ baseUrl: singapore.url, apiKey: KEY });
  });
  afterAll(async () => {
    await singapore.close();
  });

  it('checkKey checks the pair of endpoint and model: Singapore offers qwen-mt-image-2.0, not qwen-mt-image', async () => {
    await expect(intl.checkKey('qwen-mt-image-2.0')).resolves.toBeUndefined();
    const error = await failure(intl.checkKey(MODEL));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400, message: 'Model not exist.' });
    expect(singapore.tasksCreated()).toBe(0);
  });

  it('asks the upload policy for the given model', async () => {
    const calls: string[] = [];
    const recording = createDashScopeClient({
      baseUrl: singapore.url,
      apiKey: KEY,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    const picture = new Blob([new Uint8Array(solidPng(20, 20, SOURCE_RGB))], { type: 'image/png' });
    expect(await recording.upload(picture, 'a.png', 'qwen-mt-image-2.0')).toMatch(/^oss:\/\//);
    expect(calls[0]).toBe(`${singapore.url}${UPLOADS_PATH}?action=getPolicy&model=qwen-mt-image-2.0`);
  });

  it('submits with the request’s model, and the region refuses the other one', async () => {
    const { taskId } = await intl.submit({ ...request(), model: 'qwen-mt-image-2.0' });
    expect(taskId).toBeTruthy();
    const error = await failure(intl.submit(request()));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400, message: 'Model not exist.' });
  });
});

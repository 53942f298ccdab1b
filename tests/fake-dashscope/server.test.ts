import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoResultFor } from '../fixtures/demo-translations';
import { decodePng, encodePng, pixelAt, readImageHeader, solidPng } from './png';
import { providerTime, startFakeDashScope, SUBMIT_PATH, TRANSLATED_RGB, type FakeDashScope } from './server';

const KEY = 'sk-test-key';
const SOURCE_RGB: [number, number, number] = [200, 30, 30];
const fixture = (name: string) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));

// --- a tiny image host, standing in for the web pages the images come from ---------------------------------

const GIF = Buffer.from('GIF89a\x20\x00\x20\x00\x80\x00\x00', 'latin1');
let images: Server;
let imageBase = '';

function startImageHost(): Promise<void> {
  images = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const solid = /^\/img\/(\d+)x(\d+)\.png$/.exec(path);
    if (solid) {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(solidPng(Number(solid[1]), Number(solid[2]), SOURCE_RGB));
    } else if (path === '/img/anim.gif') {
      res.writeHead(200, { 'Content-Type': 'image/gif' }).end(GIF);
    } else if (path === '/img/not-an-image.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end('<html>hello</html>');
    } else if (path.startsWith('/fixtures/')) {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(fixture(path.slice('/fixtures/'.length)));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) =>
    images.listen(0, '127.0.0.1', () => {
      imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

// --- helpers -------------------------------------------------------------------------------------------------

let fake: FakeDashScope;

function body(input: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    model: 'qwen-mt-image',
    input: { image_url: `${imageBase}/img/200x100.png`, source_lang: 'zh', target_lang: 'en', ...input },
    ...extra,
  };
}

const goodHeaders = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'X-DashScope-Async': 'enable' };

async function submit(payload: unknown = body(), headers: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(Object.entries({ ...goodHeaders, ...headers }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const response = await fetch(fake.url + SUBMIT_PATH, {
    method: 'POST',
    headers: merged,
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.status, json: (await response.json()) as any, response };
}

async function query(taskId: string, key = KEY) {
  const response = await fetch(`${fake.url}/api/v1/tasks/${taskId}`, { headers: { Authorization: `Bearer ${key}` } });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, response };
}

async function submitOk(payload: unknown = body()): Promise<string> {
  const reply = await submit(payload);
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.output.task_id as string;
}

/** Polls the task over HTTP until its status is one of `statuses`; returns every status seen on the way. */
async function pollUntil(taskId: string, statuses: string[], timeoutMs = 5000) {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await query(taskId);
    const status = reply.json.output.task_status as string;
    if (seen.at(-1) !== status) seen.push(status);
    if (statuses.includes(status)) return { reply, seen };
    if (Date.now() > deadline) throw new Error(`still ${status} after ${timeoutMs} ms (seen ${seen.join(' → ')})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

beforeAll(async () => {
  await startImageHost();
  fake = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 300 });
});

afterAll(async () => {
  await fake.close();
  await new Promise((r) => images.close(r));
});

beforeEach(() => fake.reset());

// --- tests ---------------------------------------------------------------------------------------------------

describe('submission is strict', () => {
  it('answers an accepted task with PENDING and a task id', async () => {
    const { status, json, response } = await submit();
    expect(status).toBe(200);
    expect(json.output.task_status).toBe('PENDING');
    expect(json.output.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(fake.tasksCreated()).toBe(1);
    expect(fake.submissions).toHaveLength(1);
    expect(fake.submissions[0]).toMatchObject({ status: 200, taskId: json.output.task_id, body: body() });
    expect(fake.submissions[0]!.headers['x-dashscope-async']).toBe('enable');
  });

  it('rejects a missing or wrong API key with 401 InvalidApiKey', async () => {
    for (const authorization of [undefined, 'Bearer sk-wrong', KEY]) {
      const { status, json } = await submit(body(), { Authorization: authorization });
      expect(status).toBe(401);
      expect(json).toMatchObject({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
      expect(json.request_id).toBeTruthy();
    }
    expect(fake.submissions.map((s) => s.status)).toEqual([401, 401, 401]);
    expect(fake.tasksCreated()).toBe(0);
  });

  it('honours a key changed at run time', async () => {
    fake.options.apiKey = 'sk-other';
    expect((await submit()).status).toBe(401);
    expect((await submit(body(), { Authorization: 'Bearer sk-other' })).status).toBe(200);
  });

  it('rejects a call without X-DashScope-Async: enable with 403 AccessDenied', async () => {
    for (const value of [undefined, 'disable']) {
      const { status, json } = await submit(body(), { 'X-DashScope-Async': value });
      expect(status).toBe(403);
      expect(json).toMatchObject({ code: 'AccessDenied', message: 'current user api does not support synchronous calls' });
    }
    expect(fake.tasksCreated()).toBe(0);
  });

  it('rejects a body that is not JSON, or not sent as JSON', async () => {
    let reply = await submit(body(), { 'Content-Type': 'text/plain' });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe('InvalidParameter');
    reply = await submit('{"model": "qwen-mt-image",');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('JSON') });
    expect(fake.submissions[1]!.body).toBe('{"model": "qwen-mt-image",');
    // a charset parameter is fine
    expect((await submit(body(), { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it.each([
    ['another model', body({}, { model: 'qwen-vl-max' }), /Model not exist/],
    ['no model', { input: body().input }, /model/],
    ['no input', { model: 'qwen-mt-image' }, /input/],
    ['no image_url', body({ image_url: undefined }), /image_url/],
    ['a data: URL', body({ image_url: 'data:image/png;base64,iVBORw0KGgo=' }), /http or https/],
    ['an oss:// URL', body({ image_url: 'oss://bucket/a.png' }), /http or https/],
    ['an ftp URL', body({ image_url: 'ftp://example.com/a.png' }), /http or https/],
    ['a non-ASCII URL', body({ image_url: 'https://example.com/菜单.png' }), /URL-encode/],
    ['a misspelt input field', body({ imageUrl: 'https://example.com/a.png' }), /Unknown field input\.imageUrl/],
  ])('rejects %s with 400 InvalidParameter', async (_name, payload, message) => {
    const { status, json } = await submit(payload);
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions[0]).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });

  it.each([
    ['ja', 'ko', /Japanese to Korean.*Chinese or English/],
    ['fr', 'es', /Chinese or English/],
    ['en', 'de', /German \(de\) is not supported as a target/],
    ['zh', 'German', /German \(de\) is not supported as a target/],
    ['ms', 'en', /Malay \(ms\) is not supported as a source/],
    ['th', 'zh', /Thai \(th\) is not supported as a source/],
    ['id', 'en', /Indonesian \(id\) is not supported as a source/],
    ['ar', 'zh', /Arabic \(ar\) is not supported as a source/],
    ['en', 'en', /must be different/],
    ['Chinese', 'ZH', /must be different/],
    ['zh', 'auto', /target_lang cannot be auto/],
    ['xx', 'en', /Unsupported source_lang/],
    ['en', 'klingon', /Unsupported target_lang/],
    ['', 'en', /source_lang/],
  ])('rejects the pair %s → %s', async (source_lang, target_lang, message) => {
    const { status, json } = await submit(body({ source_lang, target_lang }));
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
  });

  it.each([
    ['zh', 'en'],
    ['en', 'ja'],
    ['ja', 'zh'],
    ['de', 'en'],
    ['en', 'ar'],
    ['zh', 'th'],
    ['auto', 'en'],
    ['auto', 'ms'],
    ['AUTO', 'ko'], // auto passes the pivot rule: the service detects the source
    ['Chinese', 'ENGLISH'],
    ['Germany', 'chinese'],
    ['english', 'Arabian'],
  ])('accepts the pair %s → %s', async (source_lang, target_lang) => {
    expect((await submit(body({ source_lang, target_lang }))).status).toBe(200);
  });

  it('accepts every documented ext field', async () => {
    const ext = {
      domainHint: 'These are menu boards of a tea shop.',
      sensitives: ['10% off entire store'],
      terminologies: [{ src: '奶茶', tgt: 'milk tea' }],
      config: { skipImgSegment: true },
    };
    const id = await submitOk(body({ ext }));
    expect(fake.tasks.get(id)!.ext).toEqual(ext);
  });

  it.each([
    ['ext not an object', ['a'], /ext must be an object/],
    ['domainHint not a string', { domainHint: 42 }, /domainHint must be a string/],
    ['sensitives not an array', { sensitives: 'x' }, /sensitives must be an array of strings/],
    ['sensitives with a number', { sensitives: ['x', 1] }, /sensitives must be an array of strings/],
    ['terminologies not an array', { terminologies: { src: 'a', tgt: 'b' } }, /terminologies must be an array/],
    ['a term without tgt', { terminologies: [{ src: 'a' }] }, /terminologies\[0\]/],
    ['a term with a stray key', { terminologies: [{ src: 'a', tgt: 'b', note: 'c' }] }, /terminologies\[0\]\.note/],
    ['config not an object', { config: true }, /config must be an object/],
    ['skipImgSegment not a boolean', { config: { skipImgSegment: 'true' } }, /skipImgSegment must be a boolean/],
    ['a misspelt ext field', { domain_hint: 'x' }, /Unknown field input\.ext\.domain_hint/],
  ])('rejects %s', async (_name, ext, message) => {
    const { status, json } = await submit(body({ ext }));
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
  });

  it('rejects a second submission within a second with 429 Throttling.RateQuota, and records it', async () => {
    await submitOk();
    const { status, json } = await submit();
    expect(status).toBe(429);
    expect(json).toMatchObject({ code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' });
    expect(fake.tasksCreated()).toBe(1);
    expect(fake.submissions.map((s) => [s.status, s.code])).toEqual([
      [200, undefined],
      [429, 'Throttling.RateQuota'],
    ]);
  });

  it('measures the rate limit from the last accepted submission', async () => {
    fake.options.minSubmitIntervalMs = 150;
    await submitOk();
    expect((await submit()).status).toBe(429);
    const accepted = fake.submissions[0]!.at;
    await new Promise((r) => setTimeout(r, Math.max(0, accepted + 170 - Date.now())));
    expect((await submit()).status).toBe(200);
  });

  it('rejects a third task while two are PENDING/RUNNING with 429 Throttling', async () => {
    fake.options.minSubmitIntervalMs = 0;
    const a = await submitOk();
    const b = await submitOk();
    const { status, json } = await submit();
    expect(status).toBe(429);
    expect(json).toMatchObject({ code: 'Throttling', message: 'Requests throttling triggered.' });
    expect(fake.submissions.at(-1)).toMatchObject({ status: 429, code: 'Throttling' });
    await fake.waitForTask(a);
    await fake.waitForTask(b);
    expect((await submit()).status).toBe(200);
    expect(fake.tasksCreated()).toBe(3);
  });

  it('answers other paths with a JSON 404, and CORS preflights', async () => {
    const response = await fetch(`${fake.url}/api/v1/nothing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await response.json()) as any).code).toBe('NotFound');
    expect((await fetch(fake.url + SUBMIT_PATH)).status).toBe(404); // GET on the submit path
    const preflight = await fetch(fake.url + SUBMIT_PATH, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-DashScope-Async/);
  });
});

describe('tasks', () => {
  it('go PENDING → RUNNING → SUCCEEDED over taskDurationMs', async () => {
    const id = await submitOk();
    const { reply, seen } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    const out = reply.json.output;
    expect(reply.json.request_id).toBeTruthy();
    expect(out.task_id).toBe(id);
    const time = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
    expect(out.submit_time).toMatch(time);
    expect(out.scheduled_time).toMatch(time);
    expect(out.end_time).toMatch(time);
    const parse = (t: string) => Date.parse(t.replace(' ', 'T') + '+08:00');
    const task = fake.tasks.get(id)!;
    expect(parse(out.submit_time)).toBe(task.submittedAt);
    expect(parse(out.end_time) - parse(out.submit_time)).toBeGreaterThanOrEqual(300);
    expect(parse(out.scheduled_time)).toBeGreaterThan(parse(out.submit_time));
    expect(parse(out.scheduled_time)).toBeLessThan(parse(out.end_time));
    expect(out.image_url).toBe(`${fake.url}/results/${id}.png`);
    expect(out.message).toBeUndefined();
    expect(reply.json.usage).toEqual({ image_count: 1 });
    expect(fake.queriesFor(id)).toBe(task.queries);
    expect(fake.queriesFor(id)).toBeGreaterThanOrEqual(3);
  });

  it('report times in UTC+8', () => {
    expect(providerTime(Date.UTC(2025, 7, 13, 10, 11, 16, 954))).toBe('2025-08-13 18:11:16.954');
    expect(providerTime(Date.UTC(2025, 11, 31, 16, 0, 0, 5))).toBe('2026-01-01 00:00:00.005');
  });

  it('serve a result image with the source’s dimensions', async () => {
    const id = await submitOk(body({ image_url: `${imageBase}/img/321x123.png` }));
    expect((await fetch(`${fake.url}/results/${id}.png`)).status).toBe(404); // not yet
    const { reply } = await pollUntil(id, ['SUCCEEDED']);
    const response = await fetch(reply.json.output.image_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const png = decodePng(new Uint8Array(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([321, 123]);
    expect(pixelAt(png, 0, 0)).toEqual([...TRANSLATED_RGB, 255]);
    expect(pixelAt(png, 320, 122)).toEqual([...TRANSLATED_RGB, 255]);
    expect(fake.tasks.get(id)!.source).toMatchObject({ width: 321, height: 123, format: 'png' });
  });

  it('answer an unknown task id with UNKNOWN, and a wrong key with 401', async () => {
    const unknown = await query('00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(200);
    expect(unknown.json.output).toEqual({ task_id: '00000000-0000-0000-0000-000000000000', task_status: 'UNKNOWN' });
    expect(unknown.json.request_id).toBeTruthy();
    const denied = await query('00000000-0000-0000-0000-000000000000', 'sk-wrong');
    expect(denied.status).toBe(401);
    expect(denied.json.code).toBe('InvalidApiKey');
    expect(fake.queries.map((q) => [q.status, q.taskStatus])).toEqual([
      [200, 'UNKNOWN'],
      [401, undefined],
    ]);
    expect((await fetch(`${fake.url}/results/nope.png`)).status).toBe(404);
  });

  it.each([
    ['too small (10×10)', '/img/10x10.png', /10x10 px; width and height must be between 15 and 8192/],
    ['too long and narrow (400×30)', '/img/400x30.png', /aspect ratio must be between 1:10 and 10:1/],
    ['a GIF', '/img/anim.gif', /format GIF is not supported/],
    ['not an image', '/img/not-an-image.png', /not supported or the file is not an image/],
    ['missing (404)', '/img/missing.png', /Failed to download.*HTTP 404/],
  ])('FAIL with InvalidParameter when the image is %s', async (_name, path, message) => {
    const id = await submitOk(body({ image_url: imageBase + path }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({ task_status: 'FAILED', code: 'InvalidParameter', message: expect.stringMatching(message) });
    expect(reply.json.output.end_time).toBeTruthy();
    expect(reply.json.output.image_url).toBeUndefined();
    expect(reply.json.usage).toBeUndefined();
  });

  it('FAIL the tiny.png fixture (10×10)', async () => {
    const id = await submitOk(body({ image_url: `${imageBase}/fixtures/tiny.png` }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output.task_status).toBe('FAILED');
  });

  it('use resultFor for the result bytes (the demo translations)', async () => {
    fake.options.resultFor = demoResultFor;
    fake.options.minSubmitIntervalMs = 0;
    const menu = await submitOk(body({ image_url: `${imageBase}/fixtures/menu-zh.png` }));
    const other = await submitOk(body({ image_url: `${imageBase}/fixtures/sample-text.png` }));
    await pollUntil(menu, ['SUCCEEDED']);
    await pollUntil(other, ['SUCCEEDED']);
    const menuResult = Buffer.from(await (await fetch(`${fake.url}/results/${menu}.png`)).arrayBuffer());
    expect(menuResult.equals(fixture('menu-en.png'))).toBe(true);
    const otherResult = decodePng(new Uint8Array(await (await fetch(`${fake.url}/results/${other}.png`)).arrayBuffer()));
    expect([otherResult.width, otherResult.height]).toEqual([300, 200]);
    expect(pixelAt(otherResult, 5, 5)).toEqual([...TRANSLATED_RGB, 255]);
  });
});

describe('injected faults', () => {
  it.each([
    ['throttle', 429, 'Throttling.RateQuota'],
    ['allocation-quota', 429, 'Throttling.AllocationQuota'],
    ['arrearage', 400, 'Arrearage'],
    ['content-rejected', 400, 'DataInspectionFailed'],
    ['server-error', 500, 'InternalError'],
  ] as const)('submit %s → %i %s, no task, then back to normal', async (reply, status, code) => {
    fake.inject({ on: 'submit', reply });
    const first = await submit();
    expect(first.status).toBe(status);
    expect(first.json.code).toBe(code);
    expect(first.json.message).toBeTruthy();
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions[0]).toMatchObject({ status, code });
    expect((await submit()).status).toBe(200);
  });

  it('submit faults are consumed in order, by valid submissions only', async () => {
    fake.inject({ on: 'submit', reply: 'arrearage' }, { on: 'submit', reply: 'server-error' });
    expect((await submit(body(), { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await submit()).json.code).toBe('Arrearage');
    expect((await submit()).json.code).toBe('InternalError');
    expect((await submit()).status).toBe(200);
  });

  it('submit drop: no reply, but the task exists and runs', async () => {
    fake.inject({ on: 'submit', reply: 'drop' });
    await expect(submit()).rejects.toThrow();
    expect(fake.tasksCreated()).toBe(1);
    const record = fake.submissions[0]!;
    expect(record.status).toBe(0);
    expect(record.taskId).toBeTruthy();
    const task = await fake.waitForTask(record.taskId!);
    expect(task.status).toBe('SUCCEEDED');
  });

  it('a dropped submission counts towards the rate limit', async () => {
    fake.inject({ on: 'submit', reply: 'drop' });
    await expect(submit()).rejects.toThrow();
    expect((await submit()).json.code).toBe('Throttling.RateQuota');
  });

  it('query malformed → 200 with a body that is not JSON', async () => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: 'malformed' });
    const reply = await query(id);
    expect(reply.status).toBe(200);
    expect(reply.json).toBeUndefined();
    expect(() => JSON.parse(reply.text)).toThrow();
    expect((await query(id)).json.output.task_id).toBe(id);
  });

  it.each([
    ['server-error', 500, 'InternalError'],
    ['throttle', 429, 'Throttling'],
  ] as const)('query %s → %i %s', async (fault, status, code) => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: fault });
    const reply = await query(id);
    expect(reply.status).toBe(status);
    expect(reply.json.code).toBe(code);
    expect(fake.queries[0]).toMatchObject({ taskId: id, status });
    expect((await query(id)).status).toBe(200);
  });

  it('query drop → the socket closes without a reply', async () => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: 'drop' });
    await expect(query(id)).rejects.toThrow();
    expect(fake.queries[0]).toMatchObject({ taskId: id, status: 0 });
    expect((await query(id)).status).toBe(200);
  });

  it('task fail → FAILED InternalError after running', async () => {
    fake.inject({ on: 'task', outcome: 'fail' });
    const id = await submitOk();
    const { reply, seen } = await pollUntil(id, ['SUCCEEDED', 'FAILED', 'CANCELED']);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'FAILED']);
    expect(reply.json.output).toMatchObject({
      task_status: 'FAILED',
      code: 'InternalError',
      message: 'An internal error has occured, please try again later.',
    });
  });

  it('task no-text → SUCCEEDED with the message, and the source bytes unchanged', async () => {
    fake.inject({ on: 'task', outcome: 'no-text' });
    const id = await submitOk(body({ image_url: `${imageBase}/img/64x48.png` }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({ task_status: 'SUCCEEDED', message: 'No text detected for translation' });
    expect(reply.json.usage).toEqual({ image_count: 1 });
    const bytes = Buffer.from(await (await fetch(reply.json.output.image_url)).arrayBuffer());
    expect(bytes.equals(solidPng(64, 48, SOURCE_RGB))).toBe(true);
  });

  it('task canceled → CANCELED', async () => {
    fake.inject({ on: 'task', outcome: 'canceled' });
    const id = await submitOk();
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED', 'CANCELED']);
    expect(reply.json.output.task_status).toBe('CANCELED');
    expect(reply.json.output.image_url).toBeUndefined();
    expect((await fetch(`${fake.url}/results/${id}.png`)).status).toBe(404);
  });

  it('reset clears faults, records and tasks, and restores the settings', async () => {
    fake.inject({ on: 'submit', reply: 'arrearage' }, { on: 'query', reply: 'drop' }, { on: 'task', outcome: 'fail' });
    fake.options.apiKey = 'sk-changed';
    fake.options.taskDurationMs = 1;
    await submit();
    fake.reset();
    expect(fake.options).toMatchObject({ apiKey: KEY, taskDurationMs: 300, minSubmitIntervalMs: 1000, maxConcurrentTasks: 2 });
    expect(fake.submissions).toEqual([]);
    expect(fake.tasksCreated()).toBe(0);
    const id = await submitOk();
    expect((await query(id)).status).toBe(200);
    expect((await pollUntil(id, ['SUCCEEDED', 'FAILED'])).reply.json.output.task_status).toBe('SUCCEEDED');
  });
});

describe('png.ts', () => {
  it('round-trips RGBA pixels', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng(3, 2, rgba);
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 3, height: 2 });
    const decoded = decodePng(png);
    expect(decoded.width).toBe(3);
    expect(Array.from(decoded.rgba)).toEqual(Array.from(rgba));
  });

  it('decodes solid PNGs and Chromium screenshots', () => {
    expect(pixelAt(decodePng(solidPng(20, 20, [1, 2, 3])), 19, 19)).toEqual([1, 2, 3, 255]);
    expect(pixelAt(decodePng(solidPng(4, 4, [1, 2, 3, 4])), 2, 2)).toEqual([1, 2, 3, 4]);
    const sample = decodePng(fixture('sample-text.png'));
    expect([sample.width, sample.height]).toEqual([300, 200]);
    expect(pixelAt(sample, 2, 2).slice(0, 3)).toEqual([0xdd, 0x33, 0x33]);
  });

  it('reads the fixture sizes', () => {
    expect(readImageHeader(fixture('menu-zh.png'))).toEqual({ format: 'png', width: 480, height: 320 });
    expect(readImageHeader(fixture('menu-en.png'))).toEqual({ format: 'png', width: 480, height: 320 });
    expect(readImageHeader(fixture('poster-ja.png'))).toEqual({ format: 'png', width: 360, height: 480 });
    expect(readImageHeader(fixture('poster-en.png'))).toEqual({ format: 'png', width: 360, height: 480 });
    expect(readImageHeader(fixture('tiny.png'))).toEqual({ format: 'png', width: 10, height: 10 });
    expect(readImageHeader(fixture('long.png'))).toEqual({ format: 'png', width: 400, height: 30 });
  });

  it('reads JPEG, WebP, GIF, BMP, TIFF and PNM headers', () => {
    // JPEG: SOI, APP0 (JFIF), SOF0 with height 480, width 640
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 640, height: 480 });
    // progressive JPEG (SOF2)
    const progressive = Buffer.from(jpeg);
    progressive[21] = 0xc2;
    expect(readImageHeader(progressive)).toEqual({ format: 'jpeg', width: 640, height: 480 });

    const riff = (kind: string, payload: Buffer) => {
      const head = Buffer.alloc(20);
      head.write('RIFF', 0, 'latin1');
      head.writeUInt32LE(12 + payload.length, 4);
      head.write('WEBP', 8, 'latin1');
      head.write(kind, 12, 'latin1');
      head.writeUInt32LE(payload.length, 16);
      return Buffer.concat([head, payload]);
    };
    const vp8 = Buffer.alloc(12);
    vp8.set([0x9d, 0x01, 0x2a], 3);
    vp8.writeUInt16LE(300, 6);
    vp8.writeUInt16LE(200, 8);
    expect(readImageHeader(riff('VP8 ', vp8))).toEqual({ format: 'webp', width: 300, height: 200 });
    const vp8l = Buffer.alloc(12);
    vp8l[0] = 0x2f;
    vp8l.writeUInt32LE((300 - 1) | ((200 - 1) << 14), 1);
    expect(readImageHeader(riff('VP8L', vp8l))).toEqual({ format: 'webp', width: 300, height: 200 });
    const vp8x = Buffer.alloc(12);
    vp8x.writeUIntLE(4000 - 1, 4, 3);
    vp8x.writeUIntLE(3000 - 1, 7, 3);
    expect(readImageHeader(riff('VP8X', vp8x))).toEqual({ format: 'webp', width: 4000, height: 3000 });

    expect(readImageHeader(GIF)).toEqual({ format: 'gif', width: 32, height: 32 });

    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(123, 18);
    bmp.writeInt32LE(-45, 22); // top-down
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 123, height: 45 });

    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    tiff.writeUInt16LE(256, 10); // ImageWidth, SHORT
    tiff.writeUInt16LE(3, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(800, 18);
    tiff.writeUInt16LE(257, 22); // ImageLength, LONG
    tiff.writeUInt16LE(4, 24);
    tiff.writeUInt32LE(1, 26);
    tiff.writeUInt32LE(600, 30);
    expect(readImageHeader(tiff)).toEqual({ format: 'tiff', width: 800, height: 600 });

    expect(readImageHeader(Buffer.from('P6\n# a comment\n640 480\n255\n\0\0\0', 'latin1'))).toEqual({ format: 'pnm', width: 640, height: 480 });
    expect(readImageHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(readImageHeader(Buffer.alloc(0))).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoResultFor } from '../fixtures/demo-translations';
import { decodePng, encodePng, pixelAt, readImageHeader, solidPng } from './png';
import {
  drawnDuration,
  multipartBoundary,
  OSS_UPLOAD_PATH,
  parseMultipart,
  providerTime,
  startFakeDashScope,
  SUBMIT_PATH,
  TRANSLATED_RGB,
  UPLOADS_PATH,
  type FakeDashScope,
  type ResultSource,
} from './server';

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
  const merged = Object.fromEntries(Object.entries({ ...goodHeaders, ...headers }).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
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

  it('draws each task’s duration from a seeded range: the same tasks for the same seed, after a reset too', async () => {
    const range = { minMs: 4_700, maxMs: 7_300, seed: 42 };
    const draws = Array.from({ length: 200 }, (_, i) => drawnDuration(range, i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(4_700);
    expect(Math.max(...draws)).toBeLessThanOrEqual(7_300);
    expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(2_000);
    expect(drawnDuration({ ...range, seed: 43 }, 0)).not.toBe(draws[0]);
    const durations = async () => {
      fake.options.minSubmitIntervalMs = 0;
      fake.options.taskDurationRange = range;
      const ids = [await submitOk(), await submitOk()];
      return ids.map((id) => fake.tasks.get(id)!).map((task) => task.endsAt - task.submittedAt);
    };
    expect(await durations()).toEqual(draws.slice(0, 2));
    fake.reset();
    expect(fake.options.taskDurationRange).toBeUndefined();
    expect(await durations()).toEqual(draws.slice(0, 2));
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

// --- temporary file storage ----------------------------------------------------------------------------------

interface PolicyData {
  policy: string;
  signature: string;
  upload_dir: string;
  upload_host: string;
  expire_in_seconds: number;
  max_file_size_mb: number;
  capacity_limit_mb: number;
  oss_access_key_id: string;
  x_oss_object_acl: string;
  x_oss_forbid_overwrite: string;
}

async function getPolicy(params = 'action=getPolicy&model=qwen-mt-image', key: string | null = KEY) {
  const response = await fetch(`${fake.url}${UPLOADS_PATH}?${params}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
  return { status: response.status, json: (await response.json()) as any };
}

async function policyOk(): Promise<PolicyData> {
  const reply = await getPolicy();
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.data as PolicyData;
}

type FormEntry = [name: string, value: string] | [name: 'file', value: Blob, filename: string];

/** The form fields the docs list, in their order, for `policy` and `key` (file last). */
function formEntries(
  policy: PolicyData,
  filename = 'image.png',
  file: Blob = new Blob([new Uint8Array(solidPng(120, 80, SOURCE_RGB))], { type: 'image/png' }),
): FormEntry[] {
  return [
    ['OSSAccessKeyId', policy.oss_access_key_id],
    ['Signature', policy.signature],
    ['policy', policy.policy],
    ['key', `${policy.upload_dir}/${filename}`],
    ['x-oss-object-acl', policy.x_oss_object_acl],
    ['x-oss-forbid-overwrite', policy.x_oss_forbid_overwrite],
    ['success_action_status', '200'],
    ['file', file, filename],
  ];
}

/** Replaces (or, with null, removes) fields by name. */
function withFields(entries: FormEntry[], changes: Record<string, string | null>): FormEntry[] {
  return entries.flatMap((entry): FormEntry[] => {
    if (!(entry[0] in changes)) return [entry];
    const value = changes[entry[0]];
    return value === null || value === undefined ? [] : [[entry[0], value]];
  });
}

async function upload(entries: FormEntry[], url = fake.url + OSS_UPLOAD_PATH) {
  const form = new FormData();
  for (const entry of entries) {
    if (entry.length === 3) form.append(entry[0], entry[1], entry[2]);
    else form.append(entry[0], entry[1]);
  }
  const response = await fetch(url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, text, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], response };
}

/** policy → upload → the oss:// URL. */
async function uploaded(bytes: Buffer, filename = 'image.png', type = 'image/png'): Promise<string> {
  const policy = await policyOk();
  const reply = await upload(formEntries(policy, filename, new Blob([new Uint8Array(bytes)], { type })));
  expect(reply.status, reply.text).toBe(200);
  return `oss://${policy.upload_dir}/${filename}`;
}

const ossHeader = { 'X-DashScope-OssResourceResolve': 'enable' };

describe('temporary file storage: the policy', () => {
  it('answers getPolicy with a signed policy for a fresh upload_dir under the fake’s own upload host', async () => {
    const first = await getPolicy();
    expect(first.status).toBe(200);
    expect(first.json.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const data = first.json.data as PolicyData;
    expect(data).toMatchObject({
      upload_host: `${fake.url}/oss-upload`,
      expire_in_seconds: 300,
      max_file_size_mb: 100,
      capacity_limit_mb: 999999999,
      x_oss_object_acl: 'private',
      x_oss_forbid_overwrite: 'true',
    });
    expect(data.upload_dir).toMatch(/^dashscope-instant\/[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/);
    expect(data.policy).toBeTruthy();
    expect(data.signature).toBeTruthy();
    expect(data.oss_access_key_id).toBeTruthy();
    // An OSS POST policy: base64 JSON with the conditions the form must meet.
    const document = JSON.parse(Buffer.from(data.policy, 'base64').toString('utf8'));
    expect(document.conditions).toContainEqual(['starts-with', '$key', data.upload_dir]);

    const second = (await getPolicy()).json.data as PolicyData;
    expect(second.upload_dir).not.toBe(data.upload_dir);
    expect(second.policy).not.toBe(data.policy);
    expect(fake.policyRequests).toMatchObject([
      { status: 200, uploadDir: data.upload_dir },
      { status: 200, uploadDir: second.upload_dir },
    ]);
  });

  it('checks the key like the other endpoints', async () => {
    for (const key of [null, 'sk-wrong']) {
      const { status, json } = await getPolicy(undefined, key);
      expect(status).toBe(401);
      expect(json).toMatchObject({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
    }
    expect(fake.policyRequests.map((r) => [r.status, r.code])).toEqual([
      [401, 'InvalidApiKey'],
      [401, 'InvalidApiKey'],
    ]);
  });

  it.each([
    ['no action', 'model=qwen-mt-image', /action/],
    ['another action', 'action=getToken&model=qwen-mt-image', /Unknown action/],
    ['no model', 'action=getPolicy', /model/],
    ['another model', 'action=getPolicy&model=qwen-vl-max', /Model not exist/],
  ])('rejects %s with 400 InvalidParameter', async (_name, params, message) => {
    const { status, json } = await getPolicy(params);
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
    expect(json.request_id).toBeTruthy();
  });
});

describe('temporary file storage: the upload', () => {
  it('stores the file of a good form, answers 200 with no body, and a task uses it', async () => {
    const bytes = solidPng(123, 77, SOURCE_RGB);
    const policy = await policyOk();
    const reply = await upload(formEntries(policy, 'photo.png', new Blob([new Uint8Array(bytes)], { type: 'image/png' })));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(reply.response.headers.get('etag')).toMatch(/^"[0-9A-F]{32}"$/);
    const key = `${policy.upload_dir}/photo.png`;
    expect(fake.uploads).toEqual([{ at: expect.any(Number), status: 200, key, bytes: bytes.length, contentType: 'image/png' }]);
    const stored = fake.uploadedFiles.get(key)!;
    expect(stored.bytes.equals(bytes)).toBe(true);
    expect(stored).toMatchObject({ contentType: 'image/png', filename: 'photo.png' });

    const sources: ResultSource[] = [];
    fake.options.resultFor = (source) => {
      sources.push(source);
      return undefined;
    };
    const { status, json } = await submit(body({ image_url: `oss://${key}` }), ossHeader);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(fake.submissions[0]!.headers['x-dashscope-ossresourceresolve']).toBe('enable');
    const { reply: done } = await pollUntil(json.output.task_id, ['SUCCEEDED', 'FAILED']);
    expect(done.json.output.task_status).toBe('SUCCEEDED');
    expect(fake.tasks.get(json.output.task_id)!.source).toMatchObject({ url: `oss://${key}`, width: 123, height: 77, format: 'png' });
    const result = decodePng(new Uint8Array(await (await fetch(done.json.output.image_url)).arrayBuffer()));
    expect([result.width, result.height]).toEqual([123, 77]);
    expect(pixelAt(result, 60, 40)).toEqual([...TRANSLATED_RGB, 255]);
    expect(sources.map((s) => [s.url, s.width, s.height])).toEqual([[`oss://${key}`, 123, 77]]);
  });

  it('rejects an oss:// URL without X-DashScope-OssResourceResolve: enable with 400 InvalidParameter', async () => {
    const url = await uploaded(solidPng(40, 40, SOURCE_RGB));
    for (const value of [undefined, 'disable']) {
      const { status, json } = await submit(body({ image_url: url }), { 'X-DashScope-OssResourceResolve': value });
      expect(status).toBe(400);
      expect(json.code).toBe('InvalidParameter');
      expect(json.message).toMatch(/^The provided URL does not appear to be valid\. Ensure it is correctly formatted\./);
      expect(json.message).toMatch(/X-DashScope-OssResourceResolve: enable/);
    }
    expect(fake.tasksCreated()).toBe(0);
  });

  it('takes the header on an http URL too (it changes nothing there)', async () => {
    const id = await submitOk(body());
    expect(id).toBeTruthy();
    fake.options.minSubmitIntervalMs = 0;
    const { status } = await submit(body(), ossHeader);
    expect(status).toBe(200);
    expect((await pollUntil(id, ['SUCCEEDED', 'FAILED'])).reply.json.output.task_status).toBe('SUCCEEDED');
  });

  it.each([
    ['a key never uploaded', async () => `oss://${(await policyOk()).upload_dir}/nothing.png`],
    ['a made-up key', async () => 'oss://bucket/a.png'],
    [
      'a file uploaded before a reset',
      async () => {
        const url = await uploaded(solidPng(40, 40, SOURCE_RGB));
        fake.reset();
        return url;
      },
    ],
  ])('FAILS a task for %s with InvalidParameter "download failed"', async (_name, makeUrl) => {
    const url = await makeUrl();
    const { status, json } = await submit(body({ image_url: url }), ossHeader);
    expect(status).toBe(200);
    const { reply } = await pollUntil(json.output.task_id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({
      task_status: 'FAILED',
      code: 'InvalidParameter',
      message: expect.stringMatching(/download failed/),
    });
  });

  it.each([
    ['too small', () => solidPng(10, 10, SOURCE_RGB), /10x10 px; width and height must be between 15 and 8192/],
    ['too long and narrow', () => solidPng(400, 30, SOURCE_RGB), /aspect ratio/],
    ['a GIF', () => GIF, /format GIF is not supported/],
    ['not an image', () => Buffer.from('<html>hello</html>'), /not supported or the file is not an image/],
    ['over 10 MB', () => Buffer.concat([solidPng(100, 100, SOURCE_RGB), Buffer.alloc(10 * 1024 * 1024)]), /limit is 10 MB/],
  ])('checks an uploaded image like a downloaded one: %s → FAILED', async (_name, bytes, message) => {
    const url = await uploaded(bytes());
    const { json } = await submit(body({ image_url: url }), ossHeader);
    const { reply } = await pollUntil(json.output.task_id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({ task_status: 'FAILED', code: 'InvalidParameter', message: expect.stringMatching(message) });
  });

  it.each<[string, (p: PolicyData) => Record<string, string | null>, number, string]>([
    ['a wrong Signature', () => ({ Signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), 403, 'SignatureDoesNotMatch'],
    ['a tampered policy', (p) => ({ policy: p.policy.slice(0, -4) + 'AAAA' }), 403, 'SignatureDoesNotMatch'],
    ['a wrong OSSAccessKeyId', () => ({ OSSAccessKeyId: 'LTAI-someone-else' }), 403, 'InvalidAccessKeyId'],
    ['a key outside the upload_dir', () => ({ key: 'dashscope-instant/elsewhere/a.png' }), 403, 'AccessDenied'],
    ['a key that is the upload_dir itself', (p) => ({ key: `${p.upload_dir}/` }), 403, 'AccessDenied'],
    ['another acl', () => ({ 'x-oss-object-acl': 'public-read' }), 403, 'AccessDenied'],
    ['overwrite allowed', () => ({ 'x-oss-forbid-overwrite': 'false' }), 403, 'AccessDenied'],
    ['success_action_status 201', () => ({ success_action_status: '201' }), 403, 'AccessDenied'],
    ['no success_action_status', () => ({ success_action_status: null }), 403, 'AccessDenied'],
    ['no x-oss-object-acl', () => ({ 'x-oss-object-acl': null }), 403, 'AccessDenied'],
    ['no x-oss-forbid-overwrite', () => ({ 'x-oss-forbid-overwrite': null }), 403, 'AccessDenied'],
    ['no OSSAccessKeyId', () => ({ OSSAccessKeyId: null }), 400, 'InvalidArgument'],
    ['no Signature', () => ({ Signature: null }), 400, 'InvalidArgument'],
    ['no policy', () => ({ policy: null }), 400, 'InvalidArgument'],
    ['no key', () => ({ key: null }), 400, 'InvalidArgument'],
  ])('rejects a form with %s → %i %s (OSS XML), storing nothing', async (_name, changes, status, code) => {
    const policy = await policyOk();
    const reply = await upload(withFields(formEntries(policy), changes(policy)));
    expect(reply.status, reply.text).toBe(status);
    expect(reply.code).toBe(code);
    expect(reply.response.headers.get('content-type')).toBe('application/xml');
    expect(reply.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>\n {2}<Code>/);
    expect(reply.text).toMatch(/<Message>[^<]+<\/Message>/);
    expect(reply.text).toMatch(/<RequestId>[0-9A-F]{24}<\/RequestId>/);
    expect(fake.uploadedFiles.size).toBe(0);
    expect(fake.uploads).toMatchObject([{ status, code }]);
  });

  it('rejects a key under another policy’s upload_dir, and a policy from before a reset', async () => {
    const mine = await policyOk();
    const other = await policyOk();
    let reply = await upload(withFields(formEntries(mine), { key: `${other.upload_dir}/a.png` }));
    expect([reply.status, reply.code]).toEqual([403, 'AccessDenied']);
    expect(reply.text).toContain(mine.upload_dir);
    fake.reset();
    reply = await upload(formEntries(mine));
    expect([reply.status, reply.code]).toEqual([403, 'AccessDenied']);
    expect(fake.uploadedFiles.size).toBe(0);
  });

  it('rejects a form without a file, with an empty file, or with a field after the file (OSS ignores it)', async () => {
    const policy = await policyOk();
    const entries = formEntries(policy);
    let reply = await upload(entries.slice(0, -1));
    expect([reply.status, reply.code]).toEqual([400, 'InvalidArgument']);
    expect(reply.text).toMatch(/file/);

    reply = await upload(formEntries(policy, 'empty.png', new Blob([], { type: 'image/png' })));
    expect([reply.status, reply.code]).toEqual([400, 'InvalidArgument']);
    expect(reply.text).toMatch(/empty/);

    const keyLast = [...entries.filter((e) => e[0] !== 'key'), entries.find((e) => e[0] === 'key')!];
    reply = await upload(keyLast);
    expect([reply.status, reply.code]).toEqual([400, 'InvalidArgument']);
    expect(reply.text).toMatch(/key is required before the file field/);
    expect(fake.uploads.map((u) => [u.status, u.bytes])).toEqual([
      [400, 0],
      [400, 0],
      [400, solidPng(120, 80, SOURCE_RGB).length],
    ]);
    expect(fake.uploadedFiles.size).toBe(0);
  });

  it('rejects a body that is not multipart/form-data, or not well-formed', async () => {
    let response = await fetch(fake.url + OSS_UPLOAD_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/<Code>InvalidArgument<\/Code>/);
    response = await fetch(fake.url + OSS_UPLOAD_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="key"\r\n\r\nabc', // never closed
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/<Code>MalformedPOSTRequest<\/Code>/);
  });

  it('answers a second upload to the same key with 409 FileAlreadyExists (x-oss-forbid-overwrite), keeping the first', async () => {
    const policy = await policyOk();
    const first = solidPng(30, 30, SOURCE_RGB);
    expect((await upload(formEntries(policy, 'same.png', new Blob([new Uint8Array(first)], { type: 'image/png' })))).status).toBe(200);
    const reply = await upload(
      formEntries(policy, 'same.png', new Blob([new Uint8Array(solidPng(50, 50, SOURCE_RGB))], { type: 'image/png' })),
    );
    expect([reply.status, reply.code]).toEqual([409, 'FileAlreadyExists']);
    expect(fake.uploadedFiles.get(`${policy.upload_dir}/same.png`)!.bytes.equals(first)).toBe(true);
    // Another name under the same policy is fine.
    expect((await upload(formEntries(policy, 'other.png'))).status).toBe(200);
    expect(fake.uploads.map((u) => u.status)).toEqual([200, 409, 200]);
  });

  it('keeps binary bytes exactly (CR, LF and the boundary’s dashes inside the file)', async () => {
    const tricky = Buffer.concat([
      solidPng(20, 20, SOURCE_RGB),
      Buffer.from('\r\n--\r\n\r\n--X\r\n', 'latin1'),
      Buffer.from([0, 255, 13, 10]),
    ]);
    const url = await uploaded(tricky, 'tricky.png', 'application/octet-stream');
    const stored = fake.uploadedFiles.get(url.slice('oss://'.length))!;
    expect(stored.bytes.equals(tricky)).toBe(true);
    expect(stored.contentType).toBe('application/octet-stream');
  });

  it('lets CORS preflights through with the oss resolve header', async () => {
    const preflight = await fetch(fake.url + SUBMIT_PATH, { method: 'OPTIONS' });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-DashScope-OssResourceResolve/);
  });
});

describe('temporary file storage: faults and reset', () => {
  it('policy server-error → 500 InternalError once, consumed by a good request only', async () => {
    fake.inject({ on: 'policy', reply: 'server-error' });
    expect((await getPolicy(undefined, 'sk-wrong')).status).toBe(401);
    expect((await getPolicy('action=nope&model=qwen-mt-image')).status).toBe(400);
    const { status, json } = await getPolicy();
    expect(status).toBe(500);
    expect(json).toMatchObject({ code: 'InternalError' });
    expect(json.request_id).toBeTruthy();
    expect((await getPolicy()).status).toBe(200);
  });

  it.each([
    ['server-error', 500, 'InternalError'],
    ['forbidden', 403, 'AccessDenied'],
  ] as const)('upload %s → %i %s (OSS XML) once, whatever the form holds', async (reply, status, code) => {
    const policy = await policyOk();
    fake.inject({ on: 'upload', reply });
    const first = await upload(formEntries(policy));
    expect([first.status, first.code]).toEqual([status, code]);
    expect(first.text).toMatch(/^<\?xml/);
    expect(fake.uploadedFiles.size).toBe(0);
    expect(fake.uploads[0]).toMatchObject({ status, code, key: `${policy.upload_dir}/image.png`, contentType: 'image/png' });
    expect((await upload(formEntries(policy))).status).toBe(200);
  });

  it('reset clears upload records, files, policies and faults', async () => {
    const url = await uploaded(solidPng(40, 40, SOURCE_RGB));
    fake.inject({ on: 'policy', reply: 'server-error' }, { on: 'upload', reply: 'forbidden' });
    fake.reset();
    expect(fake.uploads).toEqual([]);
    expect(fake.policyRequests).toEqual([]);
    expect(fake.uploadedFiles.size).toBe(0);
    expect(url).toMatch(/^oss:\/\//);
    const again = await uploaded(solidPng(40, 40, SOURCE_RGB));
    expect(fake.uploadedFiles.has(again.slice('oss://'.length))).toBe(true);
  });
});

describe('multipart parser', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

  it('reads the boundary of multipart/form-data only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; BOUNDARY="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });

  it('parses fields and files, with a preamble, an epilogue and quoted names', () => {
    const parts = parseMultipart(
      crlf([
        'preamble to ignore',
        '--B',
        'Content-Disposition: form-data; name="key"',
        '',
        'a/b.png',
        '--B',
        'content-disposition: form-data; name="file"; filename="say \\"hi\\".png"',
        'Content-Type: image/png',
        '',
        'PNG\r\n--Bx',
        '--B--',
        'epilogue',
      ]),
      'B',
    );
    expect(parts).toHaveLength(2);
    expect(parts![0]).toMatchObject({ name: 'key', filename: undefined, contentType: undefined });
    expect(parts![0]!.data.toString()).toBe('a/b.png');
    expect(parts![1]).toMatchObject({ name: 'file', filename: 'say "hi".png', contentType: 'image/png' });
    expect(parts![1]!.data.toString('latin1')).toBe('PNG\r\n--Bx');
  });

  it('parses an empty form and an empty value', () => {
    expect(parseMultipart(crlf(['--B--', '']), 'B')).toEqual([]);
    const parts = parseMultipart(crlf(['--B', 'Content-Disposition: form-data; name="a"', '', '', '--B--']), 'B');
    expect(parts![0]!.data.length).toBe(0);
  });

  it.each([
    ['no delimiter', ['hello']],
    ['no closing delimiter', ['--B', 'Content-Disposition: form-data; name="a"', '', 'x']],
    ['no Content-Disposition', ['--B', 'Content-Type: text/plain', '', 'x', '--B--']],
    ['no name', ['--B', 'Content-Disposition: form-data; filename="a"', '', 'x', '--B--']],
    ['a header line without a colon', ['--B', 'Content-Disposition: form-data; name="a"', 'junk', '', 'x', '--B--']],
    ['no blank line after the headers', ['--B', 'Content-Disposition: form-data; name="a"', '--B--']],
  ])('answers undefined for %s', (_name, lines) => {
    expect(parseMultipart(crlf(lines), 'B')).toBeUndefined();
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
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0,
      0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
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

    expect(readImageHeader(Buffer.from('P6\n# a comment\n640 480\n255\n\0\0\0', 'latin1'))).toEqual({
      format: 'pnm',
      width: 640,
      height: 480,
    });
    expect(readImageHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(readImageHeader(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('regions and their models', () => {
  const submitTo = (server: FakeDashScope, model: string) =>
    fetch(server.url + SUBMIT_PATH, { method: 'POST', headers: goodHeaders, body: JSON.stringify(body({}, { model })) });
  const policyFrom = (server: FakeDashScope, model: string) =>
    fetch(`${server.url}${UPLOADS_PATH}?action=getPolicy&model=${model}`, { headers: { Authorization: `Bearer ${KEY}` } });

  it.each([
    ['beijing', 'qwen-mt-image', 'qwen-mt-image-2.0'],
    ['singapore', 'qwen-mt-image-2.0', 'qwen-mt-image'],
  ] as const)('%s takes %s only, and answers the other as the documentation does', async (region, offered, other) => {
    const server = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 50, region });
    try {
      expect((await submitTo(server, offered)).status).toBe(200);
      expect((await policyFrom(server, offered)).status).toBe(200);
      for (const refused of [await submitTo(server, other), await policyFrom(server, other)]) {
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ code: 'InvalidParameter', message: 'Model not exist.' });
      }
      expect(server.tasksCreated()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

/** What the fake's tests share: a tiny image host, one fake per test file, and HTTP helpers for its endpoints. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { solidPng } from './png';
import { OSS_UPLOAD_PATH, startFakeDashScope, SUBMIT_PATH, UPLOADS_PATH, type FakeDashScope } from './server';

export const KEY = 'sk-test-key';
export const SOURCE_RGB: [number, number, number] = [200, 30, 30];
export const fixture = (name: string) => readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url));

// --- a tiny image host, standing in for the web pages the images come from ---------------------------------

export const GIF = Buffer.from('GIF89a\x20\x00\x20\x00\x80\x00\x00', 'latin1');
let images: Server;
export let imageBase = '';

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

/** The fake of the running test file (see useFakeDashScope). */
export let fake: FakeDashScope;

export function body(input: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    model: 'qwen-mt-image',
    input: { image_url: `${imageBase}/img/200x100.png`, source_lang: 'zh', target_lang: 'en', ...input },
    ...extra,
  };
}

export const goodHeaders = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'X-DashScope-Async': 'enable' };

export async function submit(payload: unknown = body(), headers: Record<string, string | undefined> = {}) {
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

export async function query(taskId: string, key = KEY) {
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

export async function submitOk(payload: unknown = body()): Promise<string> {
  const reply = await submit(payload);
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.output.task_id as string;
}

/** Polls the task over HTTP until its status is one of `statuses`; returns every status seen on the way. */
export async function pollUntil(taskId: string, statuses: string[], timeoutMs = 5000) {
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

/** Starts the image host and a fake (300 ms tasks) for the test file, and resets the fake before each test. */
export function useFakeDashScope(): void {
  beforeAll(async () => {
    await startImageHost();
    fake = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 300 });
    // One task, polled once, warms both ends' HTTP paths (as the tests before did when all shared one file), so a
    // file's first task still sees PENDING at its first query; the reset before each test forgets it.
    await query(await submitOk());
  });

  afterAll(async () => {
    await fake.close();
    await new Promise((r) => images.close(r));
  });

  beforeEach(() => fake.reset());
}

// --- the temporary file storage --------------------------------------------------------------------------

export interface PolicyData {
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

export async function getPolicy(params = 'action=getPolicy&model=qwen-mt-image', key: string | null = KEY) {
  const response = await fetch(`${fake.url}${UPLOADS_PATH}?${params}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
  return { status: response.status, json: (await response.json()) as any };
}

export async function policyOk(): Promise<PolicyData> {
  const reply = await getPolicy();
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.data as PolicyData;
}

export type FormEntry = [name: string, value: string] | [name: 'file', value: Blob, filename: string];

/** The form fields the docs list, in their order, for `policy` and `key` (file last). */
export function formEntries(
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
export function withFields(entries: FormEntry[], changes: Record<string, string | null>): FormEntry[] {
  return entries.flatMap((entry): FormEntry[] => {
    if (!(entry[0] in changes)) return [entry];
    const value = changes[entry[0]];
    return value === null || value === undefined ? [] : [[entry[0], value]];
  });
}

export async function upload(entries: FormEntry[], url = fake.url + OSS_UPLOAD_PATH) {
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
export async function uploaded(bytes: Buffer, filename = 'image.png', type = 'image/png'): Promise<string> {
  const policy = await policyOk();
  const reply = await upload(formEntries(policy, filename, new Blob([new Uint8Array(bytes)], { type })));
  expect(reply.status, reply.text).toBe(200);
  return `oss://${policy.upload_dir}/${filename}`;
}

export const ossHeader = { 'X-DashScope-OssResourceResolve': 'enable' };

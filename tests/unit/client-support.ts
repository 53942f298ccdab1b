/** What the client's tests share: a tiny image host, one fake DashScope per test file, and a client of it. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { solidPng } from '../fake-dashscope/png';
import { startFakeDashScope, type FakeDashScope } from '../fake-dashscope/server';
import { createDashScopeClient, type DashScopeClient, type TaskResult } from '../../utils/dashscope/client';
import { DashScopeError } from '../../utils/dashscope/errors';
import type { SubmitRequest } from '../../utils/dashscope/schemas';

export const KEY = 'sk-client-test';
export const SOURCE_RGB: [number, number, number] = [211, 51, 51];

let images: Server;
export let imageBase = '';
export let fake: FakeDashScope;
export let client: DashScopeClient;

export function request(input: Partial<SubmitRequest['input']> = {}): SubmitRequest {
  return {
    model: 'qwen-mt-image',
    input: { image_url: `${imageBase}/img/240x160.png`, source_lang: 'zh', target_lang: 'en', ...input },
  };
}

export async function until(taskId: string, done: (r: TaskResult) => boolean = (r) => !['PENDING', 'RUNNING'].includes(r.status)) {
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
export async function failure(promise: Promise<unknown>): Promise<DashScopeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DashScopeError);
    return error as DashScopeError;
  }
  throw new Error('expected a DashScopeError, but the call succeeded');
}

/** Starts the image host and the fake for the test file, and gives each test a fresh fake and client. */
export function useClientAgainstFake(): void {
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
}

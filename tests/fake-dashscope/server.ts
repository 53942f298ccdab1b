/**
 * A strict fake of the DashScope qwen-mt-image asynchronous HTTP API (China/Beijing reference, Nov 2025):
 *
 *   POST /api/v1/services/aigc/image2image/image-synthesis   create a task (X-DashScope-Async: enable)
 *   GET  /api/v1/tasks/{task_id}                             query it
 *   GET  /results/{task_id}.png                              the "OSS" link of the translated image
 *   GET  /api/v1/uploads?action=getPolicy&model=qwen-mt-image a signed policy for the temporary file storage
 *   POST /oss-upload                                         that storage (the policy's upload_host): an OSS
 *                                                            PostObject form; the file is then oss://{key}
 *
 * It rejects what the real service rejects (key, async header, model, languages, ext shapes, rate and
 * concurrency limits), downloads the source image itself when a task is created (or takes the uploaded file
 * of an oss:// URL, which needs the X-DashScope-OssResourceResolve: enable header) and fails the task when the
 * image is outside the documented limits. Faults can be injected per request kind.
 *
 * This file routes and starts; the rest lives by what it does, around one state (state.ts): submit.ts,
 * tasks.ts (status and result), uploads.ts (policy and OSS form) with multipart.ts, faults.ts, and contract.ts
 * (the paths, options, records and handle users import from here).
 *
 * node:http only. Standalone:
 *   npx tsx tests/fake-dashscope/server.ts --port 8787 [--key sk-...] [--duration 6000] [--duration-range 4700-7300 [--seed 1]]
 *                                          [--host 127.0.0.1] [--log] [--demo]
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  OSS_RESOLVE_HEADER,
  OSS_UPLOAD_PATH,
  RESULT_PATH_PREFIX,
  SUBMIT_PATH,
  TASK_PATH_PREFIX,
  UPLOADS_PATH,
  type DurationRange,
  type FakeDashScope,
  type FakeDashScopeOptions,
  type FakeTask,
} from './contract';
import { queueFault } from './faults';
import { listenUrl, sendError } from './http';
import { abortTasks, createState, resetState, type FakeState } from './state';
import { handleSubmit } from './submit';
import { handleQuery, handleResult } from './tasks';
import { handlePolicy, handleUpload } from './uploads';

// The public API, whose users import it from here.
export * from './contract';
export type { Fault } from './faults';
export { multipartBoundary, parseMultipart, type MultipartPart } from './multipart';
export { drawnDuration, providerTime, seededUnit } from './task';

async function route(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('Access-Control-Allow-Origin', '*');
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = url.pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': `Authorization, Content-Type, X-DashScope-Async, ${OSS_RESOLVE_HEADER}`,
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return;
  }
  if (req.method === 'POST' && path === SUBMIT_PATH) return handleSubmit(state, req, res);
  if (req.method === 'GET' && path === UPLOADS_PATH) return handlePolicy(state, req, res, url);
  if (req.method === 'POST' && path === OSS_UPLOAD_PATH) return handleUpload(state, req, res);
  if (
    req.method === 'GET' &&
    path.startsWith(TASK_PATH_PREFIX) &&
    path.length > TASK_PATH_PREFIX.length &&
    !path.slice(TASK_PATH_PREFIX.length).includes('/')
  ) {
    return handleQuery(state, req, res, path.slice(TASK_PATH_PREFIX.length));
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith(RESULT_PATH_PREFIX)) {
    return handleResult(state, res, path.slice(RESULT_PATH_PREFIX.length));
  }
  state.log(`${req.method} ${path} → 404`);
  sendError(res, 404, 'NotFound', `No such API: ${req.method} ${path}`);
}

export async function startFakeDashScope(options: FakeDashScopeOptions = {}): Promise<FakeDashScope> {
  const state = createState(options);
  const server = createServer((req, res) => {
    route(state, req, res).catch((error: unknown) => {
      console.error('[fake-dashscope] handler error', error);
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'Fake server error.');
      else res.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  state.baseUrl = listenUrl(host, (server.address() as AddressInfo).port);

  const { tasks, queries } = state;
  return {
    url: state.baseUrl,
    options: state.settings,
    inject(...list) {
      for (const fault of list) queueFault(state.faults, fault);
    },
    submissions: state.submissions,
    queries,
    policyRequests: state.policyRequests,
    uploads: state.uploads,
    uploadedFiles: state.uploadedFiles,
    tasks: tasks as Map<string, FakeTask>,
    tasksCreated: () => tasks.size,
    queriesFor: (taskId) => queries.filter((q) => q.taskId === taskId).length,
    async waitForTask(taskId, statuses = ['SUCCEEDED', 'FAILED', 'CANCELED'], timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const task = tasks.get(taskId);
        if (task && statuses.includes(task.status)) return task;
        if (Date.now() > deadline)
          throw new Error(`Task ${taskId} is ${task?.status ?? 'unknown'}, not ${statuses.join('/')}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => resetState(state),
    async close() {
      abortTasks(state);
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Standalone

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return resolve(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** "4700-7300" (and a seed, 1 by default) as a DurationRange. */
function durationRange(text: string | undefined, seed = 1): DurationRange | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--duration-range needs MIN-MAX in ms, got ${text}`);
  return { minMs: Number(match[1]), maxMs: Number(match[2]), seed };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const number = (flag: string) => {
    const v = value(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got ${v}`);
    return n;
  };
  let resultFor: FakeDashScopeOptions['resultFor'];
  if (args.includes('--demo')) {
    const demo = (await import('../fixtures/demo-translations')) as { demoResultFor: FakeDashScopeOptions['resultFor'] };
    resultFor = demo.demoResultFor;
  }
  const fake = await startFakeDashScope({
    port: number('--port') ?? 8787,
    host: value('--host'),
    apiKey: value('--key'),
    taskDurationMs: number('--duration'),
    taskDurationRange: durationRange(value('--duration-range'), number('--seed')),
    log: args.includes('--log') || !args.includes('--quiet'),
    resultFor,
  });
  console.log(
    `Fake DashScope (qwen-mt-image) listening on ${fake.url}  key=${fake.options.apiKey}  duration=${fake.options.taskDurationMs}ms`,
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isEntryModule()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

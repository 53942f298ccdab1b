/** What becomes of a task: its status on query, and its result image. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NO_TEXT_MESSAGE, TRANSLATED_RGB, type QueryRecord } from './contract';
import { takeFault } from './faults';
import { bearerMatches, sendError, sendJson } from './http';
import { mimeTypeOf, readImageHeader, solidPng } from './png';
import type { FakeState } from './state';
import { providerTime, type Task } from './task';

/** GET /api/v1/tasks/{id}: the status now, from the task's clock, or a query fault. */
export function handleQuery(state: FakeState, req: IncomingMessage, res: ServerResponse, rawId: string): void {
  const at = Date.now();
  let taskId = rawId;
  try {
    taskId = decodeURIComponent(rawId);
  } catch {
    /* keep raw */
  }
  const record: QueryRecord = { at, taskId, status: 0 };
  state.queries.push(record);
  const task = state.tasks.get(taskId);
  if (task) task.queries++;
  const reject = (status: number, code: string, message: string) => {
    record.status = status;
    state.log(`GET task ${taskId} → ${status} ${code}`);
    sendError(res, status, code, message);
  };
  if (!bearerMatches(req, state.settings.apiKey)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');

  const fault = takeFault(state.faults, 'query');
  if (fault) {
    switch (fault.reply) {
      case 'malformed': {
        record.status = 200;
        state.log(`GET task ${taskId} → 200 (malformed)`);
        const text = '{"request_id":"' + randomUUID() + '","output":{"task_id":"' + taskId + '","task_status":';
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      case 'server-error':
        return reject(500, 'InternalError', 'An internal error has occured, please try again later.');
      case 'throttle':
        return reject(429, 'Throttling', 'Requests throttling triggered.');
      case 'drop':
        state.log(`GET task ${taskId} → (dropped)`);
        res.destroy();
        return;
    }
  }

  record.status = 200;
  if (!task) {
    record.taskStatus = 'UNKNOWN';
    sendJson(res, 200, { request_id: randomUUID(), output: { task_id: taskId, task_status: 'UNKNOWN' } });
    return;
  }
  const status = task.statusAt(at);
  record.taskStatus = status;
  const output: Record<string, unknown> = { task_id: task.id, task_status: status, submit_time: providerTime(task.submittedAt) };
  const reply: Record<string, unknown> = { request_id: randomUUID(), output };
  if (status !== 'PENDING' && status !== 'CANCELED' && task.scheduledAt !== undefined)
    output.scheduled_time = providerTime(task.scheduledAt);
  if (status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELED') output.end_time = providerTime(task.endsAt);
  if (status === 'SUCCEEDED') {
    output.image_url = task.resultUrl;
    if (task.outcome === 'no-text') output.message = NO_TEXT_MESSAGE;
    reply.usage = { image_count: 1 };
  } else if (status === 'FAILED') {
    const failure =
      task.failure ??
      (task.outcome === 'content-rejected'
        ? { code: 'data_inspection_failed', message: 'Output data may contain inappropriate content.' }
        : { code: 'InternalError', message: 'An internal error has occured, please try again later.' });
    output.code = failure.code;
    output.message = failure.message;
  }
  state.log(`GET task ${taskId} → ${status}`);
  sendJson(res, 200, reply);
}

function resultBytes(state: FakeState, task: Task): Buffer {
  if (task.result) return task.result;
  const source = task.source!;
  task.result =
    task.outcome === 'no-text'
      ? source.bytes
      : (state.settings.resultFor?.(source) ?? solidPng(source.width, source.height, TRANSLATED_RGB));
  return task.result;
}

/** GET /results/{id}.png: the "OSS" link of a task that SUCCEEDED. */
export function handleResult(state: FakeState, res: ServerResponse, name: string): void {
  const match = /^([^/]+)\.png$/.exec(name);
  const task = match ? state.tasks.get(match[1]!) : undefined;
  if (!task || task.status !== 'SUCCEEDED' || !task.source) {
    sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    return;
  }
  if (takeFault(state.faults, 'download')) {
    sendError(res, 429, 'Throttling', 'Too many requests.');
    return;
  }
  const bytes = resultBytes(state, task);
  const format = readImageHeader(bytes)?.format;
  res.writeHead(200, { 'Content-Type': format ? mimeTypeOf(format) : 'image/png', 'Content-Length': bytes.length });
  res.end(bytes);
}

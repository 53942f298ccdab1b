/** POST /api/v1/services/aigc/image2image/image-synthesis: the checks, the limits, the submit faults; a task created. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REGION_MODELS, RESULT_PATH_PREFIX, type SubmissionRecord } from './contract';
import { takeFault } from './faults';
import { bearerMatches, flatHeaders, readRaw, sendError, sendJson } from './http';
import { fetchSource } from './source';
import type { FakeState } from './state';
import { ParamError, validateSubmission, type ValidRequest } from './submission-rules';
import { drawnDuration, Task } from './task';

const MAX_BODY_BYTES = 1024 * 1024;

/** Tasks PENDING or RUNNING at `now`. */
function running(state: FakeState, now: number): number {
  let n = 0;
  for (const task of state.tasks.values()) {
    const status = task.statusAt(now);
    if (status === 'PENDING' || status === 'RUNNING') n++;
  }
  return n;
}

function createTask(state: FakeState, request: ValidRequest, now: number): Task {
  const fault = takeFault(state.faults, 'task');
  const id = randomUUID();
  const task = new Task(
    id,
    now,
    state.settings.taskDurationRange ? drawnDuration(state.settings.taskDurationRange, state.drawn++) : state.settings.taskDurationMs,
    request.imageUrl,
    request.sourceLang,
    request.targetLang,
    request.ext,
    fault?.outcome ?? 'succeed',
    `${state.baseUrl}${RESULT_PATH_PREFIX}${id}.png`,
  );
  state.tasks.set(id, task);
  state.lastAcceptedAt = now;
  void fetchSource(task, state.uploadedFiles, state.options.resolveHost ?? ((hostname) => hostname))
    .catch((error: unknown) => {
      task.failure ??= { code: 'InvalidParameter', message: `Failed to download the image: ${String(error)}` };
    })
    .finally(() => {
      if (state.tasks.get(id) !== task) return; // reset meanwhile
      task.ready(Date.now());
      state.log(
        `task ${id} ready: ${task.failure ? `will fail (${task.failure.message})` : `${task.source?.width}x${task.source?.height} ${task.source?.format}`}`,
      );
    });
  return task;
}

export async function handleSubmit(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const { bytes, tooLarge } = await readRaw(req, MAX_BODY_BYTES);
  const text = bytes.toString('utf8');
  let body: unknown = text;
  let json = false;
  try {
    body = JSON.parse(text);
    json = true;
  } catch {
    /* keep the text */
  }
  const record: SubmissionRecord = { at, status: 0, body, headers: flatHeaders(req) };
  state.submissions.push(record);
  const reject = (status: number, code: string, message: string) => {
    record.status = status;
    record.code = code;
    state.log(`POST submit → ${status} ${code}: ${message}`);
    sendError(res, status, code, message);
  };

  if (!bearerMatches(req, state.settings.apiKey)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');
  if ((req.headers['x-dashscope-async'] ?? '').toString().trim().toLowerCase() !== 'enable') {
    return reject(403, 'AccessDenied', 'current user api does not support synchronous calls');
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return reject(
      400,
      'InvalidParameter',
      `Content-Type must be application/json; got ${JSON.stringify(req.headers['content-type'] ?? '')}.`,
    );
  }
  if (tooLarge) return reject(400, 'InvalidParameter', 'The request body is too large.');
  if (!json) return reject(400, 'InvalidParameter', 'The request body is not valid JSON.');
  let request: ValidRequest;
  try {
    const ossResolve = (req.headers['x-dashscope-ossresourceresolve'] ?? '').toString().trim().toLowerCase() === 'enable';
    request = validateSubmission(body, ossResolve, REGION_MODELS[state.options.region ?? 'beijing']);
  } catch (error) {
    if (error instanceof ParamError) return reject(400, 'InvalidParameter', error.message);
    throw error;
  }

  const fault = takeFault(state.faults, 'submit');
  if (fault) {
    switch (fault.reply) {
      case 'throttle':
        return reject(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
      case 'allocation-quota':
        return reject(429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.');
      case 'allocated-quota':
        return reject(429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.');
      case 'free-tier-only':
        return reject(403, 'AllocationQuota.FreeTierOnly', 'The free tier of the model has been exhausted.');
      case 'ip-infringement':
        return reject(400, 'IPInfringementSuspect', 'Input data is suspected of being involved in IP infringement.');
      case 'inspection-parameter':
        return reject(400, 'InvalidParameter.DataInspection', 'Input data may contain inappropriate content.');
      case 'arrearage':
        return reject(400, 'Arrearage', 'Access denied, please make sure your account is in good standing.');
      case 'content-rejected':
        return reject(400, 'DataInspectionFailed', 'Input data may contain inappropriate content.');
      case 'server-error':
        return reject(500, 'InternalError', 'An internal error has occured, please try again later.');
      case 'drop': {
        const task = createTask(state, request, at);
        record.taskId = task.id;
        record.status = 0;
        state.log(`POST submit → (dropped) task ${task.id}`);
        res.destroy();
        return;
      }
      case 'gateway': {
        const task = createTask(state, request, at);
        record.taskId = task.id;
        record.status = 502;
        const page = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
        state.log(`POST submit → 502 (gateway page) task ${task.id}`);
        res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) }).end(page);
        return;
      }
    }
  }

  if (at - state.lastAcceptedAt < state.settings.minSubmitIntervalMs) {
    return reject(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
  }
  if (running(state, at) >= state.settings.maxConcurrentTasks) {
    return reject(429, 'Throttling', 'Requests throttling triggered.');
  }

  const task = createTask(state, request, at);
  record.status = 200;
  record.taskId = task.id;
  state.log(`POST submit → 200 task ${task.id} (${request.sourceLang}→${request.targetLang} ${request.imageUrl})`);
  sendJson(res, 200, { output: { task_status: 'PENDING', task_id: task.id }, request_id: randomUUID() });
}

import type { z } from 'zod';
import { DashScopeError, errorKindFor } from './errors';
import { errorReplySchema, submitReplySchema, taskReplySchema, type SubmitRequest, type TaskReply } from './schemas';

export const MODEL = 'qwen-mt-image';
export const SUBMIT_PATH = '/api/v1/services/aigc/image2image/image-synthesis';
export const TASK_PATH = '/api/v1/tasks/';

export interface DashScopeClientOptions {
  /** Base URL such as https://dashscope.aliyuncs.com, or a gateway in front of it. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** A request with no answer by then counts as a network failure. */
  timeoutMs?: number;
}

export interface SubmittedTask {
  taskId: string;
  requestId?: string;
}

export type TaskResult =
  | { status: 'PENDING' | 'RUNNING' }
  | { status: 'SUCCEEDED'; imageUrl: string; noTextDetected: boolean; durationMs?: number; imageCount: number }
  | { status: 'FAILED' | 'CANCELED'; code: string; message: string }
  | { status: 'UNKNOWN' };

export const NO_TEXT_DETECTED = 'No text detected for translation';

export interface DashScopeClient {
  submit(request: SubmitRequest): Promise<SubmittedTask>;
  query(taskId: string): Promise<TaskResult>;
  download(imageUrl: string): Promise<Blob>;
  /** Proves the key without creating (and so billing) a task: the status of a task that does not exist. */
  checkKey(): Promise<void>;
}

export function createDashScopeClient(options: DashScopeClientOptions): DashScopeClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new DashScopeError('network', `No answer from ${new URL(url).host}: ${String(cause)}`);
    }
  }

  async function readJson<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = errorReplySchema.safeParse(body);
      const code = error.success ? error.data.code : `HTTP${response.status}`;
      const message = error.success ? error.data.message : text.slice(0, 200) || response.statusText;
      throw new DashScopeError(errorKindFor(code, response.status), message, code, response.status, error.data?.request_id);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new DashScopeError('malformed', `Unreadable reply from the service: ${text.slice(0, 200)}`, undefined, response.status);
    }
    return parsed.data;
  }

  const auth = { Authorization: `Bearer ${options.apiKey}` };

  async function query(taskId: string): Promise<TaskResult> {
    const response = await send(base + TASK_PATH + encodeURIComponent(taskId), { headers: auth });
    return toTaskResult(await readJson(response, taskReplySchema));
  }

  return {
    async submit(request) {
      const response = await send(base + SUBMIT_PATH, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json', 'X-DashScope-Async': 'enable' },
        body: JSON.stringify(request),
      });
      const reply = await readJson(response, submitReplySchema);
      return { taskId: reply.output.task_id, requestId: reply.request_id };
    },
    query,
    async download(imageUrl) {
      const response = await send(imageUrl, {});
      if (!response.ok) {
        throw new DashScopeError(
          response.status >= 500 ? 'server' : 'invalid-parameter',
          `The translated image could not be downloaded (HTTP ${response.status}).`,
          `HTTP${response.status}`,
          response.status,
        );
      }
      return response.blob();
    },
    async checkKey() {
      await query('00000000-0000-0000-0000-000000000000');
    },
  };
}

/** The provider's times are UTC+8 "YYYY-MM-DD HH:mm:ss.SSS"; only their difference matters here. */
function providerTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.replace(' ', 'T') + '+08:00');
  return Number.isNaN(ms) ? undefined : ms;
}

export function toTaskResult(reply: TaskReply): TaskResult {
  const out = reply.output;
  switch (out.task_status) {
    case 'PENDING':
    case 'RUNNING':
    case 'UNKNOWN':
      return { status: out.task_status };
    case 'FAILED':
    case 'CANCELED':
      return { status: out.task_status, code: out.code ?? out.task_status, message: out.message ?? '' };
    case 'SUCCEEDED': {
      if (!out.image_url) {
        throw new DashScopeError('malformed', 'The service reported success without an image.');
      }
      const start = providerTime(out.submit_time);
      const end = providerTime(out.end_time);
      return {
        status: 'SUCCEEDED',
        imageUrl: out.image_url,
        noTextDetected: (out.message ?? '').includes(NO_TEXT_DETECTED),
        durationMs: start !== undefined && end !== undefined ? end - start : undefined,
        imageCount: reply.usage?.image_count ?? 1,
      };
    }
  }
}

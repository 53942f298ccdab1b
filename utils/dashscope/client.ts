import type { z } from 'zod';
import type { Failure } from '../failure';
import { extensionForType, typeForFileName } from '../picture-types';
import { DashScopeError, errorKindFor, refusalKindFor } from './errors';
import {
  errorReplySchema,
  submitReplySchema,
  taskReplySchema,
  uploadPolicyReplySchema,
  type SubmitRequest,
  type TaskReply,
} from './schemas';

export const SUBMIT_PATH = '/api/v1/services/aigc/image2image/image-synthesis';
export const TASK_PATH = '/api/v1/tasks/';
/** GET with ?action=getPolicy&model=…: a signed policy for DashScope's temporary file storage. */
export const UPLOADS_PATH = '/api/v1/uploads';
/** The scheme of a file in DashScope's temporary storage, as `input.image_url` takes it. */
export const OSS_SCHEME = 'oss://';
/** The request header a submission needs when `input.image_url` is an oss:// URL. */
export const OSS_RESOLVE_HEADER = 'X-DashScope-OssResourceResolve';

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

/**
 * `queuedMs` is scheduled_time − submit_time (how long the task waited before it ran) and `durationMs` is end_time −
 * submit_time: differences of the provider's own clock, so neither the UTC+8 zone nor a skewed local clock matters.
 * A caller makes them local by adding them to its own moment of submission.
 */
export type TaskResult =
  | { status: 'PENDING' | 'RUNNING'; queuedMs?: number }
  | { status: 'SUCCEEDED'; imageUrl: string; noTextDetected: boolean; durationMs?: number; queuedMs?: number; imageCount: number }
  | { status: 'FAILED' | 'CANCELED'; code: string; message: string }
  | { status: 'UNKNOWN' };

export const NO_TEXT_DETECTED = 'No text detected for translation';
/** What a translated image may be: the service returns JPEG, PNG or WebP. */
export const RESULT_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);
/** Far above any result the service makes from a picture of at most 10 MB. */
export const MAX_RESULT_BYTES = 32 * 1024 * 1024;

export interface DashScopeClient {
  submit(request: SubmitRequest): Promise<SubmittedTask>;
  query(taskId: string): Promise<TaskResult>;
  download(imageUrl: string): Promise<Blob>;
  /**
   * Proves the key and that the endpoint offers `model`, without creating (and so billing) a task: an upload
   * policy for that model, which the service refuses for a model its region does not offer.
   */
  checkKey(model: string): Promise<void>;
  /**
   * Puts an image in DashScope's temporary storage (for images the service cannot fetch itself: data:/blob: URLs,
   * intranet hosts, pages behind a login, converted formats) and returns its `oss://…` URL for `input.image_url`;
   * `submit` then sends the header that URL needs. `filename` is reduced to a safe ASCII base name. The file is
   * tied to `model`: the submission must name the same one.
   */
  upload(image: Blob, filename: string, model: string): Promise<string>;
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
      // Only the service's own error reply says that nothing was done; a bare 502/504 comes from a gateway.
      const kind = !error.success && response.status >= 500 ? 'gateway' : errorKindFor(code, response.status);
      throw new DashScopeError(kind, message, code, response.status, error.data?.request_id);
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

  async function uploadPolicy(model: string) {
    const response = await send(`${base}${UPLOADS_PATH}?action=getPolicy&model=${encodeURIComponent(model)}`, { headers: auth });
    return (await readJson(response, uploadPolicyReplySchema)).data;
  }

  async function upload(image: Blob, filename: string, model: string): Promise<string> {
    const policy = await uploadPolicy(model);
    if (policy.max_file_size_mb !== undefined && image.size > policy.max_file_size_mb * 1024 * 1024) {
      const detail = { sizeMb: (image.size / 1024 / 1024).toFixed(1), maxMb: policy.max_file_size_mb };
      throw new DashScopeError(
        'invalid-parameter',
        `The image is ${detail.sizeMb} MB; DashScope's temporary storage takes at most ${detail.maxMb} MB.`,
        undefined,
        undefined,
        undefined,
        { kind: 'upload-too-large', detail },
      );
    }
    const type = image.type || typeForFileName(filename);
    const name = safeFileName(filename, type);
    const key = `${policy.upload_dir.replace(/\/+$/, '')}/${name}`;
    // OSS reads the form fields in order and ignores anything after `file`, so `file` goes last.
    const form = new FormData();
    form.append('OSSAccessKeyId', policy.oss_access_key_id);
    form.append('Signature', policy.signature);
    form.append('policy', policy.policy);
    form.append('key', key);
    form.append('x-oss-object-acl', policy.x_oss_object_acl);
    form.append('x-oss-forbid-overwrite', policy.x_oss_forbid_overwrite);
    form.append('success_action_status', '200');
    form.append('file', image.type === type ? image : new Blob([image], { type }), name);
    // No Authorization here: the signed policy is the credential, and the key must not go to the storage host.
    const response = await send(policy.upload_host, { method: 'POST', body: form });
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const storageCode = xmlText(text, 'Code');
      const message = xmlText(text, 'Message');
      const code = storageCode ?? `HTTP${response.status}`;
      const said = `HTTP ${response.status}${storageCode ? ` ${storageCode}` : ''}${message ? `: ${message}` : ''}`;
      throw new DashScopeError(
        response.status >= 500 ? 'server' : 'invalid-parameter',
        `The image could not be uploaded to DashScope's temporary storage (${said}).`,
        code,
        response.status,
        xmlText(text, 'RequestId'),
        { kind: 'upload-failed', code, detail: { status: response.status, code: storageCode, message, refusal: refusalKindFor(code, '') } },
      );
    }
    return OSS_SCHEME + key;
  }

  return {
    async submit(request) {
      const headers: Record<string, string> = { ...auth, 'Content-Type': 'application/json', 'X-DashScope-Async': 'enable' };
      if (request.input.image_url.startsWith(OSS_SCHEME)) headers[OSS_RESOLVE_HEADER] = 'enable';
      const response = await send(base + SUBMIT_PATH, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
      });
      const reply = await readJson(response, submitReplySchema);
      return { taskId: reply.output.task_id, requestId: reply.request_id };
    },
    query,
    async download(imageUrl) {
      const response = await send(imageUrl, {});
      if (!response.ok) {
        const code = `HTTP${response.status}`;
        throw new DashScopeError(
          response.status === 429 ? 'throttled' : response.status >= 500 ? 'server' : 'invalid-parameter',
          `The translated image could not be downloaded (HTTP ${response.status}).`,
          code,
          response.status,
          undefined,
          { kind: 'download-failed', code, detail: { status: response.status } },
        );
      }
      // The result is painted into pages and shown in the extension's own: only a picture of a sane size.
      const type = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!RESULT_TYPES.has(type)) {
        await response.body?.cancel();
        const failure: Failure = { kind: 'not-an-image', code: 'NotAnImage', detail: { type: type || '?' } };
        throw new DashScopeError(
          'bad-download',
          `The translated image is ${failure.detail.type}, not a JPEG, PNG or WebP picture.`,
          failure.code,
          undefined,
          undefined,
          failure,
        );
      }
      const tooLarge = () => {
        const failure: Failure = { kind: 'result-too-large', code: 'TooLarge', detail: { maxMb: MAX_RESULT_BYTES / 1024 / 1024 } };
        return new DashScopeError(
          'bad-download',
          `The translated image is larger than ${failure.detail.maxMb} MB.`,
          failure.code,
          undefined,
          undefined,
          failure,
        );
      };
      if (Number(response.headers.get('Content-Length') ?? 0) > MAX_RESULT_BYTES) {
        await response.body?.cancel();
        throw tooLarge();
      }
      const image = await response.blob();
      if (image.size > MAX_RESULT_BYTES) throw tooLarge();
      return image.type === type ? image : new Blob([image], { type });
    },
    async checkKey(model) {
      await uploadPolicy(model);
    },
    upload,
  };
}

/** The base name, in characters safe in an object key and a URL; an extension from the type when it has none. */
export function safeFileName(filename: string, type = ''): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  let name = base.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100);
  if (!name || name.startsWith('.')) name = `image${name}`;
  const ext = extensionForType(type);
  if (ext && !/\.[A-Za-z0-9]{1,5}$/.test(name)) name += `.${ext}`;
  return name;
}

/** The text of the first <tag> of an OSS XML error, if any. */
function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  const value = match?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
  return value || undefined;
}

/** The provider's times are UTC+8 "YYYY-MM-DD HH:mm:ss.SSS"; only their difference matters here. */
function providerTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value.replace(' ', 'T') + '+08:00');
  return Number.isNaN(ms) ? undefined : ms;
}

/** A task's result is kept a day: a difference outside that is not one to learn from. */
const PLAUSIBLE_MS = 24 * 60 * 60 * 1000;

/** `to − from` of two provider times, when both are there and the difference is plausible. */
function between(from: string | undefined, to: string | undefined): number | undefined {
  const start = providerTime(from);
  const end = providerTime(to);
  if (start === undefined || end === undefined) return undefined;
  const ms = end - start;
  return ms >= 0 && ms <= PLAUSIBLE_MS ? ms : undefined;
}

export function toTaskResult(reply: TaskReply): TaskResult {
  const out = reply.output;
  switch (out.task_status) {
    case 'PENDING':
    case 'RUNNING': {
      const queuedMs = between(out.submit_time, out.scheduled_time);
      return queuedMs === undefined ? { status: out.task_status } : { status: out.task_status, queuedMs };
    }
    case 'UNKNOWN':
      return { status: out.task_status };
    case 'FAILED':
    case 'CANCELED':
      return { status: out.task_status, code: out.code ?? out.task_status, message: out.message ?? '' };
    case 'SUCCEEDED': {
      if (!out.image_url) {
        throw new DashScopeError('malformed', 'The service reported success without an image.');
      }
      return {
        status: 'SUCCEEDED',
        imageUrl: out.image_url,
        noTextDetected: (out.message ?? '').includes(NO_TEXT_DETECTED),
        durationMs: between(out.submit_time, out.end_time),
        queuedMs: between(out.submit_time, out.scheduled_time),
        imageCount: reply.usage?.image_count ?? 1,
      };
    }
  }
}

/** The temporary file storage: the upload policy and the OSS PostObject upload it signs. */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  MODEL_NOT_EXIST,
  OSS_UPLOAD_PATH,
  REGION_MODELS,
  UPLOAD_MAX_FILE_SIZE_MB,
  UPLOAD_POLICY_EXPIRE_SECONDS,
  type PolicyRecord,
  type UploadRecord,
} from './contract';
import { takeFault } from './faults';
import { bearerMatches, readRaw, sendError, sendJson, sendOssError } from './http';
import { multipartBoundary, parseMultipart } from './multipart';
import type { FakeState } from './state';
import { providerTime } from './task';

/** GET /api/v1/uploads?action=getPolicy: a signed policy for a fresh upload_dir. */
export function handlePolicy(state: FakeState, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const asNumber = (value: number) => (state.settings.policyNumbersAsText ? String(value) : value);
  const at = Date.now();
  const record: PolicyRecord = { at, status: 0 };
  state.policyRequests.push(record);
  const reject = (status: number, code: string, message: string) => {
    record.status = status;
    record.code = code;
    state.log(`GET uploads policy → ${status} ${code}: ${message}`);
    sendError(res, status, code, message);
  };
  if (!bearerMatches(req, state.settings.apiKey)) return reject(401, 'InvalidApiKey', 'Invalid API-key provided.');
  const action = url.searchParams.get('action');
  const model = url.searchParams.get('model');
  if (!action) return reject(400, 'InvalidParameter', 'Field required: action (getPolicy).');
  if (action !== 'getPolicy')
    return reject(400, 'InvalidParameter', `Unknown action: ${JSON.stringify(action)}. This API takes action=getPolicy.`);
  if (!model) return reject(400, 'InvalidParameter', 'Field required: model.');
  if (model !== REGION_MODELS[state.options.region ?? 'beijing']) return reject(400, 'InvalidParameter', MODEL_NOT_EXIST);

  const fault = takeFault(state.faults, 'policy');
  if (fault?.reply === 'server-error') return reject(500, 'InternalError', 'An internal error has occured, please try again later.');

  const userHash = createHash('md5').update(state.settings.apiKey).digest('hex');
  const uploadDir = `dashscope-instant/${userHash}/${providerTime(at).slice(0, 10)}/${randomUUID()}`;
  const expiresAt = at + UPLOAD_POLICY_EXPIRE_SECONDS * 1000;
  const acl = 'private';
  const forbidOverwrite = 'true';
  const document = {
    expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    conditions: [
      ['content-length-range', 0, UPLOAD_MAX_FILE_SIZE_MB * 1024 * 1024],
      ['starts-with', '$key', uploadDir],
      { bucket: 'dashscope-file-mgr' },
      { 'x-oss-object-acl': acl },
      { 'x-oss-forbid-overwrite': forbidOverwrite },
      { success_action_status: '200' },
    ],
  };
  const policy = Buffer.from(JSON.stringify(document)).toString('base64');
  const signature = createHmac('sha1', state.ossSecret).update(policy).digest('base64');
  state.issuedPolicies.set(policy, { signature, uploadDir, acl, forbidOverwrite, expiresAt });
  record.status = 200;
  record.uploadDir = uploadDir;
  state.log(`GET uploads policy → 200 ${uploadDir}`);
  sendJson(res, 200, {
    request_id: randomUUID(),
    data: {
      policy,
      signature,
      upload_dir: uploadDir,
      upload_host: state.baseUrl + OSS_UPLOAD_PATH,
      expire_in_seconds: asNumber(UPLOAD_POLICY_EXPIRE_SECONDS),
      max_file_size_mb: asNumber(UPLOAD_MAX_FILE_SIZE_MB),
      capacity_limit_mb: asNumber(999999999),
      oss_access_key_id: state.ossAccessKeyId,
      x_oss_object_acl: acl,
      x_oss_forbid_overwrite: forbidOverwrite,
    },
  });
}

/** POST /oss-upload: an OSS PostObject form checked against the policy it carries; the file is then oss://{key}. */
export async function handleUpload(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const maxFile = UPLOAD_MAX_FILE_SIZE_MB * 1024 * 1024;
  const { bytes: raw, tooLarge } = await readRaw(req, maxFile + 64 * 1024);
  const record: UploadRecord = { at, status: 0, bytes: 0 };
  state.uploads.push(record);
  const reject = (status: number, code: string, message: string) => {
    record.status = status;
    record.code = code;
    state.log(`POST oss-upload ${record.key ?? ''} → ${status} ${code}: ${message}`);
    sendOssError(res, new URL(state.baseUrl).host, status, code, message);
  };

  const boundary = multipartBoundary(req.headers['content-type']);
  const parts = boundary && !tooLarge ? parseMultipart(raw, boundary) : undefined;
  // OSS takes the form fields before `file` (names case-insensitive) and ignores whatever follows it.
  const fileIndex = parts ? parts.findIndex((p) => p.name === 'file') : -1;
  const file = fileIndex >= 0 ? parts![fileIndex] : undefined;
  const fields = new Map<string, string>();
  for (const part of parts ? (fileIndex >= 0 ? parts.slice(0, fileIndex) : parts) : []) {
    const name = part.name.toLowerCase();
    if (!fields.has(name)) fields.set(name, part.data.toString('utf8'));
  }
  const ignored = new Set(fileIndex >= 0 ? parts!.slice(fileIndex + 1).map((p) => p.name.toLowerCase()) : []);
  record.key = fields.get('key');
  record.bytes = file?.data.length ?? 0;
  record.contentType = file?.contentType;

  const fault = takeFault(state.faults, 'upload');
  if (fault?.reply === 'server-error') return reject(500, 'InternalError', 'We encountered an internal error. Please try again.');
  if (fault?.reply === 'forbidden') return reject(403, 'AccessDenied', 'You have no right to access this object because of bucket acl.');

  if (tooLarge) return reject(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
  if (!boundary) {
    return reject(
      400,
      'InvalidArgument',
      `A PostObject request must be multipart/form-data with a boundary; got ${JSON.stringify(req.headers['content-type'] ?? '')}.`,
    );
  }
  if (!parts) return reject(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  const missing = (label: string) => {
    const after = ignored.has(label.toLowerCase()) ? ' before the file field (fields after file are ignored)' : '';
    return `The form field ${label} is required${after}.`;
  };
  if (!file) return reject(400, 'InvalidArgument', 'The form field file is required, as the last field.');
  for (const label of ['OSSAccessKeyId', 'Signature', 'policy', 'key']) {
    if (!fields.get(label.toLowerCase())) return reject(400, 'InvalidArgument', missing(label));
  }
  if (fields.get('ossaccesskeyid') !== state.ossAccessKeyId) {
    return reject(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
  }
  const policy = fields.get('policy')!;
  const signature = createHmac('sha1', state.ossSecret).update(policy).digest('base64');
  if (fields.get('signature') !== signature) {
    return reject(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  const issued = state.issuedPolicies.get(policy);
  if (!issued || issued.signature !== signature || at > issued.expiresAt) {
    return reject(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  const condition = (text: string) => reject(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${text}`);
  const key = fields.get('key')!;
  if (!key.startsWith(issued.uploadDir + '/') || key.length === issued.uploadDir.length + 1) {
    return condition(`["starts-with", "$key", "${issued.uploadDir}"]`);
  }
  for (const [label, expected] of [
    ['x-oss-object-acl', issued.acl],
    ['x-oss-forbid-overwrite', issued.forbidOverwrite],
    ['success_action_status', '200'],
  ] as const) {
    const value = fields.get(label);
    if (value === undefined) return condition(`["eq", "$${label}", "${expected}"] (${missing(label)})`);
    if (value !== expected) return condition(`["eq", "$${label}", "${expected}"]`);
  }
  if (file.data.length === 0) return reject(400, 'InvalidArgument', 'The file is empty.');
  if (file.data.length > maxFile) return reject(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
  if (issued.forbidOverwrite.toLowerCase() === 'true' && state.uploadedFiles.has(key)) {
    return reject(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.');
  }
  const bytes = Buffer.from(file.data);
  state.uploadedFiles.set(key, { key, bytes, contentType: file.contentType, filename: file.filename, at });
  record.status = 200;
  state.log(`POST oss-upload ${key} → 200 (${bytes.length} bytes${file.contentType ? `, ${file.contentType}` : ''})`);
  const requestId = randomBytes(12).toString('hex').toUpperCase();
  res.writeHead(200, {
    ETag: `"${createHash('md5').update(bytes).digest('hex').toUpperCase()}"`,
    'x-oss-request-id': requestId,
    'Content-Length': 0,
  });
  res.end();
}

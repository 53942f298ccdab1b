import { describe, expect, it } from 'vitest';
import { decodePng, pixelAt, solidPng } from './png';
import { OSS_UPLOAD_PATH, SUBMIT_PATH, TRANSLATED_RGB, type ResultSource } from './server';
import {
  GIF,
  SOURCE_RGB,
  fake,
  body,
  submit,
  submitOk,
  pollUntil,
  useFakeDashScope,
  type PolicyData,
  getPolicy,
  policyOk,
  formEntries,
  withFields,
  upload,
  uploaded,
  ossHeader,
} from './test-support';

useFakeDashScope();

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

import { describe, expect, it } from 'vitest';
import { decodePng, solidPng } from '../../tests/fake-dashscope/png';
import { MODEL, startFakeDashScope } from '../../tests/fake-dashscope/server';
import { client, fake, failure, KEY, request, SOURCE_RGB, until, useClientAgainstFake } from '../../tests/unit/client-support';
import { createDashScopeClient, safeFileName, UPLOADS_PATH } from './client';

useClientAgainstFake();

describe('upload (DashScope temporary storage)', () => {
  /** A fetch that records what the client sends, and may rewrite a reply. */
  function recordingFetch(rewrite?: (url: string, response: Response) => Promise<Response> | Response) {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const doFetch: typeof fetch = async (input, init) => {
      const url = String(input);
      calls.push({ url, init });
      const response = await fetch(input, init);
      return rewrite ? rewrite(url, response) : response;
    };
    return { calls, fetch: doFetch };
  }

  /** The policy reply, with `data` changed. */
  const policyRewrite =
    (change: (data: Record<string, unknown>) => void) =>
    async (url: string, response: Response): Promise<Response> => {
      if (!url.includes(UPLOADS_PATH)) return response;
      const json = (await response.json()) as { data: Record<string, unknown> };
      change(json.data);
      return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
    };

  const png = (w: number, h: number) => new Blob([new Uint8Array(solidPng(w, h, SOURCE_RGB))], { type: 'image/png' });

  it('uploads, submits the oss:// URL with the resolve header, and the task runs on the uploaded image', async () => {
    const recorder = recordingFetch();
    const uploading = createDashScopeClient({ baseUrl: fake.url, apiKey: KEY, fetch: recorder.fetch });
    const bytes = solidPng(97, 61, SOURCE_RGB);
    const url = await uploading.upload(new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png', MODEL);
    expect(url).toMatch(/^oss:\/\/dashscope-instant\/[0-9a-f]{32}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/photo\.png$/);
    const key = url.slice('oss://'.length);
    expect(fake.uploadedFiles.get(key)!.bytes.equals(bytes)).toBe(true);
    expect(fake.uploads).toEqual([{ at: expect.any(Number), status: 200, key, bytes: bytes.length, contentType: 'image/png' }]);

    // The policy request: GET with the key. The upload: a form, in the documented order, without the key.
    const [policyCall, uploadCall] = recorder.calls;
    expect(policyCall!.url).toBe(`${fake.url}${UPLOADS_PATH}?action=getPolicy&model=qwen-mt-image`);
    expect(new Headers(policyCall!.init?.headers).get('authorization')).toBe(`Bearer ${KEY}`);
    expect(uploadCall!.url).toBe(`${fake.url}/oss-upload`);
    expect(uploadCall!.init?.method).toBe('POST');
    expect(new Headers(uploadCall!.init?.headers).get('authorization')).toBeNull();
    const form = uploadCall!.init?.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect([...form.keys()]).toEqual([
      'OSSAccessKeyId',
      'Signature',
      'policy',
      'key',
      'x-oss-object-acl',
      'x-oss-forbid-overwrite',
      'success_action_status',
      'file',
    ]);
    expect(form.get('success_action_status')).toBe('200');
    expect((form.get('file') as File).name).toBe('photo.png');

    const { taskId } = await uploading.submit(request({ image_url: url }));
    const sent = fake.submissions[0]!;
    expect(sent.status).toBe(200);
    expect(sent.headers['x-dashscope-ossresourceresolve']).toBe('enable');
    expect(sent.headers['x-dashscope-async']).toBe('enable');
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(JSON.stringify(result));
    expect(fake.tasks.get(taskId)!.source).toMatchObject({ url, width: 97, height: 61 });
    const translated = decodePng(new Uint8Array(await (await uploading.download(result.imageUrl)).arrayBuffer()));
    expect([translated.width, translated.height]).toEqual([97, 61]);
  });

  it('sends the resolve header for oss:// URLs only', async () => {
    await client.submit(request());
    expect(fake.submissions[0]!.headers['x-dashscope-ossresourceresolve']).toBeUndefined();
  });

  it('a gateway that drops the resolve header gets invalid-parameter', async () => {
    const url = await client.upload(png(40, 40), 'a.png', MODEL);
    const stripping = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.delete('X-DashScope-OssResourceResolve');
        return fetch(input, { ...init, headers });
      },
    });
    const error = await failure(stripping.submit(request({ image_url: url })));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400 });
    expect(error.message).toMatch(/does not appear to be valid/);
    expect(fake.tasksCreated()).toBe(0);
  });

  it('a task on an oss:// URL that was never uploaded FAILS with download failed', async () => {
    const { taskId } = await client.submit(request({ image_url: 'oss://dashscope-instant/none/2025-01-01/x/a.png' }));
    expect((await until(taskId)).result).toMatchObject({
      status: 'FAILED',
      code: 'InvalidParameter',
      message: expect.stringMatching(/download failed/),
    });
  });

  it.each([
    ['photo.png', 'image/png', 'photo.png', 'image/png'],
    ['my photo (1).PNG', 'image/png', 'my_photo_1_.PNG', 'image/png'],
    ['../../etc/passwd', 'image/png', 'passwd.png', 'image/png'],
    ['C:\\Users\\me\\菜单.jpg', 'image/jpeg', '_.jpg', 'image/jpeg'],
    ['.png', 'image/png', 'image.png', 'image/png'],
    ['', 'image/webp', 'image.webp', 'image/webp'],
    ['blob', 'image/bmp', 'blob.bmp', 'image/bmp'],
    ['converted.webp', '', 'converted.webp', 'image/webp'], // no type on the blob: one from the name
    ['mystery', '', 'mystery', 'application/octet-stream'],
  ])('names %j (%s) %j, sent as %s', async (filename, type, name, contentType) => {
    const url = await client.upload(new Blob([new Uint8Array(solidPng(20, 20, SOURCE_RGB))], { type }), filename, MODEL);
    expect(url.split('/').pop()).toBe(name);
    expect(fake.uploadedFiles.get(url.slice('oss://'.length))).toMatchObject({ contentType, filename: name });
  });

  it('safeFileName keeps names short and ASCII', () => {
    expect(safeFileName('x'.repeat(300) + '.png')).toHaveLength(100);
    expect(safeFileName('x'.repeat(300) + '.png').endsWith('.png')).toBe(true);
    expect(safeFileName('a b/c d?e=f#g.jpeg', 'image/jpeg')).toBe('c_d_e_f_g.jpeg');
  });

  it('invalid-key: a wrong key never reaches the storage', async () => {
    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'invalid-key', code: 'InvalidApiKey', httpStatus: 401 });
    expect(error.requestId).toBeTruthy();
    expect(fake.uploads).toHaveLength(0);
  });

  it('takes the upload policy whether its numbers come as numbers or as numeric strings', async () => {
    fake.options.policyNumbersAsText = true;
    expect(await client.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
    expect(fake.uploads).toHaveLength(1);
  });

  it('reports a task refused for its content after the fact with its own code', async () => {
    fake.inject({ on: 'task', outcome: 'content-rejected' });
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    expect(result).toMatchObject({ status: 'FAILED', code: 'data_inspection_failed' });
  });

  it('download: a 429 from the storage is throttling, to be retried', async () => {
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    fake.inject({ on: 'download', reply: 'throttle' });
    const error = await failure(client.download(result.imageUrl));
    expect(error).toMatchObject({ kind: 'throttled', httpStatus: 429 });
    expect((await client.download(result.imageUrl)).type).toBe('image/png');
  });

  it('server: policy server-error', async () => {
    fake.inject({ on: 'policy', reply: 'server-error' });
    const error = await failure(client.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'server', code: 'InternalError', httpStatus: 500 });
    expect(error.retryable).toBe(true);
    expect(fake.uploads).toHaveLength(0);
    expect(await client.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
  });

  it.each([
    ['server-error', 'server', 500, 'InternalError', true],
    ['forbidden', 'invalid-parameter', 403, 'AccessDenied', false],
  ] as const)('upload fault %s → %s, with a plain message', async (reply, kind, httpStatus, code, retryable) => {
    fake.inject({ on: 'upload', reply });
    const error = await failure(client.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind, httpStatus, code });
    expect(error.retryable).toBe(retryable);
    expect(error.message).toMatch(
      new RegExp(`^The image could not be uploaded to DashScope's temporary storage \\(HTTP ${httpStatus} ${code}: .+\\)\\.$`),
    );
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(fake.uploadedFiles.size).toBe(0);
  });

  it('invalid-parameter: a key already taken (409 FileAlreadyExists), e.g. a policy reused', async () => {
    let cached: string | undefined;
    const reusing = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes(UPLOADS_PATH)) return response;
        cached ??= await response.text();
        return new Response(cached, { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await reusing.upload(png(20, 20), 'same.png', MODEL);
    const error = await failure(reusing.upload(png(30, 30), 'same.png', MODEL));
    expect(error).toMatchObject({ kind: 'invalid-parameter', httpStatus: 409, code: 'FileAlreadyExists' });
  });

  it('an upload host answering without an OSS body still maps by status', async () => {
    const proxied = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: async (input, init) =>
        String(input).includes('/oss-upload') ? new Response('Bad Gateway', { status: 502 }) : fetch(input, init),
    });
    const error = await failure(proxied.upload(png(20, 20), 'a.png', MODEL));
    expect(error).toMatchObject({ kind: 'server', httpStatus: 502, code: 'HTTP502' });
    expect(error.message).toBe("The image could not be uploaded to DashScope's temporary storage (HTTP 502).");
  });

  it.each<[string, (data: Record<string, unknown>) => void]>([
    ['no policy', (d) => delete d.policy],
    ['no upload_host', (d) => delete d.upload_host],
    ['an upload_host that is not http(s)', (d) => (d.upload_host = 'ftp://example.com/')],
    ['no upload_dir', (d) => delete d.upload_dir],
    ['no access key id', (d) => delete d.oss_access_key_id],
  ])('malformed: a policy reply with %s', async (_name, change) => {
    const odd = createDashScopeClient({ baseUrl: fake.url, apiKey: KEY, fetch: recordingFetch(policyRewrite(change)).fetch });
    const error = await failure(odd.upload(png(20, 20), 'a.png', MODEL));
    expect(error.kind).toBe('malformed');
    expect(fake.uploads).toHaveLength(0);
  });

  it('takes x_oss_forbid_overwrite as a JSON boolean too', async () => {
    const odd = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: recordingFetch(policyRewrite((d) => (d.x_oss_forbid_overwrite = true))).fetch,
    });
    expect(await odd.upload(png(20, 20), 'a.png', MODEL)).toMatch(/^oss:\/\//);
  });

  it('invalid-parameter: a file over the policy’s max_file_size_mb is not sent', async () => {
    const small = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      fetch: recordingFetch(policyRewrite((d) => (d.max_file_size_mb = 0.001))).fetch,
    });
    const error = await failure(small.upload(new Blob([new Uint8Array(2000)], { type: 'image/png' }), 'a.png', MODEL));
    expect(error.kind).toBe('invalid-parameter');
    expect(error.message).toMatch(/at most 0.001 MB/);
    expect(fake.uploads).toHaveLength(0);
  });

  it('network: the policy endpoint or the upload host does not answer', async () => {
    const closed = await startFakeDashScope();
    const url = closed.url;
    await closed.close();
    const nowhere = createDashScopeClient({ baseUrl: url, apiKey: KEY, timeoutMs: 2000 });
    expect((await failure(nowhere.upload(png(20, 20), 'a.png', MODEL))).kind).toBe('network');

    const lost = createDashScopeClient({
      baseUrl: fake.url,
      apiKey: KEY,
      timeoutMs: 2000,
      fetch: recordingFetch(policyRewrite((d) => (d.upload_host = `${url}/oss-upload`))).fetch,
    });
    const error = await failure(lost.upload(png(20, 20), 'a.png', MODEL));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
  });
});

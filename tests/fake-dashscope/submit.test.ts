import { describe, expect, it } from 'vitest';
import { startFakeDashScope, SUBMIT_PATH, UPLOADS_PATH, type FakeDashScope } from './server';
import { KEY, fake, body, goodHeaders, submit, submitOk, useFakeDashScope } from './test-support';

useFakeDashScope();

describe('submission is strict', () => {
  it('answers an accepted task with PENDING and a task id', async () => {
    const { status, json, response } = await submit();
    expect(status).toBe(200);
    expect(json.output.task_status).toBe('PENDING');
    expect(json.output.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(fake.tasksCreated()).toBe(1);
    expect(fake.submissions).toHaveLength(1);
    expect(fake.submissions[0]).toMatchObject({ status: 200, taskId: json.output.task_id, body: body() });
    expect(fake.submissions[0]!.headers['x-dashscope-async']).toBe('enable');
  });

  it('rejects a missing or wrong API key with 401 InvalidApiKey', async () => {
    for (const authorization of [undefined, 'Bearer sk-wrong', KEY]) {
      const { status, json } = await submit(body(), { Authorization: authorization });
      expect(status).toBe(401);
      expect(json).toMatchObject({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
      expect(json.request_id).toBeTruthy();
    }
    expect(fake.submissions.map((s) => s.status)).toEqual([401, 401, 401]);
    expect(fake.tasksCreated()).toBe(0);
  });

  it('honours a key changed at run time', async () => {
    fake.options.apiKey = 'sk-other';
    expect((await submit()).status).toBe(401);
    expect((await submit(body(), { Authorization: 'Bearer sk-other' })).status).toBe(200);
  });

  it('rejects a call without X-DashScope-Async: enable with 403 AccessDenied', async () => {
    for (const value of [undefined, 'disable']) {
      const { status, json } = await submit(body(), { 'X-DashScope-Async': value });
      expect(status).toBe(403);
      expect(json).toMatchObject({ code: 'AccessDenied', message: 'current user api does not support synchronous calls' });
    }
    expect(fake.tasksCreated()).toBe(0);
  });

  it('rejects a body that is not JSON, or not sent as JSON', async () => {
    let reply = await submit(body(), { 'Content-Type': 'text/plain' });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe('InvalidParameter');
    reply = await submit('{"model": "qwen-mt-image",');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('JSON') });
    expect(fake.submissions[1]!.body).toBe('{"model": "qwen-mt-image",');
    // a charset parameter is fine
    expect((await submit(body(), { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it.each([
    ['another model', body({}, { model: 'qwen-vl-max' }), /Model not exist/],
    ['no model', { input: body().input }, /model/],
    ['no input', { model: 'qwen-mt-image' }, /input/],
    ['no image_url', body({ image_url: undefined }), /image_url/],
    ['a data: URL', body({ image_url: 'data:image/png;base64,iVBORw0KGgo=' }), /http or https/],
    ['an oss:// URL', body({ image_url: 'oss://bucket/a.png' }), /http or https/],
    ['an ftp URL', body({ image_url: 'ftp://example.com/a.png' }), /http or https/],
    ['a non-ASCII URL', body({ image_url: 'https://example.com/菜单.png' }), /URL-encode/],
    ['a misspelt input field', body({ imageUrl: 'https://example.com/a.png' }), /Unknown field input\.imageUrl/],
  ])('rejects %s with 400 InvalidParameter', async (_name, payload, message) => {
    const { status, json } = await submit(payload);
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions[0]).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });

  it.each([
    ['ja', 'ko', /Japanese to Korean.*Chinese or English/],
    ['fr', 'es', /Chinese or English/],
    ['en', 'de', /German \(de\) is not supported as a target/],
    ['zh', 'German', /German \(de\) is not supported as a target/],
    ['ms', 'en', /Malay \(ms\) is not supported as a source/],
    ['th', 'zh', /Thai \(th\) is not supported as a source/],
    ['id', 'en', /Indonesian \(id\) is not supported as a source/],
    ['ar', 'zh', /Arabic \(ar\) is not supported as a source/],
    ['en', 'en', /must be different/],
    ['Chinese', 'ZH', /must be different/],
    ['zh', 'auto', /target_lang cannot be auto/],
    ['xx', 'en', /Unsupported source_lang/],
    ['en', 'klingon', /Unsupported target_lang/],
    ['', 'en', /source_lang/],
  ])('rejects the pair %s → %s', async (source_lang, target_lang, message) => {
    const { status, json } = await submit(body({ source_lang, target_lang }));
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
  });

  it.each([
    ['zh', 'en'],
    ['en', 'ja'],
    ['ja', 'zh'],
    ['de', 'en'],
    ['en', 'ar'],
    ['zh', 'th'],
    ['auto', 'en'],
    ['auto', 'ms'],
    ['AUTO', 'ko'], // auto passes the pivot rule: the service detects the source
    ['Chinese', 'ENGLISH'],
    ['Germany', 'chinese'],
    ['english', 'Arabian'],
  ])('accepts the pair %s → %s', async (source_lang, target_lang) => {
    expect((await submit(body({ source_lang, target_lang }))).status).toBe(200);
  });

  it('accepts every documented ext field', async () => {
    const ext = {
      domainHint: 'These are menu boards of a tea shop.',
      sensitives: ['10% off entire store'],
      terminologies: [{ src: '奶茶', tgt: 'milk tea' }],
      config: { skipImgSegment: true },
    };
    const id = await submitOk(body({ ext }));
    expect(fake.tasks.get(id)!.ext).toEqual(ext);
  });

  it.each([
    ['ext not an object', ['a'], /ext must be an object/],
    ['domainHint not a string', { domainHint: 42 }, /domainHint must be a string/],
    ['sensitives not an array', { sensitives: 'x' }, /sensitives must be an array of strings/],
    ['sensitives with a number', { sensitives: ['x', 1] }, /sensitives must be an array of strings/],
    ['terminologies not an array', { terminologies: { src: 'a', tgt: 'b' } }, /terminologies must be an array/],
    ['a term without tgt', { terminologies: [{ src: 'a' }] }, /terminologies\[0\]/],
    ['a term with a stray key', { terminologies: [{ src: 'a', tgt: 'b', note: 'c' }] }, /terminologies\[0\]\.note/],
    ['config not an object', { config: true }, /config must be an object/],
    ['skipImgSegment not a boolean', { config: { skipImgSegment: 'true' } }, /skipImgSegment must be a boolean/],
    ['a misspelt ext field', { domain_hint: 'x' }, /Unknown field input\.ext\.domain_hint/],
  ])('rejects %s', async (_name, ext, message) => {
    const { status, json } = await submit(body({ ext }));
    expect(status).toBe(400);
    expect(json.code).toBe('InvalidParameter');
    expect(json.message).toMatch(message);
  });

  it('rejects a second submission within a second with 429 Throttling.RateQuota, and records it', async () => {
    await submitOk();
    const { status, json } = await submit();
    expect(status).toBe(429);
    expect(json).toMatchObject({ code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' });
    expect(fake.tasksCreated()).toBe(1);
    expect(fake.submissions.map((s) => [s.status, s.code])).toEqual([
      [200, undefined],
      [429, 'Throttling.RateQuota'],
    ]);
  });

  it('measures the rate limit from the last accepted submission', async () => {
    fake.options.minSubmitIntervalMs = 150;
    await submitOk();
    expect((await submit()).status).toBe(429);
    const accepted = fake.submissions[0]!.at;
    await new Promise((r) => setTimeout(r, Math.max(0, accepted + 170 - Date.now())));
    expect((await submit()).status).toBe(200);
  });

  it('rejects a third task while two are PENDING/RUNNING with 429 Throttling', async () => {
    fake.options.minSubmitIntervalMs = 0;
    const a = await submitOk();
    const b = await submitOk();
    const { status, json } = await submit();
    expect(status).toBe(429);
    expect(json).toMatchObject({ code: 'Throttling', message: 'Requests throttling triggered.' });
    expect(fake.submissions.at(-1)).toMatchObject({ status: 429, code: 'Throttling' });
    await fake.waitForTask(a);
    await fake.waitForTask(b);
    expect((await submit()).status).toBe(200);
    expect(fake.tasksCreated()).toBe(3);
  });

  it('answers other paths with a JSON 404, and CORS preflights', async () => {
    const response = await fetch(`${fake.url}/api/v1/nothing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await response.json()) as any).code).toBe('NotFound');
    expect((await fetch(fake.url + SUBMIT_PATH)).status).toBe(404); // GET on the submit path
    const preflight = await fetch(fake.url + SUBMIT_PATH, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-DashScope-Async/);
  });
});

describe('regions and their models', () => {
  const submitTo = (server: FakeDashScope, model: string) =>
    fetch(server.url + SUBMIT_PATH, { method: 'POST', headers: goodHeaders, body: JSON.stringify(body({}, { model })) });
  const policyFrom = (server: FakeDashScope, model: string) =>
    fetch(`${server.url}${UPLOADS_PATH}?action=getPolicy&model=${model}`, { headers: { Authorization: `Bearer ${KEY}` } });

  it.each([
    ['beijing', 'qwen-mt-image', 'qwen-mt-image-2.0'],
    ['singapore', 'qwen-mt-image-2.0', 'qwen-mt-image'],
  ] as const)('%s takes %s only, and answers the other as the documentation does', async (region, offered, other) => {
    const server = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 50, region });
    try {
      expect((await submitTo(server, offered)).status).toBe(200);
      expect((await policyFrom(server, offered)).status).toBe(200);
      for (const refused of [await submitTo(server, other), await policyFrom(server, other)]) {
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ code: 'InvalidParameter', message: 'Model not exist.' });
      }
      expect(server.tasksCreated()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

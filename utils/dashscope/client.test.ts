import { describe, expect, it } from 'vitest';
import { decodePng, pixelAt, solidPng } from '../../tests/fake-dashscope/png';
import { MODEL, TRANSLATED_RGB } from '../../tests/fake-dashscope/server';
import { client, fake, failure, imageBase, KEY, request, SOURCE_RGB, until, useClientAgainstFake } from '../../tests/unit/client-support';
import { createDashScopeClient, toTaskResult } from './client';
import { DashScopeError } from './errors';
import { languages, pairProblem, type SourceLanguage } from '../languages';

useClientAgainstFake();

describe('createDashScopeClient against the fake', () => {
  it('submits, polls to SUCCEEDED and downloads the translated image', async () => {
    const submitted = await client.submit(request());
    expect(submitted.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(submitted.requestId).toBeTruthy();

    // What went over the wire, as the reference asks.
    const sent = fake.submissions[0]!;
    expect(sent.status).toBe(200);
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['x-dashscope-async']).toBe('enable');
    expect(sent.headers['content-type']).toMatch(/^application\/json/);
    expect(sent.body).toEqual(request());

    // Not finished yet; whether it is still PENDING depends on how busy this machine is (no timed assertion).
    expect(['PENDING', 'RUNNING']).toContain((await client.query(submitted.taskId)).status);
    const { result, seen } = await until(submitted.taskId);
    expect(seen).toContain('RUNNING');
    expect(seen.at(-1)).toBe('SUCCEEDED');
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.imageUrl).toBe(`${fake.url}/results/${submitted.taskId}.png`);
    expect(result.noTextDetected).toBe(false);
    expect(result.imageCount).toBe(1);
    const task = fake.tasks.get(submitted.taskId)!;
    expect(result.durationMs).toBe(task.endsAt - task.submittedAt);
    expect(result.durationMs).toBeGreaterThanOrEqual(300);

    const blob = await client.download(result.imageUrl);
    expect(blob.type).toBe('image/png');
    const png = decodePng(new Uint8Array(await blob.arrayBuffer()));
    expect([png.width, png.height]).toEqual([240, 160]);
    expect(pixelAt(png, 120, 80)).toEqual([...TRANSLATED_RGB, 255]);
  });

  it('computes durationMs from the provider times, whatever the task took', async () => {
    fake.options.taskDurationMs = 700;
    const { taskId } = await client.submit(request());
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.durationMs).toBeGreaterThanOrEqual(700);
    expect(result.durationMs).toBe(fake.tasks.get(taskId)!.endsAt - fake.tasks.get(taskId)!.submittedAt);
  });

  it('tells how long a running task waited before it ran, and a finished one too', async () => {
    fake.options.taskDurationMs = 900;
    const { taskId } = await client.submit(request());
    const { result: running } = await until(taskId, (r) => r.status !== 'PENDING');
    const task = fake.tasks.get(taskId)!;
    expect(running).toEqual({ status: 'RUNNING', queuedMs: task.scheduledAt! - task.submittedAt });
    const { result } = await until(taskId);
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    expect(result.queuedMs).toBe(task.scheduledAt! - task.submittedAt);
  });

  it('reads the provider times as differences: the UTC+8 zone and the local clock do not matter', () => {
    const reply = (output: Record<string, string>) =>
      toTaskResult({ output: { task_id: 't', task_status: 'RUNNING', ...output } } as Parameters<typeof toTaskResult>[0]);
    // The reference's own example: 49 ms in the queue; across midnight in UTC+8 too.
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: '2025-08-13 18:11:17.003' })).toEqual({
      status: 'RUNNING',
      queuedMs: 49,
    });
    expect(reply({ submit_time: '2025-08-13 23:59:59.900', scheduled_time: '2025-08-14 00:00:01.100' })).toMatchObject({ queuedMs: 1_200 });
    // PENDING carries no scheduled_time; an unreadable or backwards time is no measurement.
    expect(reply({ task_status: 'PENDING', submit_time: '2025-08-13 18:11:16.954' })).toEqual({ status: 'PENDING' });
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: 'soon' })).toEqual({ status: 'RUNNING' });
    expect(reply({ submit_time: '2025-08-13 18:11:16.954', scheduled_time: '2025-08-13 18:11:15.000' })).toEqual({ status: 'RUNNING' });
    const done = toTaskResult({
      output: {
        task_id: 't',
        task_status: 'SUCCEEDED',
        submit_time: '2025-08-13 18:11:16.954',
        scheduled_time: '2025-08-13 18:11:17.003',
        end_time: '2025-08-13 18:11:23.860',
        image_url: 'http://oss.example/r.jpg',
      },
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', durationMs: 6_906, queuedMs: 49 });
  });

  it('sends ext through unchanged', async () => {
    const ext = {
      domainHint: 'Tea shop menus.',
      sensitives: ['限时'],
      terminologies: [{ src: '奶茶', tgt: 'milk tea' }],
      config: { skipImgSegment: true },
    };
    const { taskId } = await client.submit(request({ ext }));
    expect(fake.tasks.get(taskId)!.ext).toEqual(ext);
  });

  it('reports noTextDetected, with the source image as the result', async () => {
    fake.inject({ on: 'task', outcome: 'no-text' });
    const { taskId } = await client.submit(request({ image_url: `${imageBase}/img/50x40.png` }));
    const { result } = await until(taskId);
    expect(result).toMatchObject({ status: 'SUCCEEDED', noTextDetected: true, imageCount: 1 });
    if (result.status !== 'SUCCEEDED') throw new Error(result.status);
    const bytes = Buffer.from(await (await client.download(result.imageUrl)).arrayBuffer());
    expect(bytes.equals(solidPng(50, 40, SOURCE_RGB))).toBe(true);
  });

  it('reports FAILED and CANCELED tasks with a code and message', async () => {
    fake.options.minSubmitIntervalMs = 0;
    fake.options.maxConcurrentTasks = 3;
    fake.inject({ on: 'task', outcome: 'fail' }, { on: 'task', outcome: 'canceled' });
    const failed = await client.submit(request());
    const canceled = await client.submit(request());
    const tooSmall = await client.submit(request({ image_url: `${imageBase}/img/10x10.png` }));
    expect((await until(failed.taskId)).result).toEqual({
      status: 'FAILED',
      code: 'InternalError',
      message: 'An internal error has occured, please try again later.',
    });
    expect((await until(canceled.taskId)).result).toEqual({ status: 'CANCELED', code: 'CANCELED', message: '' });
    expect((await until(tooSmall.taskId)).result).toMatchObject({
      status: 'FAILED',
      code: 'InvalidParameter',
      message: expect.stringContaining('between 15 and 8192'),
    });
  });

  it('answers UNKNOWN for a task the service does not know', async () => {
    expect(await client.query('6f1c1b7e-0000-4000-8000-000000000000')).toEqual({ status: 'UNKNOWN' });
  });

  it('checkKey proves a good key without creating a task, and rejects a bad one', async () => {
    const policies = fake.policyRequests.length;
    await expect(client.checkKey(MODEL)).resolves.toBeUndefined();
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions).toHaveLength(0);
    expect(fake.policyRequests.slice(policies)).toMatchObject([{ status: 200 }]);

    const bad = createDashScopeClient({ baseUrl: fake.url, apiKey: 'sk-wrong' });
    const error = await failure(bad.checkKey(MODEL));
    expect(error).toMatchObject({ kind: 'invalid-key', code: 'InvalidApiKey', httpStatus: 401, message: 'Invalid API-key provided.' });
    expect(error.requestId).toBeTruthy();
    expect(error.retryable).toBe(false);
  });
});

describe('the fake and pairProblem agree', () => {
  it('on every language pair', async () => {
    fake.options.minSubmitIntervalMs = 0;
    fake.options.maxConcurrentTasks = 10_000;
    const sources: SourceLanguage[] = ['auto', ...languages.map((l) => l.code)];
    const disagreements: string[] = [];
    for (const source of sources) {
      for (const { code: target } of languages) {
        const expected = pairProblem(source, target);
        const error = await client.submit(request({ source_lang: source, target_lang: target })).then(
          () => undefined,
          (e: DashScopeError) => e,
        );
        if (error && error.kind !== 'invalid-parameter') throw error;
        if ((expected === null) !== (error === undefined)) {
          disagreements.push(`${source}→${target}: client says ${expected ?? 'ok'}, fake says ${error?.message ?? 'ok'}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(fake.submissions).toHaveLength(sources.length * languages.length);
  });
});

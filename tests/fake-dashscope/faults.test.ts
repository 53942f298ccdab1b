import { describe, expect, it } from 'vitest';
import { solidPng } from './png';
import { drawnDuration } from './server';
import { KEY, SOURCE_RGB, imageBase, fake, body, submit, query, submitOk, pollUntil, useFakeDashScope } from './test-support';

useFakeDashScope();

describe('injected faults', () => {
  it.each([
    ['throttle', 429, 'Throttling.RateQuota'],
    ['allocation-quota', 429, 'Throttling.AllocationQuota'],
    ['arrearage', 400, 'Arrearage'],
    ['content-rejected', 400, 'DataInspectionFailed'],
    ['server-error', 500, 'InternalError'],
  ] as const)('submit %s → %i %s, no task, then back to normal', async (reply, status, code) => {
    fake.inject({ on: 'submit', reply });
    const first = await submit();
    expect(first.status).toBe(status);
    expect(first.json.code).toBe(code);
    expect(first.json.message).toBeTruthy();
    expect(fake.tasksCreated()).toBe(0);
    expect(fake.submissions[0]).toMatchObject({ status, code });
    expect((await submit()).status).toBe(200);
  });

  it('submit faults are consumed in order, by valid submissions only', async () => {
    fake.inject({ on: 'submit', reply: 'arrearage' }, { on: 'submit', reply: 'server-error' });
    expect((await submit(body(), { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await submit()).json.code).toBe('Arrearage');
    expect((await submit()).json.code).toBe('InternalError');
    expect((await submit()).status).toBe(200);
  });

  it('submit drop: no reply, but the task exists and runs', async () => {
    fake.inject({ on: 'submit', reply: 'drop' });
    await expect(submit()).rejects.toThrow();
    expect(fake.tasksCreated()).toBe(1);
    const record = fake.submissions[0]!;
    expect(record.status).toBe(0);
    expect(record.taskId).toBeTruthy();
    const task = await fake.waitForTask(record.taskId!);
    expect(task.status).toBe('SUCCEEDED');
  });

  it('a dropped submission counts towards the rate limit', async () => {
    fake.inject({ on: 'submit', reply: 'drop' });
    await expect(submit()).rejects.toThrow();
    expect((await submit()).json.code).toBe('Throttling.RateQuota');
  });

  it('query malformed → 200 with a body that is not JSON', async () => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: 'malformed' });
    const reply = await query(id);
    expect(reply.status).toBe(200);
    expect(reply.json).toBeUndefined();
    expect(() => JSON.parse(reply.text)).toThrow();
    expect((await query(id)).json.output.task_id).toBe(id);
  });

  it.each([
    ['server-error', 500, 'InternalError'],
    ['throttle', 429, 'Throttling'],
  ] as const)('query %s → %i %s', async (fault, status, code) => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: fault });
    const reply = await query(id);
    expect(reply.status).toBe(status);
    expect(reply.json.code).toBe(code);
    expect(fake.queries[0]).toMatchObject({ taskId: id, status });
    expect((await query(id)).status).toBe(200);
  });

  it('query drop → the socket closes without a reply', async () => {
    const id = await submitOk();
    fake.inject({ on: 'query', reply: 'drop' });
    await expect(query(id)).rejects.toThrow();
    expect(fake.queries[0]).toMatchObject({ taskId: id, status: 0 });
    expect((await query(id)).status).toBe(200);
  });

  it('task fail → FAILED InternalError after running', async () => {
    fake.inject({ on: 'task', outcome: 'fail' });
    const id = await submitOk();
    const { reply, seen } = await pollUntil(id, ['SUCCEEDED', 'FAILED', 'CANCELED']);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'FAILED']);
    expect(reply.json.output).toMatchObject({
      task_status: 'FAILED',
      code: 'InternalError',
      message: 'An internal error has occured, please try again later.',
    });
  });

  it('task no-text → SUCCEEDED with the message, and the source bytes unchanged', async () => {
    fake.inject({ on: 'task', outcome: 'no-text' });
    const id = await submitOk(body({ image_url: `${imageBase}/img/64x48.png` }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({ task_status: 'SUCCEEDED', message: 'No text detected for translation' });
    expect(reply.json.usage).toEqual({ image_count: 1 });
    const bytes = Buffer.from(await (await fetch(reply.json.output.image_url)).arrayBuffer());
    expect(bytes.equals(solidPng(64, 48, SOURCE_RGB))).toBe(true);
  });

  it('task canceled → CANCELED', async () => {
    fake.inject({ on: 'task', outcome: 'canceled' });
    const id = await submitOk();
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED', 'CANCELED']);
    expect(reply.json.output.task_status).toBe('CANCELED');
    expect(reply.json.output.image_url).toBeUndefined();
    expect((await fetch(`${fake.url}/results/${id}.png`)).status).toBe(404);
  });

  it('draws each task’s duration from a seeded range: the same tasks for the same seed, after a reset too', async () => {
    const range = { minMs: 4_700, maxMs: 7_300, seed: 42 };
    const draws = Array.from({ length: 200 }, (_, i) => drawnDuration(range, i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(4_700);
    expect(Math.max(...draws)).toBeLessThanOrEqual(7_300);
    expect(Math.max(...draws) - Math.min(...draws)).toBeGreaterThan(2_000);
    expect(drawnDuration({ ...range, seed: 43 }, 0)).not.toBe(draws[0]);
    const durations = async () => {
      fake.options.minSubmitIntervalMs = 0;
      fake.options.taskDurationRange = range;
      const ids = [await submitOk(), await submitOk()];
      return ids.map((id) => fake.tasks.get(id)!).map((task) => task.endsAt - task.submittedAt);
    };
    expect(await durations()).toEqual(draws.slice(0, 2));
    fake.reset();
    expect(fake.options.taskDurationRange).toBeUndefined();
    expect(await durations()).toEqual(draws.slice(0, 2));
  });

  it('reset clears faults, records and tasks, and restores the settings', async () => {
    fake.inject({ on: 'submit', reply: 'arrearage' }, { on: 'query', reply: 'drop' }, { on: 'task', outcome: 'fail' });
    fake.options.apiKey = 'sk-changed';
    fake.options.taskDurationMs = 1;
    await submit();
    fake.reset();
    expect(fake.options).toMatchObject({ apiKey: KEY, taskDurationMs: 300, minSubmitIntervalMs: 1000, maxConcurrentTasks: 2 });
    expect(fake.submissions).toEqual([]);
    expect(fake.tasksCreated()).toBe(0);
    const id = await submitOk();
    expect((await query(id)).status).toBe(200);
    expect((await pollUntil(id, ['SUCCEEDED', 'FAILED'])).reply.json.output.task_status).toBe('SUCCEEDED');
  });
});

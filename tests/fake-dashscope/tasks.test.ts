import { describe, expect, it } from 'vitest';
import { demoResultFor } from '../fixtures/demo-translations';
import { decodePng, pixelAt } from './png';
import { providerTime, TRANSLATED_RGB } from './server';
import { fixture, imageBase, fake, body, query, submitOk, pollUntil, useFakeDashScope } from './test-support';

useFakeDashScope();

describe('tasks', () => {
  it('go PENDING → RUNNING → SUCCEEDED over taskDurationMs', async () => {
    const id = await submitOk();
    const { reply, seen } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    const out = reply.json.output;
    expect(reply.json.request_id).toBeTruthy();
    expect(out.task_id).toBe(id);
    const time = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
    expect(out.submit_time).toMatch(time);
    expect(out.scheduled_time).toMatch(time);
    expect(out.end_time).toMatch(time);
    const parse = (t: string) => Date.parse(t.replace(' ', 'T') + '+08:00');
    const task = fake.tasks.get(id)!;
    expect(parse(out.submit_time)).toBe(task.submittedAt);
    expect(parse(out.end_time) - parse(out.submit_time)).toBeGreaterThanOrEqual(300);
    expect(parse(out.scheduled_time)).toBeGreaterThan(parse(out.submit_time));
    expect(parse(out.scheduled_time)).toBeLessThan(parse(out.end_time));
    expect(out.image_url).toBe(`${fake.url}/results/${id}.png`);
    expect(out.message).toBeUndefined();
    expect(reply.json.usage).toEqual({ image_count: 1 });
    expect(fake.queriesFor(id)).toBe(task.queries);
    expect(fake.queriesFor(id)).toBeGreaterThanOrEqual(3);
  });

  it('report times in UTC+8', () => {
    expect(providerTime(Date.UTC(2025, 7, 13, 10, 11, 16, 954))).toBe('2025-08-13 18:11:16.954');
    expect(providerTime(Date.UTC(2025, 11, 31, 16, 0, 0, 5))).toBe('2026-01-01 00:00:00.005');
  });

  it('serve a result image with the source’s dimensions', async () => {
    const id = await submitOk(body({ image_url: `${imageBase}/img/321x123.png` }));
    expect((await fetch(`${fake.url}/results/${id}.png`)).status).toBe(404); // not yet
    const { reply } = await pollUntil(id, ['SUCCEEDED']);
    const response = await fetch(reply.json.output.image_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const png = decodePng(new Uint8Array(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([321, 123]);
    expect(pixelAt(png, 0, 0)).toEqual([...TRANSLATED_RGB, 255]);
    expect(pixelAt(png, 320, 122)).toEqual([...TRANSLATED_RGB, 255]);
    expect(fake.tasks.get(id)!.source).toMatchObject({ width: 321, height: 123, format: 'png' });
  });

  it('answer an unknown task id with UNKNOWN, and a wrong key with 401', async () => {
    const unknown = await query('00000000-0000-0000-0000-000000000000');
    expect(unknown.status).toBe(200);
    expect(unknown.json.output).toEqual({ task_id: '00000000-0000-0000-0000-000000000000', task_status: 'UNKNOWN' });
    expect(unknown.json.request_id).toBeTruthy();
    const denied = await query('00000000-0000-0000-0000-000000000000', 'sk-wrong');
    expect(denied.status).toBe(401);
    expect(denied.json.code).toBe('InvalidApiKey');
    expect(fake.queries.map((q) => [q.status, q.taskStatus])).toEqual([
      [200, 'UNKNOWN'],
      [401, undefined],
    ]);
    expect((await fetch(`${fake.url}/results/nope.png`)).status).toBe(404);
  });

  it.each([
    ['too small (10×10)', '/img/10x10.png', /10x10 px; width and height must be between 15 and 8192/],
    ['too long and narrow (400×30)', '/img/400x30.png', /aspect ratio must be between 1:10 and 10:1/],
    ['a GIF', '/img/anim.gif', /format GIF is not supported/],
    ['not an image', '/img/not-an-image.png', /not supported or the file is not an image/],
    ['missing (404)', '/img/missing.png', /Failed to download.*HTTP 404/],
  ])('FAIL with InvalidParameter when the image is %s', async (_name, path, message) => {
    const id = await submitOk(body({ image_url: imageBase + path }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output).toMatchObject({ task_status: 'FAILED', code: 'InvalidParameter', message: expect.stringMatching(message) });
    expect(reply.json.output.end_time).toBeTruthy();
    expect(reply.json.output.image_url).toBeUndefined();
    expect(reply.json.usage).toBeUndefined();
  });

  it('FAIL the tiny.png fixture (10×10)', async () => {
    const id = await submitOk(body({ image_url: `${imageBase}/fixtures/tiny.png` }));
    const { reply } = await pollUntil(id, ['SUCCEEDED', 'FAILED']);
    expect(reply.json.output.task_status).toBe('FAILED');
  });

  it('use resultFor for the result bytes (the demo translations)', async () => {
    fake.options.resultFor = demoResultFor;
    fake.options.minSubmitIntervalMs = 0;
    const menu = await submitOk(body({ image_url: `${imageBase}/fixtures/menu-zh.png` }));
    const other = await submitOk(body({ image_url: `${imageBase}/fixtures/sample-text.png` }));
    await pollUntil(menu, ['SUCCEEDED']);
    await pollUntil(other, ['SUCCEEDED']);
    const menuResult = Buffer.from(await (await fetch(`${fake.url}/results/${menu}.png`)).arrayBuffer());
    expect(menuResult.equals(fixture('menu-en.png'))).toBe(true);
    const otherResult = decodePng(new Uint8Array(await (await fetch(`${fake.url}/results/${other}.png`)).arrayBuffer()));
    expect([otherResult.width, otherResult.height]).toEqual([300, 200]);
    expect(pixelAt(otherResult, 5, 5)).toEqual([...TRANSLATED_RGB, 255]);
  });
});

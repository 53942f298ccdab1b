import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidPng } from '../../tests/fake-dashscope/png';
import { MODEL, startFakeDashScope, type FakeDashScope } from '../../tests/fake-dashscope/server';
import { failure, KEY, request, SOURCE_RGB, useClientAgainstFake } from '../../tests/unit/client-support';
import { createDashScopeClient, UPLOADS_PATH, type DashScopeClient } from './client';

useClientAgainstFake();

describe('regions and models', () => {
  let singapore: FakeDashScope;
  let intl: DashScopeClient;
  beforeAll(async () => {
    singapore = await startFakeDashScope({ apiKey: KEY, taskDurationMs: 50, region: 'singapore' });
    intl = createDashScopeClient({ baseUrl: singapore.url, apiKey: KEY });
  });
  afterAll(async () => {
    await singapore.close();
  });

  it('checkKey checks the pair of endpoint and model: Singapore offers qwen-mt-image-2.0, not qwen-mt-image', async () => {
    await expect(intl.checkKey('qwen-mt-image-2.0')).resolves.toBeUndefined();
    const error = await failure(intl.checkKey(MODEL));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400, message: 'Model not exist.' });
    expect(singapore.tasksCreated()).toBe(0);
  });

  it('asks the upload policy for the given model', async () => {
    const calls: string[] = [];
    const recording = createDashScopeClient({
      baseUrl: singapore.url,
      apiKey: KEY,
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    const picture = new Blob([new Uint8Array(solidPng(20, 20, SOURCE_RGB))], { type: 'image/png' });
    expect(await recording.upload(picture, 'a.png', 'qwen-mt-image-2.0')).toMatch(/^oss:\/\//);
    expect(calls[0]).toBe(`${singapore.url}${UPLOADS_PATH}?action=getPolicy&model=qwen-mt-image-2.0`);
  });

  it('submits with the request’s model, and the region refuses the other one', async () => {
    const { taskId } = await intl.submit({ ...request(), model: 'qwen-mt-image-2.0' });
    expect(taskId).toBeTruthy();
    const error = await failure(intl.submit(request()));
    expect(error).toMatchObject({ kind: 'invalid-parameter', code: 'InvalidParameter', httpStatus: 400, message: 'Model not exist.' });
  });
});

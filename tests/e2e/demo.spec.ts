import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

// The README's first command must keep working: run the demo as a newcomer would (without a display).
test('the demo translates its two pictures and saves before/after screenshots', async () => {
  test.setTimeout(120_000);
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'tests/demo/run-demo.ts', '--headless'], { timeout: 110_000 });
  expect(stdout).toContain('Tasks created at the fake service: 2');
  await access('demo-output/before.png');
  await access('demo-output/after.png');
});

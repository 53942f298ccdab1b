import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { extensionWorker } from './extension';
import { expect, screenshotOf, test, translateImage } from './fixtures';
import { clickButton, expectRegion } from './on-image';
import { shareOfColour } from './pixels';

const isTranslated = async (locator: Parameters<typeof screenshotOf>[0]) =>
  shareOfColour(await screenshotOf(locator), TRANSLATED_RGB) > 0.9;

test('a worker stopped mid-task still lands the translation, with exactly one task', async ({ context, worker, openPage, fake }) => {
  fake.options.taskDurationMs = 4_000;
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expect.poll(() => fake.tasksCreated()).toBe(1);
  const [taskId] = fake.tasks.keys();
  await fake.waitForTask(taskId!, ['RUNNING']);

  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');

  await expect.poll(() => isTranslated(image)).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
});

test('two 429s, a dropped connection and a malformed status reply: it lands, with one task', async ({ worker, openPage, fake }) => {
  fake.inject(
    { on: 'submit', reply: 'throttle' },
    { on: 'submit', reply: 'throttle' },
    { on: 'query', reply: 'drop' },
    { on: 'query', reply: 'malformed' },
  );
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expect.poll(() => isTranslated(image)).toBe(true);
  expect(fake.submissions.map((s) => s.status)).toEqual([429, 429, 200]);
  expect(fake.tasksCreated()).toBe(1);
  expect(fake.queries.map((q) => q.status)).toEqual(expect.arrayContaining([0]));
});

test('the same image after a reload shows at once and creates no new task', async ({ worker, openPage, fake }) => {
  const page = await openPage('/basic.html');
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => isTranslated(page.locator('#plain'))).toBe(true);
  await page.reload();
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => isTranslated(page.locator('#plain'))).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
});

test('the same image asked for in two tabs becomes one task', async ({ worker, openPage, fake }) => {
  fake.options.taskDurationMs = 3_000;
  const first = await openPage('/basic.html');
  const second = await openPage('/strict-csp.html');
  await translateImage(worker, first, first.locator('#plain'));
  await translateImage(worker, second, second.locator('#strict'));
  await expect.poll(() => isTranslated(first.locator('#plain'))).toBe(true);
  await expect.poll(() => isTranslated(second.locator('#strict'))).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
});

test('six images right-clicked at once all land, never faster than one submission a second', async ({ context, openPage, fake }) => {
  const page = await openPage('/six.html');
  const worker = await extensionWorker(context);
  const ids = ['#i1', '#i2', '#i3', '#i4', '#i5', '#i6'];
  for (const id of ids) await translateImage(worker, page, page.locator(id));
  for (const id of ids) await expect.poll(() => isTranslated(page.locator(id))).toBe(true);
  // The fake answers 429 to a second submission within a second, or a third task at a time.
  expect(fake.submissions.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 200]);
  fake.submissions.slice(1).forEach((s, i) => expect(s.at - fake.submissions[i]!.at).toBeGreaterThanOrEqual(1_000));
});

test('a submission that got no answer is not sent again until the user says so', async ({ worker, openPage, fake }) => {
  fake.inject({ on: 'submit', reply: 'drop' });
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'alert', 'no answer came back');
  expect(fake.tasksCreated()).toBe(1);
  await clickButton(page, 'Try again', { within: 'alert' });
  await expect.poll(() => isTranslated(image)).toBe(true);
  expect(fake.tasksCreated()).toBe(2);
});

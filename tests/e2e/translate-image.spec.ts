import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { configureExtension, expect, RED, screenshotOf, test, translateImage, TEST_KEY } from './fixtures';
import { clickButton, countButtons, expectButton, expectNoRegion, expectRegion, isFocused } from './on-image';
import { shareOfColour } from './pixels';

const greenShare = async (locator: Parameters<typeof screenshotOf>[0]) => shareOfColour(await screenshotOf(locator), TRANSLATED_RGB);
const redShare = async (locator: Parameters<typeof screenshotOf>[0]) => shareOfColour(await screenshotOf(locator), RED);

test('a right-clicked image is translated in place, and one click shows the original again', async ({ worker, openPage, fake }) => {
  fake.options.taskDurationMs = 3_000;
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  const boxesBefore = await Promise.all(['#plain', '#before', '#after'].map((s) => page.locator(s).boundingBox()));
  expect(await redShare(image)).toBeGreaterThan(0.5);

  await translateImage(worker, page, image);
  await expectRegion(page, 'status', /Waiting|Sending|Translating/);
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
  await expectNoRegion(page, 'status');

  // Same box, no layout shift.
  const boxesAfter = await Promise.all(['#plain', '#before', '#after'].map((s) => page.locator(s).boundingBox()));
  expect(boxesAfter).toEqual(boxesBefore);

  await image.hover();
  await clickButton(page, 'Show original');
  await expect.poll(() => redShare(image)).toBeGreaterThan(0.5);
  await clickButton(page, 'Show translation');
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);

  // Exactly what the reference asks for, sent once.
  expect(fake.tasksCreated()).toBe(1);
  const [submission] = fake.submissions;
  expect(submission?.headers['x-dashscope-async']).toBe('enable');
  expect(submission?.headers['authorization']).toBe(`Bearer ${TEST_KEY}`);
  expect(submission?.body).toEqual({
    model: 'qwen-mt-image',
    input: {
      image_url: await image.evaluate(() => new URL('/images/sample-text.png', location.href).href),
      source_lang: 'auto',
      target_lang: 'en',
      // Subject detection, explicitly, under both of its documented names.
      ext: { config: { imageSegment: true, skipImgSegment: false } },
    },
  });
});

test('the on-image control is reachable by keyboard', async ({ worker, openPage }) => {
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);

  await page.keyboard.press('Tab');
  await expect.poll(() => isFocused(page, 'Show original')).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => isFocused(page, 'Show translation')).toBe(true);
  await expect.poll(() => redShare(image)).toBeGreaterThan(0.5);
});

test('images with srcset, sizes and <picture> stay translated at the same size', async ({ worker, openPage }) => {
  const page = await openPage('/responsive.html');
  for (const id of ['#srcset', '#sizes', '#picture']) {
    const image = page.locator(id);
    const caption = page.locator(`${id}-caption`);
    const before = [await image.boundingBox(), await caption.boundingBox()];
    await translateImage(worker, page, image);
    await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
    expect([await image.boundingBox(), await caption.boundingBox()]).toEqual(before);
  }
  // A new viewport makes the browser choose among sources again; the translations must stay.
  await page.setViewportSize({ width: 700, height: 900 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  for (const id of ['#srcset', '#sizes', '#picture']) await expect.poll(() => greenShare(page.locator(id))).toBeGreaterThan(0.9);
});

test('a page whose Content-Security-Policy forbids foreign images still shows the translation', async ({ worker, openPage }) => {
  const page = await openPage('/strict-csp.html');
  const image = page.locator('#strict');
  await translateImage(worker, page, image);
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
});

test('a wrong key says so on the image and offers the settings', async ({ context, worker, extensionId, fake, pages }) => {
  await configureExtension(context, extensionId, { apiKey: 'sk-not-the-right-key', endpoint: fake.url });
  const page = await context.newPage();
  await page.goto(`${pages.url}/basic.html`);
  await translateImage(worker, page, page.locator('#plain'));
  await expectRegion(page, 'alert', 'rejected your API key');
  const [options] = await Promise.all([context.waitForEvent('page'), clickButton(page, 'Open settings', { within: 'alert' })]);
  await expect(options).toHaveURL(/options\.html/);
  expect(fake.tasksCreated()).toBe(0);
});

test('with no key at all, the image says where to add one', async ({ context, worker, pages, fake }) => {
  const page = await context.newPage();
  await page.goto(`${pages.url}/basic.html`);
  await translateImage(worker, page, page.locator('#plain'));
  await expectRegion(page, 'alert', 'Add your DashScope API key');
  await expectButton(page, 'Open settings', { within: 'alert' });
  expect(fake.submissions).toHaveLength(0);
});

test('a failed task says so on the image, and "Try again" translates it', async ({ worker, openPage, fake }) => {
  fake.inject({ on: 'task', outcome: 'fail' });
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'alert', 'failed');
  expect(await greenShare(image)).toBeLessThan(0.01);
  await clickButton(page, 'Try again', { within: 'alert' });
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
  expect(fake.tasksCreated()).toBe(2);
});

test('an image too small for the service is refused before anything is sent', async ({ worker, openPage, fake }) => {
  const page = await openPage('/tiny.html');
  await translateImage(worker, page, page.locator('#tiny'));
  await expectRegion(page, 'alert', 'too small to translate (10 × 10 px)');
  expect(fake.submissions).toHaveLength(0);
});

test('"No text detected" is shown as such, with the image left as it was', async ({ worker, openPage, fake }) => {
  fake.inject({ on: 'task', outcome: 'no-text' });
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'status', 'No text detected for translation');
  await expectRegion(page, 'status', 'billed');
  // The message covers part of the image; what shows around it is the original.
  expect(await redShare(image)).toBeGreaterThan(0.2);
  expect(await greenShare(image)).toBeLessThan(0.01);
  await expect.poll(() => countButtons(page, 'Show original')).toBe(0);
});

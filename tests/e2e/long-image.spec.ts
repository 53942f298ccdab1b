import type { Page } from '@playwright/test';
import { decodePng, encodePng } from '../fake-dashscope/png';
import type { ResultSource } from '../fake-dashscope/contract';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { MAX_ASPECT, MAX_SIDE, MIN_SIDE } from '../../utils/limits';
import { expect, keepScreenshot, test, translateImage } from './fixtures';
import { clickButton, expectRegion } from './on-image';
import { shareOfColour } from './pixels';

/** The share of translated pixels in a band of the strip at `at` (0 top, 1 bottom), scrolled into view. */
async function translatedAt(page: Page, at: number): Promise<number> {
  const strip = page.locator('#strip');
  await strip.evaluate(
    (img, at) => scrollTo(0, img.getBoundingClientRect().top + scrollY + img.getBoundingClientRect().height * at - innerHeight / 2),
    at,
  );
  const box = (await strip.boundingBox())!;
  const clip = { x: box.x, y: Math.max(box.y, box.y + box.height * at - 40), width: box.width, height: 80 };
  return shareOfColour(await page.screenshot({ clip, animations: 'disabled' }), TRANSLATED_RGB);
}

/** The strip's box and what follows it, in page coordinates: a translation must move neither. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const box = document.querySelector('#strip')!.getBoundingClientRect();
    const after = document.querySelector('#after')!.getBoundingClientRect();
    return { x: box.x, y: box.y + scrollY, width: box.width, height: box.height, after: after.y + scrollY };
  });

/** The pictures the fake service was given, each task's. */
const sources = (fake: { tasks: Map<string, { source?: { width: number; height: number } }> }) =>
  [...fake.tasks.values()].map((task) => task.source);

test('a 600 × 9000 strip is translated in parts the service takes, and put back together in place', async ({ worker, openPage, fake }) => {
  const page = await openPage('/long.html');
  const before = await layout(page);
  // The first submission is throttled: the parts wait a moment, long enough to read what they will cost.
  fake.inject({ on: 'submit', reply: 'throttle' });
  await translateImage(worker, page, page.locator('#strip'));
  await expectRegion(page, 'status', 'This long image is translated in 2 parts');
  await expectRegion(page, 'status', /\d of 2/);
  for (const at of [0.02, 0.5, 0.98]) await expect.poll(() => translatedAt(page, at)).toBeGreaterThan(0.9);
  expect(await layout(page)).toEqual(before);
  // Each part within the service's shape and size; as many tasks as parts announced.
  const parts = sources(fake);
  expect(parts).toHaveLength(2);
  for (const part of parts) {
    const { width, height } = part!;
    expect(Math.max(width, height) / Math.min(width, height)).toBeLessThanOrEqual(MAX_ASPECT);
    expect(Math.min(width, height)).toBeGreaterThanOrEqual(MIN_SIDE);
    expect(Math.max(width, height)).toBeLessThanOrEqual(MAX_SIDE);
  }
  expect(parts.reduce((sum, part) => sum + part!.height, 0)).toBe(9000);

  // The same strip again, on a fresh page: every part from the saved translations, no new task.
  await page.reload();
  await translateImage(worker, page, page.locator('#strip'));
  for (const at of [0.02, 0.98]) await expect.poll(() => translatedAt(page, at)).toBeGreaterThan(0.9);
  expect(fake.tasksCreated()).toBe(2);
});

test('a failed part fails the image, and "Try again" sends that part alone', async ({ worker, openPage, fake }) => {
  const page = await openPage('/long.html');
  // The part nearest the viewport (the top) goes first, and its task fails.
  fake.inject({ on: 'task', outcome: 'fail' });
  await translateImage(worker, page, page.locator('#strip'));
  await expectRegion(page, 'alert');
  expect(fake.tasksCreated()).toBe(2);
  expect(await translatedAt(page, 0.98)).toBeGreaterThan(0.9);
  await clickButton(page, 'Try again', { within: 'alert' });
  await expect.poll(() => translatedAt(page, 0.02)).toBeGreaterThan(0.9);
  expect(fake.tasksCreated()).toBe(3);
  // The one sent again is the failed part, with its picture as uploaded the first time.
  const imageOf = (i: number) => (fake.submissions[i]!.body as { input: { image_url: string } }).input.image_url;
  expect(imageOf(2)).toBe(imageOf(0));
});

const NEW_INK: [number, number, number] = [0x22, 0x66, 0xcc];

/** A part's translation as the README shows it: its lines of text in another ink, on the strip's own paper. */
function inkedAnew(source: ResultSource): Buffer {
  const { width, height, rgba } = decodePng(source.bytes);
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! < 128) rgba.set(NEW_INK, i);
  return encodePng(width, height, rgba);
}

test('a long strip read where its two parts meet (README screenshot)', async ({ worker, openPage, fake }) => {
  fake.options.resultFor = inkedAnew;
  try {
    const page = await openPage('/long.html');
    const strip = page.locator('#strip');
    await translateImage(worker, page, strip);
    await expect.poll(() => fake.tasksCreated()).toBe(2);
    // Where the first part ends and the second begins: both in the new ink, one picture.
    const seam = sources(fake)[0]!.height;
    await page.evaluate((y) => scrollTo(0, y - innerHeight / 2), seam);
    await page.mouse.move(0, 0);
    const box = (await strip.boundingBox())!;
    const inked = async (dy: number) =>
      shareOfColour(await page.screenshot({ clip: { x: box.x, y: box.y + seam + dy, width: box.width, height: 200 } }), NEW_INK);
    await expect.poll(() => inked(-250)).toBeGreaterThan(0.05);
    await expect.poll(() => inked(50)).toBeGreaterThan(0.05);
    await keepScreenshot(page, 'long-strip', { fullPage: false });
  } finally {
    fake.options.resultFor = undefined;
  }
});

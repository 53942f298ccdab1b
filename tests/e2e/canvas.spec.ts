import type { Locator, Page, Worker } from '@playwright/test';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { pressViewShortcut, translatePage } from './extension';
import { expect, RED, test, translateImage } from './fixtures';
import { clickButton, countButtons, expectNoRegion, expectRegion } from './on-image';
import { shareOfColour } from './pixels';

/**
 * A comic drawn on a <canvas> (canvas.html): read as it shows, translated over the canvas, and let go once the
 * page draws the next picture on it. The right-click lands on a transparent layer over the canvas.
 */

/** The colour canvas.html draws its next page in. */
const NEXT_PAGE: [number, number, number] = [0x33, 0x55, 0xdd];

/** What the user sees where the element stands in the viewport now (not scrolled into view first). */
async function shareWhere(page: Page, element: Locator, colour: [number, number, number]): Promise<number> {
  const box = (await element.boundingBox())!;
  return shareOfColour(await page.screenshot({ clip: box, animations: 'disabled' }), colour);
}

/**
 * How far the translation is from covering exactly the canvas: the larger of what of the canvas it leaves out
 * and what it covers outside, as shares of the canvas's area.
 */
async function misfit(page: Page, canvas: Locator): Promise<number> {
  const box = (await canvas.boundingBox())!;
  const viewport = page.viewportSize()!;
  const inside = await shareWhere(page, canvas, TRANSLATED_RGB);
  const everywhere = shareOfColour(await page.screenshot({ animations: 'disabled' }), TRANSLATED_RGB) * viewport.width * viewport.height;
  const area = box.width * box.height;
  return Math.max(1 - inside, Math.abs(everywhere - inside * area) / area);
}

/** Right-clicks the middle of the element, as a user does, and picks "Translate the picture under the pointer". */
async function translatePointed(page: Page, worker: Worker, element: Locator): Promise<void> {
  await expect(element).toHaveAttribute('data-drawn', 'yes');
  const box = (await element.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
  await translateImage(worker, page, element, 'translate-pointed');
}

/** canvas.html with its comic right-clicked and translated. */
async function translatedComic(openPage: (path: string) => Promise<Page>, worker: Worker): Promise<{ page: Page; comic: Locator }> {
  const page = await openPage('/canvas.html');
  const comic = page.locator('#comic');
  await translatePointed(page, worker, comic);
  await expect.poll(() => shareWhere(page, comic, TRANSLATED_RGB)).toBeGreaterThan(0.9);
  return { page, comic };
}

test('a comic on a canvas is translated where the canvas stands, follows the page, and shows its original again', async ({
  worker,
  openPage,
  fake,
}) => {
  const { page, comic } = await translatedComic(openPage, worker);
  // Read from the page and uploaded: the service could not fetch a canvas.
  expect(fake.tasksCreated()).toBe(1);
  expect(fake.uploads.length).toBe(1);
  await clickButton(page, 'Show original');
  await expect.poll(() => shareWhere(page, comic, RED)).toBeGreaterThan(0.5);
  await clickButton(page, 'Show translation');
  await expect.poll(() => shareWhere(page, comic, TRANSLATED_RGB)).toBeGreaterThan(0.9);

  // Away from the canvas, so its controls fade and only the pictures are seen.
  await page.mouse.move(0, 0);
  await page.evaluate(() => scrollBy(0, 100));
  await expect.poll(() => misfit(page, comic), { message: 'the translation over the scrolled canvas' }).toBeLessThan(0.03);
  await page.setViewportSize({ width: 700, height: 800 });
  await expect.poll(() => misfit(page, comic), { message: 'the translation over the resized canvas' }).toBeLessThan(0.03);
  // Nothing set on the page's canvas: its box is the page's alone.
  expect(await comic.getAttribute('style')).toBeNull();

  // The page's view (the shortcut, as the popup's switch) takes the canvas along.
  await pressViewShortcut(worker, page);
  await expect.poll(() => shareWhere(page, comic, RED)).toBeGreaterThan(0.5);
  await pressViewShortcut(worker, page);
  await expect.poll(() => misfit(page, comic)).toBeLessThan(0.03);
  expect(fake.tasksCreated()).toBe(1);
});

test('the page drawing the next picture on a translated canvas drops the stale translation; "Translate all" takes canvases', async ({
  worker,
  openPage,
  fake,
}) => {
  const { page, comic } = await translatedComic(openPage, worker);

  await page.evaluate(() => (window as unknown as { nextPage(): void }).nextPage());
  await expect.poll(() => shareWhere(page, comic, NEXT_PAGE)).toBeGreaterThan(0.9);
  await expect.poll(() => countButtons(page, 'Show original')).toBe(0);

  // The next picture is a new one to translate; the tainted canvas, which cannot be read, is left alone.
  await translatePage(worker, page);
  await expect.poll(() => shareWhere(page, comic, TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect(fake.tasksCreated()).toBe(2);
  await expectNoRegion(page, 'alert');
});

test('a canvas holding another site’s picture says it cannot be read, and nothing is sent', async ({ worker, openPage, fake }) => {
  const page = await openPage('/canvas.html');
  await translatePointed(page, worker, page.locator('#tainted'));
  await expectRegion(page, 'alert', 'This picture cannot be read because it comes from another site');
  expect(fake.uploads.length).toBe(0);
  expect(fake.submissions.length).toBe(0);
});

import type { Locator, Page } from '@playwright/test';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { pressViewShortcut } from './extension';
import { expect, RED, screenshotOf, test, translateImage } from './fixtures';
import { shareOfColour } from './pixels';

/**
 * A translated picture takes the box its original would take now, on a page laid out by the window's width:
 * each picture of layout.html has an untranslated twin under the same rule, and the window is resized.
 */

const share = async (locator: Locator, colour: [number, number, number]) => shareOfColour(await screenshotOf(locator), colour);
/** The page's own backdrop, seen where no picture is. */
const BACKDROP: [number, number, number] = [0x22, 0x22, 0x44];
const WIDTHS = [1200, 800, 520, 1000];
const IMAGES = ['#vw', '#dense', '#sizes', '#picture'];

async function resize(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** How far apart two boxes are: the largest difference of their edges, in CSS pixels. */
async function mismatch(a: Locator, b: Locator): Promise<number> {
  const [one, two] = [await a.boundingBox(), await b.boundingBox()];
  if (!one || !two) return Infinity;
  return Math.max(Math.abs(one.width - two.width), Math.abs(one.height - two.height), Math.abs(one.y - two.y));
}

test('translated images take the box of their untranslated twins at every window width', async ({ worker, openPage }) => {
  const page = await openPage('/layout.html');
  await resize(page, WIDTHS[0]!);
  for (const id of IMAGES) {
    await translateImage(worker, page, page.locator(id));
    await expect.poll(() => share(page.locator(id), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  }
  const expectTwins = async (colour: [number, number, number]) => {
    for (const id of IMAGES) {
      const image = page.locator(id);
      await expect.poll(() => mismatch(image, page.locator(`${id}-twin`)), { message: `${id} and its twin` }).toBeLessThanOrEqual(1);
      await expect.poll(() => share(image, colour)).toBeGreaterThan(colour === RED ? 0.5 : 0.9);
    }
  };
  for (const width of WIDTHS.slice(1)) {
    await resize(page, width);
    await expectTwins(TRANSLATED_RGB);
  }
  // The originals shown again, at another width, and then the translations: each keeps following the layout.
  await pressViewShortcut(worker, page);
  await resize(page, WIDTHS[1]!);
  await expectTwins(RED);
  await pressViewShortcut(worker, page);
  await resize(page, WIDTHS[2]!);
  await expectTwins(TRANSLATED_RGB);
});

test("a translated CSS background shows where its twin shows the original, as the box and the page's rules follow the window", async ({
  worker,
  openPage,
}) => {
  const page = await openPage('/layout.html');
  await resize(page, WIDTHS[0]!);
  const [hero, twin] = [page.locator('#hero'), page.locator('#hero-twin')];
  const row = page.locator('.row', { has: hero });
  await hero.hover();
  await translateImage(worker, page, hero, 'translate-pointed');
  await expect.poll(() => share(hero, TRANSLATED_RGB)).toBeGreaterThan(0.9);
  // Away from the picture, so its controls fade and only the picture is seen.
  await page.mouse.move(0, 0);
  for (const width of WIDTHS.slice(1)) {
    await resize(page, width);
    // `cover` below 700 px wide becomes `contain`: the box then shows the page's backdrop beside the picture.
    await expect
      .poll(async () => {
        const picture = 1 - (await share(twin, BACKDROP));
        const inside = await share(hero, TRANSLATED_RGB);
        const [rowBox, heroBox] = [(await row.boundingBox())!, (await hero.boundingBox())!];
        const heroArea = heroBox.width * heroBox.height;
        const outside = (await share(row, TRANSLATED_RGB)) * rowBox.width * rowBox.height - inside * heroArea;
        return Math.max(Math.abs(inside - picture), Math.abs(outside) / heroArea);
      })
      .toBeLessThan(0.02);
  }
});

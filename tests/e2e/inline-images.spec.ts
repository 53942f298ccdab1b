import { randomBytes } from 'node:crypto';
import { encodePng } from '../fake-dashscope/png';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { translatePage } from './extension';
import { expect, screenshotOf, test, translateImage } from './fixtures';
import { shareOfColour } from './pixels';

const isTranslated = async (locator: Parameters<typeof screenshotOf>[0]) =>
  shareOfColour(await screenshotOf(locator), TRANSLATED_RGB) > 0.9;

/** A PNG of random pixels: it does not compress, so 960 × 900 weighs about 3.5 MB (4.6 MB as a data: URL). */
function noisePngDataUrl(): string {
  const [width, height] = [960, 900];
  return `data:image/png;base64,${encodePng(width, height, randomBytes(width * height * 4)).toString('base64')}`;
}

test('a page with three 3.5 MB inline pictures: all translated, nothing of them in storage, the next tab still served', async ({
  worker,
  openPage,
  fake,
}) => {
  // Megabytes cross between page, worker and service several times: slow on a busy machine.
  test.setTimeout(180_000);
  const page = await openPage('/basic.html');
  const inline = [noisePngDataUrl(), noisePngDataUrl(), noisePngDataUrl()];
  await page.evaluate((urls) => {
    for (const [i, url] of urls.entries()) {
      const img = Object.assign(new Image(160, 150), { id: `inline-${i}`, src: url });
      document.body.append(img);
    }
  }, inline);
  for (let i = 0; i < 3; i++)
    await expect.poll(() => page.locator(`#inline-${i}`).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(960);

  await translatePage(worker, page);
  const ids = ['#plain', '#inline-0', '#inline-1', '#inline-2'];
  const painted = (id: string) => page.locator(id).evaluate((img: HTMLImageElement) => img.src.startsWith('blob:'));
  for (const id of ids) await expect.poll(() => painted(id), { message: `${id} painted`, timeout: 90_000 }).toBe(true);
  for (const id of ids) expect(await isTranslated(page.locator(id)), id).toBe(true);
  expect(fake.tasksCreated()).toBe(4);
  expect(fake.uploads).toHaveLength(3);
  // The engine's memory, the history and the cache index together: far below a single inline picture.
  expect(await worker.evaluate(() => chrome.storage.local.getBytesInUse(null))).toBeLessThan(200_000);

  // Nothing is wedged: another tab's image is sent and shown.
  const other = await openPage('/spa.html');
  await translateImage(worker, other, other.locator('#card'));
  await expect.poll(() => isTranslated(other.locator('#card'))).toBe(true);
  expect(fake.tasksCreated()).toBe(5);
});

import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { expect, screenshotOf, test, translateImage } from './fixtures';
import { shareOfColour } from './pixels';

const isTranslated = async (locator: Parameters<typeof screenshotOf>[0]) =>
  shareOfColour(await screenshotOf(locator), TRANSLATED_RGB) > 0.9;
const submittedImageUrls = (fake: { submissions: { body: unknown; status: number }[] }) =>
  fake.submissions.filter((s) => s.status === 200).map((s) => (s.body as { input: { image_url: string } }).input.image_url);

for (const [id, what] of [
  ['#data', 'a data: image'],
  ['#blob', 'a blob: image'],
  ['#svg', 'an SVG image (redrawn as PNG)'],
  ['#gif', 'a GIF image (redrawn as PNG)'],
] as const) {
  test(`${what} is read by the page and uploaded, then translated`, async ({ worker, openPage, fake }) => {
    const page = await openPage('/embedded.html');
    const image = page.locator(id);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
    await translateImage(worker, page, image);
    await expect.poll(() => isTranslated(image)).toBe(true);
    expect(fake.uploads.map((u) => u.status)).toEqual([200]);
    expect(fake.uploads[0]?.contentType).toBe('image/png');
    expect(submittedImageUrls(fake)).toEqual([expect.stringMatching(/^oss:\/\//)]);
    expect(fake.submissions[0]?.headers['x-dashscope-ossresourceresolve']).toBe('enable');
  });
}

test('an image on a private host (localhost) is uploaded, since the service could never reach it', async ({
  context,
  worker,
  openPage,
  pages,
  fake,
}) => {
  await openPage('/basic.html');
  const page = await context.newPage();
  await page.goto(`${pages.privateUrl}/basic.html`);
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => isTranslated(page.locator('#plain'))).toBe(true);
  expect(submittedImageUrls(fake)).toEqual([expect.stringMatching(/^oss:\/\//)]);
});

test('an image behind a login is read with the page’s cookies when the service cannot download it', async ({ worker, openPage, fake }) => {
  const page = await openPage('/login.html');
  const image = page.locator('#secret');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);
  await translateImage(worker, page, image);
  await expect.poll(() => isTranslated(image)).toBe(true);
  // First by address (the service got a 403, the task failed unbilled), then uploaded.
  expect(submittedImageUrls(fake)).toEqual([expect.stringMatching(/\/private\/sample-text\.png$/), expect.stringMatching(/^oss:\/\//)]);
  expect([...fake.tasks.values()].map((t) => t.status)).toEqual(['FAILED', 'SUCCEEDED']);
});

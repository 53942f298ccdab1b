import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import { TRANSLATED_RGB, type FakeDashScope } from '../fake-dashscope/server';
import { expect, RED, screenshotOf, test, translateImage } from './fixtures';
import { buttonBox, clickButton, countButtons, expectButton, expectRegion } from './on-image';
import { shareOfColour } from './pixels';

/**
 * Pages are hostile. hostile.html attacks whatever the extension adds to it, ten times a second and whenever its
 * DOM changes: it walks every element and every shadow root it can open, clicks everything, fires synthetic
 * pointer, mouse and key events at images and at our hosts, hides them with !important rules and rewrites their
 * attributes. None of that may cost the user a task, an upload or an options tab, nor hide or move the controls
 * the user needs; the user's own clicks still work.
 */

interface HostileStats {
  rounds: number;
  roundsOnHosts: number;
  hosts: number;
  openedRoots: number;
}

const greenShare = async (locator: Locator) => shareOfColour(await screenshotOf(locator), TRANSLATED_RGB);
const stats = (page: Page) => page.evaluate(() => (window as unknown as { hostile: HostileStats }).hostile);

/** Waits until the page has attacked what the extension added to it `rounds` more times. */
async function attacked(page: Page, rounds: number): Promise<void> {
  const start = (await stats(page)).roundsOnHosts;
  await expect.poll(async () => (await stats(page)).roundsOnHosts).toBeGreaterThanOrEqual(start + rounds);
}

/** Pages the browser opens from now on (an options tab would be one). */
function pagesOpened(context: BrowserContext): Page[] {
  const opened: Page[] = [];
  context.on('page', (page) => opened.push(page));
  return opened;
}

test('a page that clicks, restyles and fires events at everything cannot start a task nor hide the controls', async ({
  context,
  worker,
  openPage,
  fake,
}) => {
  fake.options.taskDurationMs = 3_000;
  const page = await openPage('/hostile.html');
  const opened = pagesOpened(context);
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'status', /Waiting|Sending|Translating/);
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
  await attacked(page, 20);

  // The toggle is where it belongs, on the image and no larger than it, and painted: its pixels are not the image's.
  await image.hover();
  const toggle = await buttonBox(page, 'Show original');
  const picture = (await image.boundingBox())!;
  expect(toggle.x).toBeGreaterThanOrEqual(picture.x);
  expect(toggle.y).toBeGreaterThanOrEqual(picture.y);
  expect(toggle.x + toggle.width).toBeLessThanOrEqual(picture.x + picture.width);
  expect(toggle.y + toggle.height).toBeLessThanOrEqual(picture.y + picture.height);
  await expect
    .poll(async () => shareOfColour(await page.screenshot({ clip: toggle, animations: 'disabled' }), TRANSLATED_RGB))
    .toBeLessThan(0.1);

  // And it answers the user's own clicks.
  await clickButton(page, 'Show original');
  await expect.poll(async () => shareOfColour(await screenshotOf(image), RED)).toBeGreaterThan(0.5);
  await clickButton(page, 'Show translation');
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);

  await attacked(page, 10);
  expect(fake.tasksCreated()).toBe(1);
  expect(fake.policyRequests).toHaveLength(0);
  expect(fake.uploads).toHaveLength(0);
  expect(opened).toEqual([]);
  // The page found our host, and never got into its shadow root.
  expect(await stats(page)).toMatchObject({ hosts: 1, openedRoots: 0 });
});

test("a failure's \"Try again\" ignores the page's clicks and answers the user's", async ({ context, worker, openPage, fake }) => {
  fake.inject({ on: 'task', outcome: 'fail' });
  const page = await openPage('/hostile.html');
  const opened = pagesOpened(context);
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'alert', 'failed');
  await attacked(page, 20);

  // Neither pressed nor dismissed: no new task, and the failure still shows.
  expect(fake.tasksCreated()).toBe(1);
  await expectRegion(page, 'alert', 'failed');
  await expectButton(page, 'Try again', { within: 'alert' });

  await clickButton(page, 'Try again', { within: 'alert' });
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
  await attacked(page, 10);
  expect(fake.tasksCreated()).toBe(2);
  expect(fake.uploads).toHaveLength(0);
  expect(opened).toEqual([]);
  expect((await stats(page)).openedRoots).toBe(0);
});

/** Turns the opt-in hover button on in the options, as the user does; it then loads on pages opened afterwards. */
async function turnOnHoverButton(context: BrowserContext, extensionId: string, worker: Worker): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Show a translate button on images').check();
  await expect.poll(() => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)).toBe(1);
  await options.close();
}

/** The hostile page, opened once the key is set and the hover button is on (it loads on pages opened after). */
async function hostilePageWithHoverButton(
  {
    context,
    extensionId,
    worker,
    openPage,
    pages,
  }: { context: BrowserContext; extensionId: string; worker: Worker; openPage(path: string): Promise<Page>; pages: { url: string } },
  path: string,
): Promise<Page> {
  await openPage('/basic.html');
  await turnOnHoverButton(context, extensionId, worker);
  const page = await context.newPage();
  await page.goto(`${pages.url}${path}`);
  return page;
}

const submittedUrls = (fake: FakeDashScope) => fake.submissions.map((s) => (s.body as { input: { image_url: string } }).input.image_url);

test('the hover button heeds no synthetic hover or click, and translates the image under the real pointer', async ({
  context,
  extensionId,
  worker,
  openPage,
  pages,
  fake,
}) => {
  const page = await hostilePageWithHoverButton({ context, extensionId, worker, openPage, pages }, '/hostile.html');
  const opened = pagesOpened(context);
  // The pointer on no image: the page's synthetic hovers and clicks on every image show no button and start nothing.
  await page.mouse.move(0, 0);
  await expect.poll(async () => (await stats(page)).hosts).toBe(1);
  await attacked(page, 20);
  expect(await countButtons(page, 'Translate image')).toBe(0);
  expect(fake.tasksCreated()).toBe(0);

  // The user points at the picture; the page answers by pointing the extension at the one beneath it, and
  // keeps firing events at all three. The user's click translates the picture under the pointer.
  await page.locator('#plain').hover();
  await attacked(page, 10);
  expect(fake.tasksCreated()).toBe(0);
  await expectButton(page, 'Translate image');
  await clickButton(page, 'Translate image');
  await expect.poll(() => greenShare(page.locator('#plain'))).toBeGreaterThan(0.9);
  await attacked(page, 10);
  expect(submittedUrls(fake)).toEqual([`${pages.url}/images/sample-text.png`]);
  expect(fake.tasksCreated()).toBe(1);
  expect(opened).toEqual([]);
  expect((await stats(page)).openedRoots).toBe(0);
});

test('a picture the page slides under the button after the hover is the one the click translates', async ({
  context,
  extensionId,
  worker,
  openPage,
  pages,
  fake,
}) => {
  const page = await hostilePageWithHoverButton({ context, extensionId, worker, openPage, pages }, '/hostile.html?swap');
  // The raw mouse, not locator.hover(), which would follow #plain to wherever the page moves it.
  const plain = (await page.locator('#plain').boundingBox())!;
  await page.mouse.move(plain.x + plain.width / 2, plain.y + plain.height / 2);
  // On its way to the button the pointer leaves #plain, which slides aside: under the button is now #under.
  await clickButton(page, 'Translate image');
  expect(await page.locator('#plain').evaluate((img) => img.style.left)).toBe('320px');
  await expect.poll(() => greenShare(page.locator('#under'))).toBeGreaterThan(0.9);
  expect(submittedUrls(fake)).toEqual([`${pages.url}/images/sample-text.png?under`]);
  expect(await greenShare(page.locator('#plain'))).toBeLessThan(0.01);
  expect(fake.tasksCreated()).toBe(1);
});

import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { openPopupFor, translatePage } from './extension';
import { expect, screenshotOf, test, translateImage } from './fixtures';
import { clickButton, countButtons, expectButton, expectNoRegion } from './on-image';
import { shareOfColour } from './pixels';

const isTranslated = async (locator: Parameters<typeof screenshotOf>[0]) =>
  shareOfColour(await screenshotOf(locator), TRANSLATED_RGB) > 0.9;
const submittedUrls = (fake: { submissions: { body: unknown }[] }) =>
  fake.submissions.map((s) => new URL((s.body as { input: { image_url: string } }).input.image_url).search);

test('the whole page: every image worth translating, nearest the viewport first, with progress', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  const page = await openPage('/gallery.html');
  await translatePage(worker, page);
  for (const id of ['#near', '#middle', '#far']) await expect.poll(() => isTranslated(page.locator(id))).toBe(true);
  // Icons, hidden and invisible images are left alone; the nearest goes first.
  expect(submittedUrls(fake)).toEqual(['?near', '?middle', '?far']);
  expect(await isTranslated(page.locator('#icon'))).toBe(false);

  const popup = await openPopupFor(page, worker, extensionId);
  await expect(popup.getByText('3 of 3 translated')).toBeVisible();
});

test('the whole page from the popup, and cancelling what was not sent yet', async ({ worker, extensionId, openPage, fake }) => {
  fake.options.taskDurationMs = 5_000;
  const page = await openPage('/many.html');
  const popup = await openPopupFor(page, worker, extensionId);
  await popup.getByRole('button', { name: 'Translate all images on this page' }).click();
  await expect(popup.getByText(/0 of 8 translated/)).toBeVisible();
  const badge = () =>
    worker.evaluate(async () => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url?.includes('many.html'));
      return chrome.action.getBadgeText({ tabId: tab!.id });
    });
  await expect.poll(badge).toBe('0/8');

  await popup.getByRole('button', { name: 'Cancel' }).click();
  // What was sent still lands; what was not is withdrawn and never billed.
  await expect(popup.getByText(/waiting/)).toHaveCount(0);
  const sent = fake.tasksCreated();
  expect(sent).toBeLessThan(8);
  await expect(popup.getByText(`${sent} of ${sent} translated`)).toBeVisible();
  expect(fake.tasksCreated()).toBe(sent);
  await expectNoRegion(page, 'status');
});

test('a page that re-renders its image keeps the translation, with no new task', async ({ worker, openPage, fake }) => {
  const page = await openPage('/spa.html');
  await translateImage(worker, page, page.locator('#card'));
  await expect.poll(() => isTranslated(page.locator('#card'))).toBe(true);
  await page.evaluate(() => (window as unknown as { render(): void }).render());
  await expect.poll(() => isTranslated(page.locator('#card'))).toBe(true);
  await expect.poll(() => countButtons(page, 'Show original')).toBe(1);
  expect(fake.tasksCreated()).toBe(1);
});

test('a lazy-loaded image stays translated when the loader sets its src again', async ({ worker, openPage, fake }) => {
  const page = await openPage('/spa.html');
  const lazy = page.locator('#lazy');
  await page.evaluate(() => (window as unknown as { lazyLoad(): void }).lazyLoad());
  await expect.poll(() => lazy.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(1);
  await translateImage(worker, page, lazy);
  await expect.poll(() => isTranslated(lazy)).toBe(true);
  await page.evaluate(() => (window as unknown as { lazyLoad(): void }).lazyLoad());
  await expect.poll(() => isTranslated(lazy)).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
});

test('a native lazy image (loading=lazy) is translated once scrolled into view', async ({ worker, openPage, fake }) => {
  const page = await openPage('/spa.html');
  const lazy = page.locator('#native-lazy');
  await lazy.scrollIntoViewIfNeeded();
  await expect.poll(() => lazy.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);
  await translateImage(worker, page, lazy);
  await expect.poll(() => isTranslated(lazy)).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
});

test('the whole page reaches into same-site and cross-site frames', async ({ worker, openPage, fake }) => {
  const page = await openPage('/frames.html');
  for (const id of ['#same', '#cross']) await expect(page.frameLocator(id).locator('#inner')).toBeVisible();
  await translatePage(worker, page);
  for (const id of ['#same', '#cross']) await expect.poll(() => isTranslated(page.frameLocator(id).locator('#inner'))).toBe(true);
  expect(fake.tasksCreated()).toBe(2);
});

test('images in same-site and cross-site frames are translated in their frame', async ({ worker, openPage, fake }) => {
  const page = await openPage('/frames.html');
  for (const id of ['#same', '#cross']) {
    const frame = page.frameLocator(id);
    await expect(frame.locator('#inner')).toBeVisible();
    await translateImage(worker, page, frame.locator('#inner'));
    await expect.poll(() => isTranslated(frame.locator('#inner'))).toBe(true);
  }
  expect(fake.tasksCreated()).toBe(2);
});

for (const [id, what] of [
  ['#banner', 'a CSS background image'],
  ['#shield', 'an image under a transparent layer'],
] as const) {
  test(`${what}, right-clicked on the page, is found under the pointer and translated`, async ({ worker, openPage, fake }) => {
    const page = await openPage('/background.html');
    const picture = page.locator(id);
    await picture.hover();
    await translateImage(worker, page, picture, 'translate-pointed');
    await expect.poll(() => isTranslated(picture)).toBe(true);
    await clickButton(page, 'Show original');
    await expect.poll(() => isTranslated(picture)).toBe(false);
    expect(fake.tasksCreated()).toBe(1);
  });
}

test('the opt-in button on images: off by default, then on, translating the image under the pointer', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await image.hover();
  await expect.poll(() => countButtons(page, 'Translate image')).toBe(0);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const toggle = options.getByLabel('Show a translate button on images');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(options.getByText('The button shows on images under the pointer.')).toBeVisible();
  // Registered for every site from now on: a page opened afterwards has the button with no click on the menu.
  await expect.poll(() => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)).toBe(1);

  const fresh = await context.newPage();
  await fresh.goto(page.url());
  const freshImage = fresh.locator('#plain');
  await freshImage.hover();
  await clickButton(fresh, 'Translate image');
  await expect.poll(() => isTranslated(freshImage)).toBe(true);
  expect(fake.tasksCreated()).toBe(1);
  // A translated image offers no button: it has its own controls.
  await fresh.mouse.move(0, 0);
  await freshImage.hover();
  await expectButton(fresh, 'Show original');
  await expect.poll(() => countButtons(fresh, 'Translate image')).toBe(0);
  // The button's host is the element the page ends with, after its <head> and <body>.
  const htmlChildren = () => fresh.evaluate(() => [...document.documentElement.children].map((e) => e.localName));
  expect(await htmlChildren()).toEqual(['head', 'body', 'div']);

  // Off again: the button goes, from open pages too, and the access is given back.
  await options.bringToFront();
  await toggle.uncheck();
  await expect.poll(() => worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length)).toBe(0);
  await fresh.bringToFront();
  await expect.poll(htmlChildren).toEqual(['head', 'body']);
});

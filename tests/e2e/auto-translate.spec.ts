import type { Locator, Page, Worker } from '@playwright/test';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { decodePng } from '../fake-dashscope/png';
import { demoResultFor } from '../fixtures/demo-translations';
import { openPopupFor } from './extension';
import { expect, keepScreenshot, screenshotOf, test } from './fixtures';
import { shareOfColour } from './pixels';

const SWITCH = 'Translate images on this site automatically';
const isTranslated = async (locator: Locator) => shareOfColour(await screenshotOf(locator), TRANSLATED_RGB) > 0.9;

/** The content scripts the worker has registered for the automatic sites: their match patterns. */
const autoMatches = (worker: Worker) =>
  worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts({ ids: ['auto-translate'] }))[0]?.matches ?? []);

/** Flips the popup's switch for the page's site, waits until the worker registered (or unregistered) the look-ahead, and reloads. */
async function setAutomatic(page: Page, worker: Worker, extensionId: string, on: boolean): Promise<void> {
  const popup = await openPopupFor(page, worker, extensionId);
  const toggle = popup.getByRole('switch', { name: SWITCH });
  await toggle.setChecked(on);
  await expect(toggle).toBeChecked({ checked: on });
  await popup.close();
  const host = new URL(page.url()).hostname;
  await expect.poll(async () => (await autoMatches(worker)).includes(`http://${host}/*`)).toBe(on);
  await page.reload();
  await page.waitForLoadState('load');
}

test.beforeEach(({ fake }) => {
  // Short tasks: what is counted here is which pictures are sent, not how fast.
  fake.options.taskDurationMs = 300;
});

test('an automatic site: each page of a long chapter is translated as it nears, and only a few pages ahead are sent', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  test.setTimeout(90_000);
  const page = await openPage('/comic.html');
  expect(fake.tasksCreated()).toBe(0);
  await setAutomatic(page, worker, extensionId, true);

  // On screen: pages 1 and 2; within a screen below: page 3. Page 4 starts farther down and waits.
  for (const n of [1, 2, 3]) await expect.poll(() => isTranslated(page.locator(`#p${n}`)), { timeout: 20_000 }).toBe(true);
  expect(fake.tasksCreated()).toBe(3);

  for (let n = 4; n <= 12; n++) {
    const picture = page.locator(`#p${n}`);
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => isTranslated(picture), { timeout: 20_000 }).toBe(true);
    // The pictures seen so far, and at most the four that fit in the farthest reach (three screens, for a reader
    // who scrolls on): never the whole chapter at once.
    expect(fake.tasksCreated()).toBeLessThanOrEqual(Math.min(12, n + 4));
  }
  await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
  // Every page once, none twice.
  await expect.poll(() => fake.tasksCreated()).toBe(12);
  // The toolbar counts the page's pictures like a batch of "Translate all".
  const title = () =>
    worker.evaluate(async () => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url?.includes('comic.html'));
      return chrome.action.getTitle({ tabId: tab!.id });
    });
  await expect.poll(title).toContain('12 of 12 images translated');
});

test('an automatic site with infinite scroll: pictures the page appends are translated', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  const page = await openPage('/infinite.html');
  await setAutomatic(page, worker, extensionId, true);
  for (let n = 1; n <= 9; n++) {
    const picture = page.locator(`#p${n}`);
    // The feed appends the next pictures as the reader nears its end.
    if ((await picture.count()) === 0) await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => isTranslated(picture), { timeout: 20_000 }).toBe(true);
  }
  expect(fake.tasksCreated()).toBe(9);
});

test('an automatic site with lazy pictures: each is sent once its picture loads, never its placeholder', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  const page = await openPage('/comic.html?lazy&pages=6');
  await setAutomatic(page, worker, extensionId, true);
  for (let n = 1; n <= 6; n++) {
    const picture = page.locator(`#p${n}`);
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => isTranslated(picture), { timeout: 20_000 }).toBe(true);
  }
  // One task a page, each for the page's picture: no placeholder was sent, nor refused as too small.
  expect(fake.tasksCreated()).toBe(6);
  expect(fake.submissions.every((submission) => JSON.stringify(submission).includes('poster-ja.png'))).toBe(true);
});

test('an automatic site translates a comic drawn on a canvas and the next page drawn on it, not an animation, and a long strip in its parts', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  const page = await openPage('/canvas.html?animated');
  const comic = page.locator('#comic');
  await expect(comic).toHaveAttribute('data-drawn', 'yes');
  await setAutomatic(page, worker, extensionId, true);
  await expect.poll(() => isTranslated(comic)).toBe(true);
  // The canvas holding another site's picture cannot be read, and the animated one never holds still: neither is sent.
  expect(fake.tasksCreated()).toBe(1);

  // The reader turns the page: the stale translation goes, and the new picture is translated in turn.
  await page.evaluate(() => (window as unknown as { nextPage(): void }).nextPage());
  await expect.poll(() => fake.tasksCreated()).toBe(2);
  await expect.poll(() => isTranslated(comic)).toBe(true);

  // A 600 × 9000 strip: its two parts, each sent as it nears, stitched back into the picture.
  const strip = await openPage('/long.html');
  await expect.poll(() => fake.tasksCreated(), { timeout: 30_000 }).toBe(4);
  await strip.locator('#after').scrollIntoViewIfNeeded();
  await expect.poll(() => isTranslated(strip.locator('#strip'))).toBe(true);
});

test('leaving the page withdraws the pictures not sent yet, and lets the sent ones finish', async ({
  worker,
  extensionId,
  openPage,
  pages,
  fake,
}) => {
  // Two tasks at a time: the third picture near the first screen waits for a slot.
  fake.options.taskDurationMs = 4_000;
  const page = await openPage('/comic.html');
  await setAutomatic(page, worker, extensionId, true);
  /** Each job of the engine: its picture's page number and its state. */
  const jobs = () =>
    worker.evaluate(async () => {
      const { engine } = (await chrome.storage.local.get('engine')) as {
        engine?: { jobs: Record<string, { request: { imageUrl: string }; state: { name: string } }> };
      };
      return Object.values(engine?.jobs ?? {})
        .map((job) => `${new URL(job.request.imageUrl).search} ${job.state.name}`)
        .sort();
    });
  await expect.poll(jobs).toEqual(['?page=1 polling', '?page=2 polling', '?page=3 queued']);
  await page.goto(`${pages.otherSiteUrl}/basic.html`);
  await expect.poll(jobs).toEqual(['?page=1 done', '?page=2 done', '?page=3 cancelled']);
  expect(fake.tasksCreated()).toBe(2);
});

test('the options’ list of sites saves, the popup’s switch follows it, and turning it off stops translation on reload', async ({
  worker,
  extensionId,
  openPage,
  context,
  fake,
}) => {
  const page = await openPage('/comic.html?pages=2');
  const host = new URL(page.url()).hostname;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const sites = options.getByLabel('Translate automatically on these sites');
  await sites.fill('not a site\n');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('alert')).toContainText('“not a site” is not a site’s name');
  await sites.fill(`https://${host}/comic.html\n`);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toHaveText('Saved.');
  // Stored as its host name.
  await expect(sites).toHaveValue(host);
  await expect.poll(async () => (await autoMatches(worker)).includes(`http://${host}/*`)).toBe(true);

  await page.reload();
  for (const n of [1, 2]) await expect.poll(() => isTranslated(page.locator(`#p${n}`))).toBe(true);
  expect(fake.tasksCreated()).toBe(2);

  const popup = await openPopupFor(page, worker, extensionId);
  await expect(popup.getByRole('switch', { name: SWITCH })).toBeChecked();
  await popup.close();
  await setAutomatic(page, worker, extensionId, false);
  await options.reload();
  await expect(options.getByLabel('Translate automatically on these sites')).toHaveValue('');
  // Nothing is registered on the site any more: the reloaded page sends nothing.
  expect(await autoMatches(worker)).toEqual([]);
  expect(fake.tasksCreated()).toBe(2);
});

/** Whether a comic page shows the English poster: its wide “Everyone welcome” button reaches where the Japanese one does not. */
async function showsEnglish(locator: Locator): Promise<boolean> {
  const { width, rgba } = decodePng(await screenshotOf(locator));
  const [r, g, b] = rgba.subarray((435 * width + 60) * 4);
  return r! > 200 && g! > 150 && b! < 120;
}

test('a comic being read on an automatic site (README screenshot)', async ({ worker, extensionId, openPage, fake }) => {
  fake.options.resultFor = demoResultFor;
  try {
    const page = await openPage('/comic.html?pages=3');
    await setAutomatic(page, worker, extensionId, true);
    for (const n of [1, 2]) await expect.poll(() => showsEnglish(page.locator(`#p${n}`))).toBe(true);
    await keepScreenshot(page, 'comic');
  } finally {
    fake.options.resultFor = undefined;
  }
});

import type { Locator, Worker } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { expect, screenshotOf, test, translateImage } from './fixtures';
import { expectRegion } from './on-image';
import { shareOfColour } from './pixels';

const greenShare = async (locator: Parameters<typeof screenshotOf>[0]) => shareOfColour(await screenshotOf(locator), TRANSLATED_RGB);

/** Right-clicks an image → "Translate image", and waits for its translated pixels. */
async function translateUntilShown(worker: Worker, image: Locator): Promise<void> {
  await translateImage(worker, image.page(), image);
  await expect.poll(() => greenShare(image)).toBeGreaterThan(0.9);
}

interface SubmittedInput {
  source_lang: string;
  target_lang: string;
  ext?: { terminologies?: unknown };
}

test('terms typed and imported in options go with a Chinese → English translation, and export as CSV', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}, testInfo) => {
  const page = await openPage('/basic.html');

  // The pair is chosen in the popup (opened here as a tab).
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByLabel('Source language').selectOption('zh');
  await expect(popup.getByLabel('Target language')).toHaveValue('en');
  await expect
    .poll(() =>
      worker.evaluate(
        async () => ((await chrome.storage.local.get('settings')).settings as { sourceLang?: string } | undefined)?.sourceLang,
      ),
    )
    .toBe('zh');
  await popup.close();

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const terms = options.getByRole('region', { name: 'Terminology' });
  // The section opens on the pair translations use now.
  await expect(terms.getByLabel('Terms from')).toHaveValue('zh');
  await expect(terms.getByLabel('Terms into')).toHaveValue('en');

  await terms.getByRole('button', { name: 'Add term' }).click();
  await expect(terms.getByLabel('Source term 1')).toBeFocused();
  await options.keyboard.type('  限时优惠 ');
  await terms.getByLabel('Target term 1').fill('Limited offer');

  // A spreadsheet's CSV: byte order mark, header, CRLF, quoted commas and quotes; its 限时优惠 updates the typed one.
  const file = testInfo.outputPath('terms.csv');
  await writeFile(file, '\uFEFFsource,target\r\n"茶, 绿",Green tea\r\n"他说""好""",He said "good"\r\n限时优惠,Limited-time offer\r\n\r\n');
  await terms.getByLabel('Import terms').setInputFiles(file);
  await expect(terms.getByLabel('Source term 3')).toHaveValue('他说"好"');
  await expect(terms.getByLabel('Target term 1')).toHaveValue('Limited-time offer');
  await expect(terms.getByLabel('Source term 2')).toHaveValue('茶, 绿');
  await expect(terms.getByText('Imported 2 new terms from terms.csv into Chinese → English, 1 updated.')).toBeVisible();

  await terms.getByRole('button', { name: 'Apply terms' }).click();
  await expect(terms.getByText('Saved. Chinese → English has 3 terms.')).toBeVisible();
  // The page keeps a single status region: the settings form's.
  await expect(options.getByRole('status')).toHaveCount(1);

  const expected = [
    { src: '限时优惠', tgt: 'Limited-time offer' },
    { src: '茶, 绿', tgt: 'Green tea' },
    { src: '他说"好"', tgt: 'He said "good"' },
  ];
  await page.bringToFront();
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => greenShare(page.locator('#plain'))).toBeGreaterThan(0.9);
  const input = (fake.submissions[0]?.body as { input: SubmittedInput }).input;
  expect(input).toMatchObject({ source_lang: 'zh', target_lang: 'en' });
  expect(input.ext?.terminologies).toEqual(expected);

  // Exported as typed and imported, trimmed, quoted as RFC 4180 asks, with a byte order mark for Excel.
  await options.bringToFront();
  const [download] = await Promise.all([options.waitForEvent('download'), terms.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('terms-zh-en.csv');
  expect(await readFile((await download.path())!, 'utf8')).toBe(
    '\uFEFFsrc,tgt\r\n限时优惠,Limited-time offer\r\n"茶, 绿",Green tea\r\n"他说""好""","He said ""good"""\r\n',
  );

  // Another pair has its own list: nothing from Chinese → English is sent with it.
  await terms.getByLabel('Terms from').selectOption('en');
  await expect(terms.getByLabel('Terms into')).toHaveValue('zh');
  await expect(terms.getByText('No terms for English → Chinese yet.')).toBeVisible();
});

test('a term with a missing translation is marked, and nothing is saved until it is fixed', async ({ context, extensionId, worker }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const terms = options.getByRole('region', { name: 'Terminology' });
  await terms.getByRole('button', { name: 'Add term' }).click();
  await options.keyboard.type('Qwen');
  await terms.getByRole('button', { name: 'Apply terms' }).click();
  await expect(terms.getByText('Nothing was saved. Fix the marked terms.')).toBeVisible();
  await expect(terms.getByLabel('Target term 1')).toBeFocused();
  await expect(terms.getByLabel('Target term 1')).toHaveAttribute('aria-invalid', 'true');
  await expect(terms.getByLabel('Target term 1')).toHaveAccessibleDescription(/Enter the target term\./);
  expect(await worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings)).toBeUndefined();

  await options.keyboard.type('通义千问');
  await options.keyboard.press('Enter');
  await expect(terms.getByText('Saved. Detect automatically → English has 1 term.')).toBeVisible();
  const stored = await worker.evaluate(
    async () => ((await chrome.storage.local.get('settings')).settings as { terminologies: unknown }).terminologies,
  );
  expect(stored).toEqual({ 'auto>en': [{ src: 'Qwen', tgt: '通义千问' }] });
});

test('a translation is counted, "No text detected" too, a cached one is not, and the history lists them', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/six.html');
  await translateUntilShown(worker, page.locator('#i1'));
  fake.inject({ on: 'task', outcome: 'no-text' });
  await translateImage(worker, page, page.locator('#i2'));
  await expectRegion(page, 'status', 'No text detected');
  // Shown again from the cache after a reload: no task, nothing billed.
  await page.reload();
  await translateUntilShown(worker, page.locator('#i1'));
  expect(fake.tasksCreated()).toBe(2);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const usage = options.getByRole('region', { name: 'Usage and cost' });
  await expect(usage.getByText('Images billed today: 2', { exact: true })).toBeVisible();
  await expect(usage.getByText('This month: 2', { exact: true })).toBeVisible();
  await expect(usage.getByText('Estimated cost this month: $0.0009', { exact: true })).toBeVisible();

  const items = usage.getByRole('listitem').filter({ hasText: '→ English' });
  await expect(items).toHaveCount(2);
  const noText = items.nth(0);
  await expect(noText).toContainText('No text detected');
  await expect(noText.getByRole('button', { name: 'Open' })).toHaveCount(0);
  const translated = items.nth(1);
  await expect(translated).toContainText('Detect automatically → English');
  await expect(translated.getByRole('link', { name: new URL(page.url()).host })).toHaveAttribute('href', page.url());
  const thumbnail = translated.locator('img');
  await expect(thumbnail).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  expect(await thumbnail.evaluate((img: HTMLImageElement) => Math.max(img.naturalWidth, img.naturalHeight))).toBeLessThanOrEqual(160);
  expect(await greenShare(thumbnail)).toBeGreaterThan(0.5);

  const [opened] = await Promise.all([context.waitForEvent('page'), translated.getByRole('button', { name: 'Open' }).click()]);
  await expect(opened).toHaveURL(/^blob:chrome-extension:/);
  await expect.poll(() => opened.evaluate(() => document.images[0]?.naturalWidth ?? 0)).toBeGreaterThan(0);
  const [download] = await Promise.all([options.waitForEvent('download'), translated.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sample-text-en\.(png|jpg)$/);

  // The price is the user's to set; a bad one is refused in place.
  const price = usage.getByLabel('Price per image (USD)');
  await price.fill('free');
  await price.press('Tab');
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await price.fill('0.01');
  await price.press('Enter');
  await expect(usage.getByText('Estimated cost this month: $0.02', { exact: true })).toBeVisible();

  await usage.getByRole('button', { name: 'Clear history' }).click();
  await expect(items).toHaveCount(0);
  await expect(usage.getByText('Images billed today: 2', { exact: true })).toBeVisible();
});

test('"Translate again" in the history sends the picture as a new task, with the settings its page has now', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/six.html');
  await translateUntilShown(worker, page.locator('#i1'));
  expect(fake.tasksCreated()).toBe(1);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  // A hint added since: translating again is how the user gets it applied to a picture already translated.
  await options.getByLabel('Domain hint').fill('Product listings in an online shop.');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');

  const usage = options.getByRole('region', { name: 'Usage and cost' });
  const items = usage.getByRole('listitem').filter({ hasText: '→ English' });
  await expect(items).toHaveCount(1);
  await items.first().getByRole('button', { name: 'Translate again' }).click();
  await expect(usage.getByText('Translated again. The new translation is at the top of the list.')).toBeVisible();
  await expect(items).toHaveCount(2);
  await expect(usage.getByText('Images billed today: 2', { exact: true })).toBeVisible();

  expect(fake.tasksCreated()).toBe(2);
  const [first, again] = fake.submissions.map((s) => (s.body as { input: { image_url: string; ext?: unknown } }).input);
  expect(again?.image_url).toBe(first?.image_url);
  expect(again?.ext).toEqual({ domainHint: 'Product listings in an online shop.', config: { imageSegment: true, skipImgSegment: false } });
  // The new entry remembers the page it came from.
  await expect(items.first().getByRole('link', { name: new URL(page.url()).host })).toHaveAttribute('href', page.url());
});

test('"Translate again" explains why a picture read from its page must be translated there', async ({
  context,
  extensionId,
  worker,
  pages,
  openPage,
  fake,
}) => {
  // A page on a private address: the service cannot download its pictures, so they are uploaded.
  await openPage('/six.html');
  const page = await context.newPage();
  await page.goto(`${pages.privateUrl}/six.html`);
  await translateUntilShown(worker, page.locator('#i1'));

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const usage = options.getByRole('region', { name: 'Usage and cost' });
  await usage.getByRole('button', { name: 'Translate again' }).click();
  await expect(usage.getByText(/can only be translated again there/)).toBeVisible();
  expect(fake.tasksCreated()).toBe(1);
});

import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { fileURLToPath } from 'node:url';
import { extensionWorker, launchWithExtension, openPopupFor, pressViewShortcut } from './extension';
import { expect, RED, screenshotOf, seriousViolations, test, translateImage } from './fixtures';
import { shareOfColour } from './pixels';

// These tests are about the options page: there, the key is saved by typing it, as a user does.
test.use({ keyTypedInOptions: true });

const share = async (locator: Parameters<typeof screenshotOf>[0], colour: [number, number, number]) =>
  shareOfColour(await screenshotOf(locator), colour);

test('options round-trip, and the request carries exactly what the user set', async ({ context, extensionId, worker, openPage, fake }) => {
  const page = await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Domain hint').fill('Signs and menus in a tea shop. Keep it short and friendly.');
  await options.getByLabel('Sensitive words').fill('限时优惠\n\n  10% off entire store  \n');
  await options.getByLabel('Translate text on products, people and logos').check();
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');

  await options.reload();
  await expect(options.getByLabel('API key', { exact: true })).toHaveValue('sk-e2e-test-key');
  await expect(options.getByLabel('API endpoint')).toHaveValue(fake.url);
  await expect(options.getByLabel('Domain hint')).toHaveValue('Signs and menus in a tea shop. Keep it short and friendly.');
  await expect(options.getByLabel('Sensitive words')).toHaveValue('限时优惠\n10% off entire store');
  await expect(options.getByLabel('Translate text on products, people and logos')).toBeChecked();

  await page.bringToFront();
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => share(page.locator('#plain'), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect((fake.submissions[0]?.body as { input: unknown }).input).toEqual({
    image_url: expect.stringMatching(/sample-text\.png$/),
    source_lang: 'auto',
    target_lang: 'en',
    ext: {
      domainHint: 'Signs and menus in a tea shop. Keep it short and friendly.',
      sensitives: ['限时优惠', '10% off entire store'],
      // Subject detection off, under both of its names.
      config: { imageSegment: false, skipImgSegment: true },
    },
  });

  // The cache section counts the translation and empties on request, with any picture a worker that stopped
  // left waiting for upload (here one of two minutes ago, whose job is gone).
  const pending = () => worker.evaluate(async () => (await (await caches.open('pending-uploads-v1')).keys()).map((r) => r.url));
  await worker.evaluate(async (storedAt) => {
    const headers = { 'Content-Type': 'image/png', 'X-Stored-At': String(storedAt) };
    await (await caches.open('pending-uploads-v1')).put('https://translations.invalid/orphan', new Response('x', { headers }));
  }, Date.now() - 120_000);
  expect(await pending()).toHaveLength(1);
  await options.reload();
  await expect(options.getByText('1 image,')).toBeVisible();
  await options.getByRole('button', { name: 'Clear cache' }).click();
  await expect(options.getByText('0 images,')).toBeVisible();
  expect(await pending()).toEqual([]);
});

test('the monthly limit is saved with the other settings, empty for no limit; bad values are refused', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const limit = options.getByLabel('Monthly limit');
  const storedLimit = () =>
    worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { monthlyLimit?: unknown }).monthlyLimit);
  await expect(limit).toHaveValue('');

  await limit.fill('2.5');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('alert')).toContainText('Enter a whole number of images, 1 or more');
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await options.getByLabel('API endpoint').fill('http://gateway.example.com');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('alert')).toContainText('A custom endpoint must start with https://');
  await options.getByLabel('API endpoint').fill(fake.url);

  await limit.fill('5');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await options.reload();
  await expect(options.getByLabel('Monthly limit')).toHaveValue('5');
  expect(await storedLimit()).toBe(5);

  await options.getByLabel('Monthly limit').fill('');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await expect.poll(storedLimit).toBeNull();
  await options.reload();
  await expect(options.getByLabel('Monthly limit')).toHaveValue('');
});

test('settings that could not be read: the options page lists what was left out, and stores the rest only when told', async ({
  context,
  extensionId,
  worker,
}) => {
  const broken = {
    domainHint: 'Menus.',
    terminologies: {
      'zh>en': [
        { src: '苹果', tgt: 'Apple' },
        { src: '', tgt: 'Nothing' },
      ],
    },
    profiles: { Comics: { domainHint: 'Speech bubbles.' }, Broken: 'not a profile' },
  };
  await worker.evaluate((settings) => chrome.storage.local.set({ settings }), broken);
  const stored = () => worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const notice = options.getByRole('alert').filter({ hasText: 'Some saved settings could not be read' });
  await expect(notice).toContainText('“ → Nothing” in terminology (Chinese → English): not valid, left out.');
  await expect(notice).toContainText('“Broken” in profiles: not valid, left out.');
  await expect(options.getByLabel('Domain hint')).toHaveValue('Menus.');
  expect(await seriousViolations(options)).toEqual([]);
  // Shown, not yet stored: another visit shows it again.
  expect(await stored()).toEqual(broken);

  await options.getByRole('button', { name: 'Keep the rest' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved without what could not be read.' })).toBeFocused();
  await expect.poll(stored).toMatchObject({
    domainHint: 'Menus.',
    terminologies: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }] },
    profiles: { Comics: { domainHint: 'Speech bubbles.' } },
  });
  expect(((await stored()) as { profiles: object }).profiles).not.toHaveProperty('Broken');
  await options.reload();
  await expect(options.getByText('Some saved settings could not be read')).toHaveCount(0);
});

test('the popup sets the languages of new translations and flips the page between originals and translations', async ({
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  const popup = await openPopupFor(page, worker, extensionId);

  // An impossible pair cannot be picked: from Japanese, only Chinese or English.
  await popup.getByLabel('Source language').selectOption('ja');
  await expect(popup.getByLabel('Target language').locator('option[value="ko"]')).toBeDisabled();
  await expect(popup.getByLabel('Target language').locator('option[value="de"]')).toHaveCount(0);
  await popup.getByLabel('Source language').selectOption('zh');
  await popup.getByLabel('Target language').selectOption('ja');

  await translateImage(worker, page, image);
  await expect.poll(() => share(image, TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect((fake.submissions[0]?.body as { input: { source_lang: string; target_lang: string } }).input).toMatchObject({
    source_lang: 'zh',
    target_lang: 'ja',
  });

  const originals = popup.getByRole('switch', { name: 'Show originals on this page' });
  await originals.check();
  await expect.poll(() => share(image, RED)).toBeGreaterThan(0.5);
  await originals.uncheck();
  await expect.poll(() => share(image, TRANSLATED_RGB)).toBeGreaterThan(0.9);
});

test('the popup asks for a key when there is none', async ({ context, extensionId }) => {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByText('Add your DashScope API key to start translating.')).toBeVisible();
  const [options] = await Promise.all([context.waitForEvent('page'), popup.getByRole('button', { name: 'Open settings' }).click()]);
  await expect(options).toHaveURL(/options\.html/);
});

test('"Test key" tells whether the key works, and creates no task', async ({ context, extensionId, openPage, fake }) => {
  await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByRole('button', { name: 'Test key' }).click();
  await expect(options.getByRole('status')).toContainText('The key works');
  await options.getByLabel('API key', { exact: true }).fill('sk-wrong');
  await options.getByRole('button', { name: 'Test key' }).click();
  await expect(options.getByRole('alert')).toContainText('rejected your API key');
  expect(fake.submissions).toHaveLength(0);
});

test('the keyboard shortcut switches the page between originals and translations', async ({ worker, openPage }) => {
  const page = await openPage('/basic.html');
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expect.poll(() => share(image, TRANSLATED_RGB)).toBeGreaterThan(0.9);
  const pressShortcut = () => pressViewShortcut(worker, page);
  await pressShortcut();
  await expect.poll(() => share(image, RED)).toBeGreaterThan(0.5);
  await pressShortcut();
  await expect.poll(() => share(image, TRANSLATED_RGB)).toBeGreaterThan(0.9);
});

test('"Translate image to ▸" translates one image into another language, leaving the default as it is', async ({
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/basic.html');
  await translateImage(worker, page, page.locator('#plain'), 'translate-image-to:ja');
  await expect.poll(() => share(page.locator('#plain'), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect((fake.submissions[0]?.body as { input: { target_lang: string } }).input.target_lang).toBe('ja');

  const second = await openPage('/strict-csp.html');
  await translateImage(worker, second, second.locator('#strict'));
  await expect.poll(() => share(second.locator('#strict'), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect((fake.submissions[1]?.body as { input: { target_lang: string } }).input.target_lang).toBe('en');
});

test('the options page sets the languages too, refusing impossible pairs', async ({ context, extensionId, worker, openPage, fake }) => {
  const page = await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Source language').selectOption('ja');
  await expect(options.getByLabel('Target language').locator('option[value="ko"]')).toBeDisabled();
  await options.getByLabel('Target language').selectOption('zh');
  await page.bringToFront();
  await translateImage(worker, page, page.locator('#plain'));
  await expect.poll(() => share(page.locator('#plain'), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  expect((fake.submissions[0]?.body as { input: unknown }).input).toMatchObject({ source_lang: 'ja', target_lang: 'zh' });
});

test('profiles: saved under a name, chosen for a site in the popup, sent for that site only', async ({
  context,
  extensionId,
  worker,
  openPage,
  pages,
  fake,
}) => {
  const manga = await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Domain hint').fill('Speech bubbles in Japanese comics.');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await options.getByLabel('Profile name').fill('Comics');
  await options.getByRole('button', { name: 'Add profile' }).click();
  await expect(options.getByText('Saved the translation settings as “Comics”.')).toBeVisible();
  await options.getByLabel('Domain hint').fill('Product listings in an online shop.');
  await options.getByRole('button', { name: 'Save' }).click();
  // The status still says "Saved" from the first save: wait for the second one to be stored.
  await expect
    .poll(() => worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { domainHint?: string })?.domainHint))
    .toBe('Product listings in an online shop.');

  const popup = await openPopupFor(manga, worker, extensionId);
  await popup.getByLabel('Profile for this site').selectOption('Comics');
  await expect
    .poll(() =>
      worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { siteProfiles?: object })?.siteProfiles),
    )
    .toEqual({ [new URL(manga.url()).hostname]: 'Comics' });
  await popup.close();

  await translateImage(worker, manga, manga.locator('#plain'));
  await expect.poll(() => share(manga.locator('#plain'), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  const shop = await context.newPage();
  await shop.goto(`${pages.otherSiteUrl}/basic.html`);
  await translateImage(worker, shop, shop.locator('#plain'));
  await expect.poll(() => share(shop.locator('#plain'), TRANSLATED_RGB)).toBeGreaterThan(0.9);

  const hints = fake.submissions.map((s) => (s.body as { input: { ext?: { domainHint?: string } } }).input.ext?.domainHint);
  expect(hints).toEqual(['Speech bubbles in Japanese comics.', 'Product listings in an online shop.']);
});

test('the production build saves a custom endpoint even while the browser’s permission prompt is unanswered', async ({ fake }) => {
  // The store build, which holds no access to test hosts: the prompt appears, and nobody answers it here.
  const browser = await launchWithExtension(fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url)));
  try {
    const worker = await extensionWorker(browser.context);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
    await options.getByLabel('API key', { exact: true }).fill('sk-typed-once');
    await options.getByLabel('API endpoint').fill(fake.url);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect(options.getByRole('status')).toContainText('Saved');
    await options.reload();
    await expect(options.getByLabel('API endpoint')).toHaveValue(fake.url);
    await expect(options.getByLabel('API key', { exact: true })).toHaveValue('sk-typed-once');
  } finally {
    await browser.close();
  }
});

test('choosing the Singapore endpoint chooses its model, qwen-mt-image-2.0, and saving keeps both', async ({ context, extensionId }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByLabel('Model', { exact: true })).toHaveValue('qwen-mt-image');
  await options.getByRole('button', { name: 'International (Singapore)' }).click();
  await expect(options.getByLabel('API endpoint')).toHaveValue('https://dashscope-intl.aliyuncs.com');
  await expect(options.getByLabel('Model', { exact: true })).toHaveValue('qwen-mt-image-2.0');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await options.reload();
  await expect(options.getByLabel('Model', { exact: true })).toHaveValue('qwen-mt-image-2.0');
  await options.getByRole('button', { name: 'China (Beijing)' }).click();
  await expect(options.getByLabel('Model', { exact: true })).toHaveValue('qwen-mt-image');
});

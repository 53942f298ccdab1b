/**
 * A smoke test of the Firefox build in Debian's Firefox ESR: puppeteer-core over WebDriver BiDi installs the
 * e2e build (`E2E=1 wxt build -b firefox --mv3`) as a temporary add-on, fills its options page as a user
 * does, and has it translate the image of a test page through the fake DashScope service. Run by
 * `npm run test:firefox`; FIREFOX_PATH picks another Firefox. Exits 1 with the reason when anything fails.
 *
 * What automation cannot do in Firefox: dispatch a context-menu click. The page is translated with the
 * message the popup's "Translate all images on this page" sends, from the options page.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { browser as ExtensionApi } from 'wxt/browser';
import { startFakeDashScope, TRANSLATED_RGB, type FakeDashScope } from '../fake-dashscope/server';
import { shareOfColour } from '../e2e/pixels';
import { resolveTestHost, startPagesServer, type PagesServer } from '../e2e/pages-server';

const EXTENSION_DIR = fileURLToPath(new URL('../../.output-e2e/firefox-mv3', import.meta.url));
const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const TEST_KEY = 'sk-e2e-test-key';
/** The whole run, Firefox's start included, normally takes well under half of this. */
const OVERALL_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

type ExtensionGlobal = { browser: typeof ExtensionApi };

function step(message: string): void {
  console.log(`[firefox smoke ${(performance.now() / 1000).toFixed(1)}s] ${message}`);
}

async function poll<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The built manifest must be the e2e variant: without its test hosts the worker could not reach the page. */
async function geckoIdOfE2eBuild(): Promise<string> {
  const manifest = JSON.parse(await readFile(`${EXTENSION_DIR}/manifest.json`, 'utf8').catch(() => '{}')) as {
    host_permissions?: string[];
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${EXTENSION_DIR} holds no Firefox build: run E2E=1 npx wxt build -b firefox --mv3`);
  if (!manifest.host_permissions?.includes('http://*.example/*')) throw new Error(`${EXTENSION_DIR} is not the e2e build (E2E=1)`);
  return id;
}

/**
 * Firefox's WebDriver BiDi answers navigations to moz-extension:// only with --remote-allow-system-access,
 * and even then never reports them as finished: start the navigation, then wait for the page's own content.
 * On a fresh machine the first navigation can come before the temporary add-on's pages are served (an error
 * page): navigate again until the deadline, then say what the tab shows.
 */
async function openExtensionPage(page: Page, url: string, readySelector: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    page.goto(url, { timeout: STEP_TIMEOUT_MS }).catch(() => {});
    try {
      await page.waitForSelector(readySelector, { timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
      return;
    } catch (error) {
      const shown = await page
        .evaluate(() => `${location.href}: ${document.body?.innerText.slice(0, 200) ?? '(no body)'}`)
        .catch((reason: unknown) => `(unreadable: ${String(reason)})`);
      if (Date.now() >= deadline) throw new Error(`${(error as Error).message}; after ${attempt} tries the tab shows ${shown}`);
      step(`${url} not ready after try ${attempt}; the tab shows ${shown}`);
    }
  }
}

/**
 * Types into the form control a visible label names, replacing what it held, as a user does: Locator.fill
 * in Firefox appends to a field that already has a value (the endpoint's default).
 */
async function typeInto(page: Page, label: string, value: string): Promise<void> {
  const id = await page.$$eval('label', (labels, text) => labels.find((l) => l.textContent?.trim() === text)?.htmlFor ?? '', label);
  const field = id ? await page.$(`#${id}`) : null;
  if (!field) throw new Error(`the options page has no field labelled "${label}"`);
  await field.click();
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await field.type(value);
  const typed = await field.evaluate((el) => (el as HTMLInputElement).value);
  if (typed !== value) throw new Error(`"${label}" holds "${typed}" after typing "${value}"`);
}

async function run(browser: Browser, fake: FakeDashScope, pages: PagesServer, uuid: string, geckoId: string): Promise<void> {
  const installedId = await browser.installExtension(EXTENSION_DIR);
  if (installedId !== geckoId) throw new Error(`installed as ${installedId}, expected ${geckoId}`);
  step(`installed ${installedId} as a temporary add-on`);

  const options = await browser.newPage();
  await openExtensionPage(options, `moz-extension://${uuid}/options.html`, '#api-key');
  await typeInto(options, 'API key', TEST_KEY);
  await typeInto(options, 'API endpoint', fake.url);
  await options.locator('button[type="submit"] ::-p-text(Save)').click();
  const status = await poll(
    'the status after Save',
    () => options.$eval('[role="status"]', (el) => el.textContent ?? ''),
    (text) => /^Saved\.?$/.test(text.trim()),
  );
  step(`options saved (status "${status.trim()}")`);

  const page = await browser.newPage();
  const pageUrl = `${pages.url}/basic.html`;
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => (document.querySelector('#plain') as HTMLImageElement | null)?.complete === true);
  const image = (await page.$('#plain'))!;
  const before = shareOfColour(Buffer.from(await image.screenshot()), TRANSLATED_RGB);
  if (before > 0.1) throw new Error(`#plain already shows the translation colour (${before.toFixed(2)}) before any task`);
  step(`opened ${pageUrl}`);

  // What the popup's "Translate all images on this page" sends, from an extension page as it must come.
  await options.bringToFront();
  const tabId = await options.evaluate(async (url) => {
    const api = (globalThis as unknown as ExtensionGlobal).browser;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab shows ${url}`);
    await api.runtime.sendMessage({ type: 'translate-page', tabId: tab.id });
    return tab.id;
  }, pageUrl);
  step(`asked the worker to translate tab ${tabId}`);

  await page.bringToFront();
  try {
    // The words on the image sit in a closed shadow root that no page script (nor puppeteer's >>>) reaches: a
    // failure shows here as a wait that runs out, explained below by the toolbar button and the fake service.
    await poll(
      'the image src',
      () => page.$eval('#plain', (img) => (img as HTMLImageElement).src),
      (src) => src.startsWith('blob:'),
    );
    const share = await poll(
      'the share of translated pixels in #plain',
      async () => shareOfColour(Buffer.from(await image.screenshot()), TRANSLATED_RGB),
      (value) => value > 0.9,
    );
    step(`#plain shows the translation (${(share * 100).toFixed(0)}% of its pixels in the fake's colour)`);
  } catch (error) {
    // The worker reports what went wrong on the toolbar button too: say it.
    const onToolbar = await options.evaluate(
      (id) => (globalThis as unknown as ExtensionGlobal).browser.action.getTitle({ tabId: id }),
      tabId,
    );
    const seen = fake.submissions.map((s) => `${s.status}${s.code ? ` ${s.code}` : ''}`).join(', ') || 'none';
    const tasks = [...fake.tasks.values()].map((t) => t.status).join(', ') || 'none';
    throw new Error(
      `${(error as Error).message}\n  toolbar button: ${onToolbar}` +
        `\n  fake service: submissions ${seen}; tasks ${tasks}; status queries ${fake.queries.length}`,
    );
  }

  if (fake.tasksCreated() !== 1) throw new Error(`the fake service saw ${fake.tasksCreated()} tasks, expected exactly 1`);
  const submitted = fake.submissions[0]?.body as { input?: { image_url?: string } } | undefined;
  step(`the fake service saw 1 task, for ${submitted?.input?.image_url}`);
}

async function main(): Promise<number> {
  let fake: FakeDashScope | undefined;
  let pages: PagesServer | undefined;
  let browser: Browser | undefined;
  try {
    const geckoId = await geckoIdOfE2eBuild();
    // Fixed before install, so that the options page's address is known.
    const uuid = randomUUID();
    fake = await startFakeDashScope({ apiKey: TEST_KEY, taskDurationMs: 1_500, resolveHost: resolveTestHost });
    pages = await startPagesServer();
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX_PATH,
      headless: true,
      // Without it Firefox 153 refuses WebDriver navigation to moz-extension:// pages.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        // Firefox's stand-in for Chromium's --host-resolver-rules: the test sites on loopback.
        'network.dns.localDomains': [new URL(pages.url).hostname, new URL(pages.otherSiteUrl).hostname].join(','),
        // The test sites are plain http; no detour through https first.
        'dom.security.https_first': false,
        // The extension's words follow the browser's language; the checks read English.
        'intl.locale.requested': 'en-US',
      },
    });
    step(`started ${await browser.version()} (${FIREFOX_PATH})`);
    await Promise.race([
      run(browser, fake, pages, uuid, geckoId),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`timed out after ${OVERALL_TIMEOUT_MS} ms`)), OVERALL_TIMEOUT_MS).unref(),
      ),
    ]);
    console.log('Firefox smoke test passed');
    return 0;
  } catch (error) {
    console.error(`Firefox smoke test FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    await pages?.close();
    await fake?.close();
  }
}

process.exit(await main());

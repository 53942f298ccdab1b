import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { copyFile, mkdir } from 'node:fs/promises';
import { startFakeDashScope, type FakeDashScope } from '../fake-dashscope/server';
import { PROBE_MS } from '../../utils/engine/poll-schedule';
import {
  configureExtension,
  extensionWorker,
  launchWithExtension,
  readExtensionData,
  TEST_KEY,
  writeExtensionData,
  type ExtensionData,
} from './extension';
import { resolveTestHost, startPagesServer, type PagesServer } from './pages-server';

export { configureExtension, translateImage, TEST_KEY } from './extension';
export const RED: [number, number, number] = [0xdd, 0x33, 0x33];

/**
 * A task of the fake ends before the engine's first status query (its probe, 1 s after submission), so that a
 * fresh profile, which has learned no durations yet, sees it done then rather than at the real service's usual
 * 4.5–7.5 s. Tests that watch a task while it runs set a longer duration of their own.
 */
const TASK_DURATION_MS = PROBE_MS / 2;

interface Fixtures {
  /** The browser's interface language (`test.use({ uiLanguage: 'zh-CN' })`); the browser's default when unset. */
  uiLanguage: string | undefined;
  /**
   * Whether `openPage` saves the key on the options page itself, as a user does (the settings specs), rather
   * than giving the profile what that page stored in another browser of the same worker.
   */
  keyTypedInOptions: boolean;
  fake: FakeDashScope;
  pages: PagesServer;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** A page of the local test site, opened after the extension was configured with a working key. */
  openPage(path: string): Promise<Page>;
}

export const test = base.extend<Fixtures, { fakeServer: FakeDashScope; pagesServer: PagesServer; keySaved: ExtensionData }>({
  fakeServer: [
    async ({}, use) => {
      const fake = await startFakeDashScope({ apiKey: TEST_KEY, taskDurationMs: TASK_DURATION_MS, resolveHost: resolveTestHost });
      await use(fake);
      await fake.close();
    },
    { scope: 'worker' },
  ],
  pagesServer: [
    async ({}, use) => {
      const pages = await startPagesServer();
      await use(pages);
      await pages.close();
    },
    { scope: 'worker' },
  ],
  // Saving the key on the options page takes seconds on a busy machine: done once per worker, and what it
  // stored is handed to each test's fresh profile.
  keySaved: [
    async ({ fakeServer }, use) => {
      const browser = await launchWithExtension();
      try {
        const worker = await extensionWorker(browser.context);
        const before = await readExtensionData(worker);
        await configureExtension(browser.context, new URL(worker.url()).host, { apiKey: TEST_KEY, endpoint: fakeServer.url });
        const after = await readExtensionData(worker);
        // Only what saving changed: the rest (such as the engine's empty memory) each worker writes for itself.
        const changed = Object.entries(after.local).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before.local[key]));
        await use({ local: Object.fromEntries(changed), databases: after.databases });
      } finally {
        await browser.close();
      }
    },
    { scope: 'worker' },
  ],
  fake: async ({ fakeServer }, use) => {
    fakeServer.reset();
    fakeServer.options.apiKey = TEST_KEY;
    fakeServer.options.taskDurationMs = TASK_DURATION_MS;
    await use(fakeServer);
  },
  pages: async ({ pagesServer }, use) => use(pagesServer),
  uiLanguage: [undefined, { option: true }],
  keyTypedInOptions: [false, { option: true }],
  context: async ({ uiLanguage }, use) => {
    const browser = await launchWithExtension(undefined, true, uiLanguage);
    await use(browser.context);
    await browser.close();
  },
  worker: async ({ context }, use) => use(await extensionWorker(context)),
  extensionId: async ({ worker }, use) => use(new URL(worker.url()).host),
  openPage: async ({ context, worker, extensionId, fake, pages, keyTypedInOptions, keySaved }, use) => {
    let configured = false;
    await use(async (path) => {
      // A test that stored settings of its own first keeps them: the key is then typed in, as a user does.
      if (!configured && (keyTypedInOptions || !(await writeExtensionData(worker, keySaved))))
        await configureExtension(context, extensionId, { apiKey: TEST_KEY, endpoint: fake.url });
      configured = true;
      const page = await context.newPage();
      await page.goto(pages.url + path);
      await page.waitForLoadState('load');
      return page;
    });
  },
});

export { expect };

/** What the user sees of an element: its pixels on screen. */
export function screenshotOf(locator: Locator): Promise<Buffer> {
  return locator.screenshot({ animations: 'disabled' });
}

/** Screenshots for the README: kept in test-results, copied into docs/ with UPDATE_DOCS=1. */
export async function keepScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  const path = `test-results/screenshots/${name}.png`;
  await mkdir('test-results/screenshots', { recursive: true });
  await page.screenshot({ path, fullPage });
  if (process.env.UPDATE_DOCS === '1') await copyFile(path, `docs/screenshots/${name}.png`);
}

/** What axe-core finds serious or critical on the page, against WCAG 2.1 A and AA. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

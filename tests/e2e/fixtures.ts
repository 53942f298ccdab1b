import { test as base, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { startFakeDashScope, type FakeDashScope } from '../fake-dashscope/server';
import { configureExtension, extensionWorker, launchWithExtension, TEST_KEY } from './extension';
import { resolveTestHost, startPagesServer, type PagesServer } from './pages-server';

export { configureExtension, translateImage, TEST_KEY } from './extension';
export const RED: [number, number, number] = [0xdd, 0x33, 0x33];

interface Fixtures {
  /** The browser's interface language (`test.use({ uiLanguage: 'zh-CN' })`); the browser's default when unset. */
  uiLanguage: string | undefined;
  fake: FakeDashScope;
  pages: PagesServer;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** A page of the local test site, opened after the extension was configured with a working key. */
  openPage(path: string): Promise<Page>;
}

export const test = base.extend<Fixtures, { fakeServer: FakeDashScope; pagesServer: PagesServer }>({
  fakeServer: [
    async ({}, use) => {
      const fake = await startFakeDashScope({ apiKey: TEST_KEY, taskDurationMs: 1_500, resolveHost: resolveTestHost });
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
  fake: async ({ fakeServer }, use) => {
    fakeServer.reset();
    fakeServer.options.apiKey = TEST_KEY;
    fakeServer.options.taskDurationMs = 1_500;
    await use(fakeServer);
  },
  pages: async ({ pagesServer }, use) => use(pagesServer),
  uiLanguage: [undefined, { option: true }],
  context: async ({ uiLanguage }, use) => {
    const browser = await launchWithExtension(undefined, true, uiLanguage);
    await use(browser.context);
    await browser.close();
  },
  worker: async ({ context }, use) => use(await extensionWorker(context)),
  extensionId: async ({ worker }, use) => use(new URL(worker.url()).host),
  openPage: async ({ context, extensionId, fake, pages }, use) => {
    let configured = false;
    await use(async (path) => {
      if (!configured) await configureExtension(context, extensionId, { apiKey: TEST_KEY, endpoint: fake.url });
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

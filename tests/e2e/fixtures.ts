/// <reference types="chrome" />
import { test as base, chromium, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDashScope, type FakeDashScope } from '../fake-dashscope/server';
import { startPagesServer, type PagesServer } from './pages-server';

export const EXTENSION_DIR = fileURLToPath(new URL('../../.output-e2e/chrome-mv3', import.meta.url));
export const TEST_KEY = 'sk-e2e-test-key';
export const RED: [number, number, number] = [0xdd, 0x33, 0x33];

export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/** Chromium with the built extension, in a profile of its own. */
export async function launchWithExtension(extensionDir = EXTENSION_DIR): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'qit-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1000, height: 800 },
    args: chromiumArgs(extensionDir),
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function extensionWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
}

/** Fills the options page as a user does. */
export async function configureExtension(context: BrowserContext, extensionId: string, settings: { apiKey: string; endpoint: string }): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('API key', { exact: true }).fill(settings.apiKey);
  await options.getByLabel('API endpoint').fill(settings.endpoint);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await options.close();
}

/**
 * Right-clicks an image and picks "Translate image": the worker's real menu listener gets the click that
 * Chromium would send, with the image's current address and its frame.
 */
export async function translateImage(worker: Worker, page: Page, image: Locator, menuItemId = 'translate-image'): Promise<void> {
  const srcUrl = await image.evaluate((img: HTMLImageElement) => img.currentSrc || img.src);
  const frameUrl = await image.evaluate(() => location.href);
  await worker.evaluate(
    async ({ srcUrl, pageUrl, frameUrl, menuItemId }) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (!tab?.id) throw new Error(`no tab shows ${pageUrl}`);
      const frames = (await chrome.webNavigation?.getAllFrames({ tabId: tab.id })) ?? [];
      const frameId = frames.find((f) => f.url === frameUrl)?.frameId ?? 0;
      const info = { menuItemId, srcUrl, pageUrl, frameId, mediaType: 'image', editable: false } as chrome.contextMenus.OnClickData;
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(info, tab);
    },
    { srcUrl, pageUrl: page.url(), frameUrl, menuItemId },
  );
}

interface Fixtures {
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
      const fake = await startFakeDashScope({ apiKey: TEST_KEY, taskDurationMs: 1_500 });
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
  context: async ({}, use) => {
    const browser = await launchWithExtension();
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

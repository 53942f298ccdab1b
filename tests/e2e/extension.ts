/// <reference types="chrome" />
import { chromium, expect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLIC_TEST_HOSTS_RULE } from './pages-server';

/** Driving the built extension in Debian's Chromium: shared by the end-to-end suite, the demo and the benchmark. */

export const EXTENSION_DIR = fileURLToPath(new URL('../../.output-e2e/chrome-mv3', import.meta.url));
export const TEST_KEY = 'sk-e2e-test-key';

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
    `--host-resolver-rules=${PUBLIC_TEST_HOSTS_RULE}`,
  ];
}

/** Chromium with the built extension, in a profile of its own. */
export async function launchWithExtension(
  extensionDir = EXTENSION_DIR,
  headless = true,
  /** The browser's interface language, which the extension's follows; `--lang` is what Chromium on Linux heeds. */
  uiLanguage?: string,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'qit-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless,
    viewport: { width: 1000, height: 800 },
    args: [...chromiumArgs(extensionDir), ...(uiLanguage ? [`--lang=${uiLanguage}`] : [])],
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
export async function configureExtension(
  context: BrowserContext,
  extensionId: string,
  settings: { apiKey: string; endpoint: string },
): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('API key', { exact: true }).fill(settings.apiKey);
  await options.getByLabel('API endpoint').fill(settings.endpoint);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Saved');
  await options.close();
}

/** What the extension keeps of its own: its `storage.local` and its origin's IndexedDB databases, as data. */
export interface ExtensionData {
  local: Record<string, unknown>;
  databases: {
    name: string;
    version: number;
    stores: { name: string; keyPath: string | string[] | null; autoIncrement: boolean; entries: [key: unknown, value: unknown][] }[];
  }[];
}

/** Reads everything the extension stored, whatever its shape: what a user's settings left in a profile. */
export async function readExtensionData(worker: Worker): Promise<ExtensionData> {
  await prepareWorker(worker);
  return worker.evaluate(async () => {
    const done = <T>(request: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const databases: ExtensionData['databases'] = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await done(indexedDB.open(name!));
      const stores = [];
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName).objectStore(storeName);
        const [keys, values] = [await done(store.getAllKeys()), await done(store.getAll())];
        const { keyPath, autoIncrement } = store;
        stores.push({ name: storeName, keyPath, autoIncrement, entries: keys.map((key, i): [unknown, unknown] => [key, values[i]]) });
      }
      databases.push({ name: db.name, version: db.version, stores });
      db.close();
    }
    return { local: await chrome.storage.local.get(null), databases };
  });
}

/**
 * Writes what `readExtensionData` read into a profile, as if its user had done all that there; only into one
 * that holds none of it yet (else it would replace what was stored since). Returns whether it wrote.
 */
export async function writeExtensionData(worker: Worker, data: ExtensionData): Promise<boolean> {
  await prepareWorker(worker);
  return worker.evaluate(async ({ local, databases }) => {
    const held = Object.keys(await chrome.storage.local.get(Object.keys(local)));
    const names = new Set((await indexedDB.databases()).map((db) => db.name));
    if (held.length > 0 || databases.some((db) => names.has(db.name))) return false;
    for (const { name, version, stores } of databases) {
      const opening = indexedDB.open(name, version);
      opening.onupgradeneeded = () => {
        for (const { name: storeName, keyPath, autoIncrement } of stores)
          opening.result.createObjectStore(storeName, { keyPath, autoIncrement });
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      for (const { name: storeName, keyPath, entries } of stores) {
        const transaction = db.transaction(storeName, 'readwrite');
        for (const [key, value] of entries)
          transaction.objectStore(storeName).put(value, keyPath === null ? (key as IDBValidKey) : undefined);
        await new Promise((resolve, reject) => {
          transaction.oncomplete = resolve;
          transaction.onerror = () => reject(transaction.error);
        });
      }
      db.close();
    }
    await chrome.storage.local.set(local);
    return true;
  }, data);
}

/**
 * tsx (esbuild, used by the demo and the benchmark) wraps named functions in a `__name` helper that the
 * worker does not have when Playwright evaluates them there: give it a no-op one. A string, so that nothing
 * here gets wrapped itself.
 */
async function prepareWorker(worker: Worker): Promise<void> {
  await worker.evaluate('self.__name ??= (fn) => fn');
}

/**
 * Right-clicks an image and picks "Translate image": the worker's real menu listener gets the click that
 * Chromium would send, with the image's current address and its frame.
 */
export async function translateImage(worker: Worker, page: Page, image: Locator, menuItemId = 'translate-image'): Promise<void> {
  // On the page itself (menu 'translate-pointed') the browser reports no image address.
  const srcUrl =
    menuItemId === 'translate-pointed' ? undefined : await image.evaluate((img: HTMLImageElement) => img.currentSrc || img.src);
  const frameUrl = await image.evaluate(() => location.href);
  await prepareWorker(worker);
  await worker.evaluate(
    async ({ srcUrl, pageUrl, frameUrl, menuItemId }) => {
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === pageUrl);
      if (!tab?.id) throw new Error(`no tab shows ${pageUrl}`);
      const frames = await chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, func: () => location.href });
      const frameId = frames.find((f) => f.result === frameUrl)?.frameId ?? 0;
      const info = {
        menuItemId,
        pageUrl,
        frameId,
        editable: false,
        ...(srcUrl ? { srcUrl, mediaType: 'image' } : {}),
      } as chrome.contextMenus.OnClickData;
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(info, tab);
    },
    { srcUrl, pageUrl: page.url(), frameUrl, menuItemId },
  );
}

/** Right-click on the page itself and pick "Translate all images on this page". */
export async function translatePage(worker: Worker, page: Page): Promise<void> {
  await prepareWorker(worker);
  await worker.evaluate(async (pageUrl) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
    if (!tab?.id) throw new Error(`no tab shows ${pageUrl}`);
    const info = { menuItemId: 'translate-page', pageUrl, frameId: 0, editable: false } as chrome.contextMenus.OnClickData;
    (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(info, tab);
  }, page.url());
}

/** Presses the keyboard shortcut that switches the page between originals and translations. */
export async function pressViewShortcut(worker: Worker, page: Page): Promise<void> {
  await prepareWorker(worker);
  await worker.evaluate(async (pageUrl) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === pageUrl);
    const manifest = chrome.runtime.getManifest() as { commands?: Record<string, unknown> };
    if (!manifest.commands?.['toggle-view']) throw new Error('no toggle-view command in the manifest');
    (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch('toggle-view', tab);
  }, page.url());
}

/** Opens the popup in a window of its own, acting on `page` (the tab it would open over). */
export async function openPopupFor(page: Page, worker: Worker, extensionId: string): Promise<Page> {
  await page.bringToFront();
  const opened = page.context().waitForEvent('page');
  await prepareWorker(worker);
  await worker.evaluate(
    (url) => chrome.windows.create({ url, type: 'popup', width: 360, height: 640 }),
    `chrome-extension://${extensionId}/popup.html`,
  );
  const popup = await opened;
  await popup.waitForLoadState();
  return popup;
}

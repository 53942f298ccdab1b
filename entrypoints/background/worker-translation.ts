import { browser } from 'wxt/browser';
import { getApiKey } from '@/utils/api-key';
import type { Engine } from '@/utils/engine/engine';
import { sendToFrame } from '@/utils/protocol';
import { createTranslation, type Translation } from '@/utils/use-cases/translate';
import { createNearTranslation, type TranslateNear } from '@/utils/use-cases/translate-near';
import { siteAllowed } from '@/utils/auto-site-access';
import type { PageBatches } from '@/utils/page-batches';
import { showOnToolbar } from './toolbar';

/** The page script's built file (entrypoints/page-images). */
export const PAGE_SCRIPT = '/page-images.js';

const hasApiKey = async () => (await getApiKey()) !== '';

/** The translation use cases (utils/use-cases/translate.ts) wired to this worker's tabs, frames and toolbar. */
export function createWorkerTranslation(engine: Engine, batches: PageBatches): Translation {
  return createTranslation({
    engine,
    async injectPageScript(tabId, frameId) {
      const target = frameId === undefined ? { tabId, allFrames: true } : { tabId, frameIds: [frameId] };
      const injected = await browser.scripting.executeScript({ target, files: [PAGE_SCRIPT] });
      return injected.map((result) => result.frameId);
    },
    sendToFrame,
    showOnToolbar,
    // A tab closed meanwhile has no address, and then no profile but the default.
    pageUrlOf: async (tabId) => (await browser.tabs.get(tabId).catch(() => undefined))?.url,
    hasApiKey,
    async confirmInTab(tabId, question) {
      const [asked] = await browser.scripting.executeScript({ target: { tabId }, func: (text: string) => confirm(text), args: [question] });
      return asked?.result === true;
    },
    batches,
  });
}

/** The look-ahead of automatic sites (utils/use-cases/translate-near.ts) wired to this worker. */
export function createWorkerNearTranslation(batches: PageBatches, translation: Translation): TranslateNear {
  return createNearTranslation({ translation, sendToFrame, hasApiKey, siteAllowed, batches, now: () => Date.now() });
}

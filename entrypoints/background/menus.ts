import { browser } from 'wxt/browser';
import type { Engine } from '@/utils/engine/engine';
import type { createPageProgress } from './page-progress';
import { translateClickedImage, translatePage } from './translate-image';

export const TRANSLATE_IMAGE_MENU = 'translate-image';
export const TRANSLATE_PAGE_MENU = 'translate-page';
/** On the page itself: CSS backgrounds, and images under a transparent layer, are not "images" to the browser. */
export const TRANSLATE_POINTED_MENU = 'translate-pointed';

export function registerMenus(engine: Engine, progress: ReturnType<typeof createPageProgress>): void {
  browser.runtime.onInstalled.addListener(async () => {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: TRANSLATE_IMAGE_MENU, title: 'Translate image', contexts: ['image'] });
    browser.contextMenus.create({ id: TRANSLATE_POINTED_MENU, title: 'Translate the picture under the pointer', contexts: ['page', 'frame'] });
    browser.contextMenus.create({ id: TRANSLATE_PAGE_MENU, title: 'Translate all images on this page', contexts: ['page', 'frame'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    if (info.menuItemId === TRANSLATE_IMAGE_MENU || info.menuItemId === TRANSLATE_POINTED_MENU) {
      void translateClickedImage(engine, { tabId: tab.id, frameId: info.frameId ?? 0, srcUrl: info.srcUrl });
    }
    if (info.menuItemId === TRANSLATE_PAGE_MENU) void translatePage(engine, progress, tab.id);
  });
}

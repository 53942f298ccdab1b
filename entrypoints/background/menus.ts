import { browser } from 'wxt/browser';
import type { Engine } from '@/utils/engine/engine';
import type { createPageProgress } from './page-progress';
import { translateClickedImage, translatePage } from './translate-image';

export const TRANSLATE_IMAGE_MENU = 'translate-image';
export const TRANSLATE_PAGE_MENU = 'translate-page';

export function registerMenus(engine: Engine, progress: ReturnType<typeof createPageProgress>): void {
  browser.runtime.onInstalled.addListener(async () => {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: TRANSLATE_IMAGE_MENU, title: 'Translate image', contexts: ['image'] });
    browser.contextMenus.create({ id: TRANSLATE_PAGE_MENU, title: 'Translate all images on this page', contexts: ['page', 'frame'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === TRANSLATE_IMAGE_MENU) void translateClickedImage(engine, info, tab);
    if (info.menuItemId === TRANSLATE_PAGE_MENU && tab?.id !== undefined) void translatePage(engine, progress, tab.id);
  });
}

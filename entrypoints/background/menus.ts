import { browser } from 'wxt/browser';
import type { Engine } from '@/utils/engine/engine';
import { translateClickedImage } from './translate-image';

export const TRANSLATE_IMAGE_MENU = 'translate-image';

export function registerMenus(engine: Engine): void {
  browser.runtime.onInstalled.addListener(async () => {
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({ id: TRANSLATE_IMAGE_MENU, title: 'Translate image', contexts: ['image'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === TRANSLATE_IMAGE_MENU) void translateClickedImage(engine, info, tab);
  });
}

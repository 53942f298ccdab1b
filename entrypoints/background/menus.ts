import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { languageName, pairProblem, targetCodes, type LanguageCode } from '@/utils/languages';
import { loadRecentTargets, MAX_RECENT_TARGETS, watchRecentTargets } from '@/utils/recent-targets';
import { loadSettings, watchSettings } from '@/utils/settings';
import type { Translation } from '@/utils/use-cases/translate';
import { reportFailures } from './toolbar';

export const TRANSLATE_IMAGE_MENU = 'translate-image';
export const TRANSLATE_IMAGE_TO_MENU = 'translate-image-to';
export const TRANSLATE_PAGE_MENU = 'translate-page';
/** On the page itself: CSS backgrounds, and images under a transparent layer, are not "images" to the browser. */
export const TRANSLATE_POINTED_MENU = 'translate-pointed';
const TARGET_PREFIX = `${TRANSLATE_IMAGE_TO_MENU}:`;

/** The default target first, then the recent ones: only those the source language can go to. */
async function menuTargets(): Promise<LanguageCode[]> {
  const { settings } = await loadSettings();
  const targets = [settings.targetLang, ...(await loadRecentTargets())];
  return [...new Set(targets)].filter((code) => !pairProblem(settings.sourceLang, code, settings.model)).slice(0, MAX_RECENT_TARGETS);
}

/** Builds every menu entry anew: the recent targets change with use and with the source language. */
async function buildMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: TRANSLATE_IMAGE_MENU, title: i18n.t('menus.translateImage'), contexts: ['image'] });
  browser.contextMenus.create({ id: TRANSLATE_IMAGE_TO_MENU, title: i18n.t('menus.translateImageTo'), contexts: ['image'] });
  for (const code of await menuTargets()) {
    browser.contextMenus.create({
      id: `${TARGET_PREFIX}${code}`,
      parentId: TRANSLATE_IMAGE_TO_MENU,
      title: languageName(code),
      contexts: ['image'],
    });
  }
  browser.contextMenus.create({
    id: TRANSLATE_POINTED_MENU,
    title: i18n.t('menus.translatePointed'),
    contexts: ['page', 'frame'],
  });
  browser.contextMenus.create({ id: TRANSLATE_PAGE_MENU, title: i18n.t('menus.translatePage'), contexts: ['page', 'frame'] });
}

function targetOf(menuItemId: string | number): LanguageCode | undefined {
  const code = String(menuItemId).startsWith(TARGET_PREFIX) ? String(menuItemId).slice(TARGET_PREFIX.length) : '';
  return targetCodes.find((known) => known === code);
}

export function registerMenus(translation: Translation): void {
  browser.runtime.onInstalled.addListener(() => reportFailures(buildMenus()));
  // Menus outlive the browser's restart, and the browser's language (so their titles') may have changed.
  browser.runtime.onStartup.addListener(() => reportFailures(buildMenus()));
  watchRecentTargets(() => reportFailures(buildMenus()));
  watchSettings(() => reportFailures(buildMenus()));
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    const image = { tabId: tab.id, frameId: info.frameId ?? 0, srcUrl: info.srcUrl };
    const targetLang = targetOf(info.menuItemId);
    if (info.menuItemId === TRANSLATE_IMAGE_MENU || info.menuItemId === TRANSLATE_POINTED_MENU) {
      reportFailures(translation.translateClickedImage(image), tab.id);
    } else if (targetLang) reportFailures(translation.translateClickedImage({ ...image, targetLang }), tab.id);
    else if (info.menuItemId === TRANSLATE_PAGE_MENU) reportFailures(translation.translatePageFromMenu(tab.id), tab.id);
  });
}

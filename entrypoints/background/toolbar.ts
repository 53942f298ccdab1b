import { browser } from 'wxt/browser';
import { i18n } from '#i18n';

/**
 * When no image can show a message itself, the toolbar button says what happened: in one tab, or in every
 * tab for what concerns no page (the engine's own troubles).
 */
export async function showOnToolbar(tabId: number | undefined, problem: string): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '!' });
  await browser.action.setTitle({ tabId, title: i18n.t('translate.toolbarTitle', { extension: i18n.t('extName'), problem }) });
}

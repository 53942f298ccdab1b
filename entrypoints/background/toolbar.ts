import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { failureWords } from '@/utils/failure-words';

/**
 * When no image can show a message itself, the toolbar button says what happened: in one tab, or in every
 * tab for what concerns no page (the engine's own troubles).
 */
export async function showOnToolbar(tabId: number | undefined, problem: string): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '!' });
  await browser.action.setTitle({ tabId, title: i18n.t('translate.toolbarTitle', { extension: i18n.t('extName'), problem }) });
}

/**
 * Runs work a listener started and nobody awaits: what it throws ends on the toolbar (of its tab, when it
 * has one), never in an unhandled rejection. The toolbar failing as well is left to the console.
 */
export function reportFailures(work: Promise<unknown>, tabId?: number): void {
  work.catch((error: unknown) =>
    showOnToolbar(tabId, failureWords({ kind: 'unexpected', detail: String(error) }).message).catch((toolbarError: unknown) =>
      console.error(error, toolbarError),
    ),
  );
}

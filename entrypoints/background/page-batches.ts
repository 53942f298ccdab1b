import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { Engine } from '@/utils/engine/engine';
import type { PageCounts } from '@/utils/protocol';
import { pageBatchStartItem, pageCountsItem } from '@/utils/session-items';

export function badgeText({ total, done, failed }: PageCounts): string {
  if (done + failed >= total) return failed ? '!' : '';
  const fraction = `${done}/${total}`;
  return fraction.length <= 4 ? fraction : String(total - done - failed);
}

/**
 * Each tab's batch of "Translate all images on this page": when it started, and its counts published for the
 * popup (session storage) and on the toolbar badge.
 */
export function createPageBatches(engine: () => Engine) {
  return {
    async start(tabId: number, at: number): Promise<void> {
      await pageBatchStartItem(tabId).setValue(at);
    },
    async refresh(tabId: number): Promise<void> {
      const start = await pageBatchStartItem(tabId).getValue();
      if (start === null) return;
      const counts = await engine().progress(tabId, start);
      await pageCountsItem(tabId).setValue(counts);
      // The tab may have closed meanwhile; its badge went with it.
      await browser.action.setBadgeText({ tabId, text: badgeText(counts) }).catch(() => undefined);
      const name = i18n.t('extName');
      const title = counts.overLimit
        ? i18n.t('progress.overLimit', { name, overLimit: counts.overLimit })
        : i18n.t('progress.title', { name, done: counts.done, total: counts.total });
      await browser.action.setTitle({ tabId, title }).catch(() => undefined);
    },
  };
}

export type PageBatches = ReturnType<typeof createPageBatches>;

import { i18n } from '#i18n';
import type { PageCounts } from './protocol';
import { pageBatchStartItem, pageCountsItem } from './session-items';

/** The toolbar badge of a batch under way: "3/12", or what is left when that does not fit; "!" for failures. */
export function badgeText({ total, done, failed }: PageCounts): string {
  if (done + failed >= total) return failed ? '!' : '';
  const fraction = `${done}/${total}`;
  return fraction.length <= 4 ? fraction : String(total - done - failed);
}

export interface PageBatchDeps {
  /** The counts of a tab's jobs asked for since `since`. */
  counts(tabId: number, since: number): Promise<PageCounts>;
  /** Puts a badge and a title on the tab's toolbar button. */
  showOnButton(tabId: number, badge: string, title: string): Promise<void>;
}

/**
 * Each tab's batch of "Translate all images on this page": when it started, and its counts published for the
 * popup (session storage) and on the toolbar badge.
 */
export function createPageBatches(deps: PageBatchDeps) {
  return {
    async start(tabId: number, at: number): Promise<void> {
      await pageBatchStartItem(tabId).setValue(at);
    },
    async refresh(tabId: number): Promise<void> {
      const start = await pageBatchStartItem(tabId).getValue();
      if (start === null) return;
      const counts = await deps.counts(tabId, start);
      await pageCountsItem(tabId).setValue(counts);
      const name = i18n.t('extName');
      const title = counts.overLimit
        ? i18n.t('progress.overLimit', { name, overLimit: counts.overLimit })
        : i18n.t('progress.title', { name, done: counts.done, total: counts.total });
      await deps.showOnButton(tabId, badgeText(counts), title);
    },
  };
}

export type PageBatches = ReturnType<typeof createPageBatches>;

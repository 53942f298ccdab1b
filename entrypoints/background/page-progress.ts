import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { Engine } from '@/utils/engine/engine';
import { progressKey, type PageProgress } from '@/utils/protocol';

/** When "Translate all images on this page" last started in a tab: its progress counts jobs since then. */
const batchKey = (tabId: number) => `batch:${tabId}`;

export function badgeText({ total, done, failed }: PageProgress): string {
  if (done + failed >= total) return failed ? '!' : '';
  const fraction = `${done}/${total}`;
  return fraction.length <= 4 ? fraction : String(total - done - failed);
}

/** Per-tab progress of whole-page translation, for the popup (session storage) and the toolbar badge. */
export function createPageProgress(engine: () => Engine) {
  async function since(tabId: number): Promise<number | undefined> {
    const stored = (await browser.storage.session.get(batchKey(tabId)))[batchKey(tabId)];
    return typeof stored === 'number' ? stored : undefined;
  }

  async function refresh(tabId: number): Promise<void> {
    const start = await since(tabId);
    if (start === undefined) return;
    const progress = await engine().progress(tabId, start);
    await browser.storage.session.set({ [progressKey(tabId)]: progress });
    // The tab may have closed meanwhile; its badge went with it.
    await browser.action.setBadgeText({ tabId, text: badgeText(progress) }).catch(() => undefined);
    const name = i18n.t('extName');
    const title = progress.overLimit
      ? i18n.t('progress.overLimit', { name, overLimit: progress.overLimit })
      : i18n.t('progress.title', { name, done: progress.done, total: progress.total });
    await browser.action.setTitle({ tabId, title }).catch(() => undefined);
  }

  return {
    async start(tabId: number, at: number): Promise<void> {
      await browser.storage.session.set({ [batchKey(tabId)]: at });
    },
    refresh,
  };
}

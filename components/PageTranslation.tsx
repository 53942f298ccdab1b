import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { progressKey, sendToWorker, type PageProgress } from '@/utils/protocol';

function progressText(progress: PageProgress): string {
  const { failed, waiting } = progress;
  if (failed && waiting) return i18n.t('pageTranslation.doneFailedWaiting', progress);
  if (failed) return i18n.t('pageTranslation.doneFailed', progress);
  if (waiting) return i18n.t('pageTranslation.doneWaiting', progress);
  return i18n.t('pageTranslation.done', progress);
}

/** "Translate all images on this page", its progress ("7 of 12"), and cancelling what was not sent yet. */
export function PageTranslation({ tabId }: { tabId: number }) {
  const [progress, setProgress] = useState<PageProgress | null>(null);
  const key = progressKey(tabId);

  useEffect(() => {
    void browser.storage.session.get(key).then((stored) => setProgress((stored[key] as PageProgress | undefined) ?? null));
    const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
      if (key in changes) setProgress((changes[key]!.newValue as PageProgress | undefined) ?? null);
    };
    browser.storage.session.onChanged.addListener(onChanged);
    return () => browser.storage.session.onChanged.removeListener(onChanged);
  }, [key]);

  return (
    <section class="card popup-section" aria-label={i18n.t('pageTranslation.label')}>
      <div class="row">
        <button type="button" class="button" onClick={() => void sendToWorker({ type: 'translate-page', tabId })}>
          {i18n.t('pageTranslation.translateAll')}
        </button>
        {progress !== null && progress.waiting > 0 && (
          <button type="button" class="button" onClick={() => void sendToWorker({ type: 'cancel-page', tabId })}>
            {i18n.t('pageTranslation.cancel')}
          </button>
        )}
      </div>
      <p class="hint" aria-live="polite">
        {progress ? progressText(progress) : ''}
      </p>
    </section>
  );
}

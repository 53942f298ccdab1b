import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { pageQuestionText } from '@/utils/page-question';
import { sendToWorker, type PageCounts, type PageQuestion } from '@/utils/protocol';
import { pageCountsItem } from '@/utils/session-items';

function countsText(progress: PageCounts): string {
  const { failed, waiting } = progress;
  if (failed && waiting) return i18n.t('pageTranslation.doneFailedWaiting', progress);
  if (failed) return i18n.t('pageTranslation.doneFailed', progress);
  if (waiting) return i18n.t('pageTranslation.doneWaiting', progress);
  return i18n.t('pageTranslation.done', progress);
}

function progressText(progress: PageCounts): string {
  const counts = countsText(progress);
  return progress.overLimit ? `${counts}. ${i18n.t('pageTranslation.overLimit', progress)}` : counts;
}

/** "Translate all images on this page", its progress ("7 of 12"), and cancelling what was not sent yet. */
export function PageTranslation({ tabId }: { tabId: number }) {
  const [progress, setProgress] = useState<PageCounts | null>(null);
  /** A large or slow page waits for the user to agree to its count, estimated cost and time. */
  const [asking, setAsking] = useState<PageQuestion | null>(null);

  async function translateAll(confirmed: boolean): Promise<void> {
    setAsking(null);
    const reply = await sendToWorker({ type: 'translate-page', tabId, confirmed });
    if ('confirm' in reply) setAsking(reply.confirm);
  }

  useEffect(() => {
    const item = pageCountsItem(tabId);
    void item.getValue().then(setProgress);
    return item.watch(setProgress);
  }, [tabId]);

  return (
    <section class="card popup-section" aria-label={i18n.t('pageTranslation.label')}>
      <div class="row">
        <button type="button" class="button" onClick={() => void translateAll(false)}>
          {i18n.t('pageTranslation.translateAll')}
        </button>
        {progress !== null && progress.waiting > 0 && (
          <button type="button" class="button" onClick={() => void sendToWorker({ type: 'cancel-page', tabId })}>
            {i18n.t('pageTranslation.cancel')}
          </button>
        )}
      </div>
      {asking && (
        <div role="alertdialog" aria-labelledby="confirm-all">
          <p id="confirm-all">{pageQuestionText(asking)}</p>
          <div class="row">
            <button type="button" class="button button-primary" onClick={() => void translateAll(true)}>
              {i18n.t('pageTranslation.confirmYes', asking)}
            </button>
            <button type="button" class="button" onClick={() => setAsking(null)}>
              {i18n.t('pageTranslation.cancel')}
            </button>
          </div>
        </div>
      )}
      <p class="hint" aria-live="polite">
        {progress ? progressText(progress) : ''}
      </p>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { progressKey, sendToWorker, type PageProgress } from '@/utils/protocol';

function progressText({ total, done, failed, waiting }: PageProgress): string {
  const parts = [`${done} of ${total} translated`];
  if (failed) parts.push(`${failed} failed`);
  if (waiting) parts.push(`${waiting} waiting`);
  return parts.join(', ');
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
    <section class="card popup-section" aria-label="All images on this page">
      <div class="row">
        <button type="button" class="button" onClick={() => void sendToWorker({ type: 'translate-page', tabId })}>
          Translate all images on this page
        </button>
        {progress !== null && progress.waiting > 0 && (
          <button type="button" class="button" onClick={() => void sendToWorker({ type: 'cancel-page', tabId })}>
            Cancel
          </button>
        )}
      </div>
      <p class="hint" aria-live="polite">
        {progress ? progressText(progress) : ''}
      </p>
    </section>
  );
}

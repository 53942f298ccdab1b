import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { cacheUsage, clearCache } from '@/utils/cache';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** How much the translated-image cache holds, and a way to empty it. */
export function CacheSection() {
  const [usage, setUsage] = useState<{ images: number; bytes: number } | null>(null);
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    void cacheUsage().then(setUsage);
  }, []);

  const onClear = async () => {
    await clearCache();
    setUsage(await cacheUsage());
    setCleared(true);
  };

  return (
    <section class="card options-section" aria-labelledby="cache-heading">
      <h2 id="cache-heading" class="section-title">
        {i18n.t('cache.heading')}
      </h2>
      <p class="hint">{i18n.t('cache.hint')}</p>
      <div class="row">
        <span id="cache-usage">{usage ? i18n.t('cache.usage', usage.images, { size: megabytes(usage.bytes) }) : '…'}</span>
        <button type="button" class="button" onClick={() => void onClear()} aria-describedby="cache-usage">
          {i18n.t('cache.clear')}
        </button>
        <span aria-live="polite">{cleared ? i18n.t('cache.cleared') : ''}</span>
      </div>
    </section>
  );
}

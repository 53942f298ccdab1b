import { useEffect, useState } from 'preact/hooks';
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
        Saved translations
      </h2>
      <p class="hint">
        Translated images are kept in this browser so the same image shows again at once, without a new (billed) task. The oldest unused
        ones make room for new ones.
      </p>
      <div class="row">
        <span id="cache-usage">
          {usage ? `${usage.images} ${usage.images === 1 ? 'image' : 'images'}, ${megabytes(usage.bytes)}` : '…'}
        </span>
        <button type="button" class="button" onClick={() => void onClear()} aria-describedby="cache-usage">
          Clear cache
        </button>
        <span aria-live="polite">{cleared ? 'Cache cleared.' : ''}</span>
      </div>
    </section>
  );
}

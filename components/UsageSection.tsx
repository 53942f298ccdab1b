import type { JSX } from 'preact';
import { HistoryItem } from '@/components/HistoryItem';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { createResultCache } from '@/utils/cache';
import { downloadFile } from '@/utils/download';
import { jobWords } from '@/utils/failure-words';
import { extensionForType } from '@/utils/picture-types';
import { sendToWorker, WAITING_PHASES, type JobView } from '@/utils/protocol';
import { againItem } from '@/utils/session-items';
import { clearHistory, loadHistory, MAX_HISTORY, watchHistory, type HistoryEntry } from '@/utils/history';
import { DEFAULT_PRICE_PER_IMAGE, estimatedCost, formatCost, loadPrice, parsePrice, savePrice } from '@/utils/price';
import { loadBilled, summarize, watchBilled, type BilledRecord } from '@/utils/usage';

/** "menu-en.jpg" for menu.png translated into English; "image-en.jpg" for an embedded picture. */
export function downloadName(entry: HistoryEntry, type: string): string {
  let base = 'image';
  if (/^https?:/.test(entry.imageUrl)) {
    try {
      const last = new URL(entry.imageUrl).pathname.split('/').filter(Boolean).pop() ?? '';
      base = decodeURIComponent(last).replace(/\.[^.]*$/, '') || base;
    } catch {
      // The plain name stays.
    }
  }
  base = base.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'image';
  return `${base}-${entry.targetLang}.${extensionForType(type) ?? 'jpg'}`;
}

/** Images billed today and this month, what they cost, and the recent translations. */
export function UsageSection() {
  const [records, setRecords] = useState<BilledRecord[] | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [price, setPrice] = useState(DEFAULT_PRICE_PER_IMAGE);
  const [priceText, setPriceText] = useState(String(DEFAULT_PRICE_PER_IMAGE));
  const [priceError, setPriceError] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean }>({ text: '' });

  useEffect(() => {
    void loadBilled().then(setRecords, () => setRecords([]));
    void loadHistory().then(setHistory, () => setHistory([]));
    void loadPrice().then((stored) => {
      setPrice(stored);
      setPriceText(String(stored));
    });
    // Translations finishing while the page is open show up at once.
    const stopBilled = watchBilled(setRecords);
    const stopHistory = watchHistory(setHistory);
    return () => {
      stopBilled();
      stopHistory();
    };
  }, []);

  const now = Date.now();
  const summary = records ? summarize(records, now) : null;

  const onPriceChange = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const parsed = parsePrice(event.currentTarget.value);
    if ('error' in parsed) {
      setPriceError(parsed.error);
      setMessage({ text: '' });
      return;
    }
    setPriceError('');
    try {
      const stored = await savePrice(parsed.price);
      setPrice(stored);
      setPriceText(String(stored));
      setMessage({ text: i18n.t('usage.price.saved', { price: stored }) });
    } catch {
      setMessage({ text: i18n.t('usage.price.saveFailed'), error: true });
    }
  };

  const cachedImage = async (entry: HistoryEntry): Promise<Blob | undefined> => {
    try {
      return await createResultCache().get(entry.cacheKey);
    } catch {
      return undefined;
    }
  };

  const onOpen = async (entry: HistoryEntry) => {
    const image = await cachedImage(entry);
    if (!image) return setMessage({ text: i18n.t('usage.gone'), error: true });
    const url = URL.createObjectURL(image);
    await browser.tabs.create({ url });
    setMessage({ text: '' });
    // The tab has the picture by then; the address is let go in any case when this page closes.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const onDownload = async (entry: HistoryEntry) => {
    const image = await cachedImage(entry);
    if (!image) return setMessage({ text: i18n.t('usage.gone'), error: true });
    const filename = downloadName(entry, image.type);
    downloadFile(image, filename);
    setMessage({ text: i18n.t('usage.downloading', { file: filename }) });
  };

  /** History entries being translated again. */
  const [working, setWorking] = useState<ReadonlySet<string>>(new Set());
  const setEntryWorking = (entryId: string, on: boolean) =>
    setWorking((before) => {
      const after = new Set(before);
      if (on) after.add(entryId);
      else after.delete(entryId);
      return after;
    });

  const onTranslateAgain = async (entry: HistoryEntry) => {
    if (working.has(entry.jobId)) return;
    setEntryWorking(entry.jobId, true);
    setMessage({ text: i18n.t('usage.again.started') });
    const reply = await sendToWorker({ type: 'translate-again', entryId: entry.jobId }).catch((error: unknown) => ({
      error: String(error),
    }));
    if ('error' in reply) {
      setEntryWorking(entry.jobId, false);
      return setMessage({ text: reply.error, error: true });
    }
    // The worker keeps how the job stands in session storage; the new entry joins the history when it lands.
    const item = againItem(reply.jobId);
    const follow = (view: JobView | null) => {
      if (!view || WAITING_PHASES.has(view.phase)) return;
      stop();
      setEntryWorking(entry.jobId, false);
      const words = jobWords(view);
      if (view.phase === 'done' && !words) setMessage({ text: i18n.t('usage.again.done') });
      else setMessage({ text: words?.message ?? '', error: view.phase !== 'done' });
    };
    const stop = item.watch(follow);
    void item.getValue().then(follow);
  };

  const onClear = async () => {
    await clearHistory();
    setHistory([]);
    setMessage({ text: i18n.t('usage.historyCleared') });
    document.getElementById('usage-heading')?.focus();
  };

  return (
    <section class="card options-section" aria-labelledby="usage-heading">
      <h2 id="usage-heading" class="section-title" tabIndex={-1}>
        {i18n.t('usage.heading')}
      </h2>
      <ul class="usage-stats" aria-busy={summary ? undefined : true}>
        <li class="usage-stat">
          <span class="usage-stat-label">{i18n.t('usage.billedToday')}</span>{' '}
          <strong class="usage-stat-value">{summary ? summary.today.images : '…'}</strong>
        </li>
        <li class="usage-stat">
          <span class="usage-stat-label">{i18n.t('usage.thisMonth')}</span>{' '}
          <strong class="usage-stat-value">{summary ? summary.month.images : '…'}</strong>
        </li>
        <li class="usage-stat">
          <span class="usage-stat-label">{i18n.t('usage.costThisMonth')}</span>{' '}
          <strong class="usage-stat-value">{summary ? formatCost(estimatedCost(summary.month.images, price)) : '…'}</strong>
        </li>
      </ul>
      <p class="hint">{summary && summary.month.noText > 0 ? i18n.t('usage.hintNoText', summary.month.noText) : i18n.t('usage.hint')}</p>

      <div class="field usage-price">
        <label class="label" for="price-per-image">
          {i18n.t('usage.price.label')}
        </label>
        <input
          id="price-per-image"
          class="input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellcheck={false}
          value={priceText}
          aria-invalid={priceError ? true : undefined}
          aria-describedby={priceError ? 'price-per-image-error price-per-image-help' : 'price-per-image-help'}
          onInput={(event) => setPriceText(event.currentTarget.value)}
          onChange={(event) => void onPriceChange(event)}
        />
        {priceError && (
          <p id="price-per-image-error" class="field-error">
            {priceError}
          </p>
        )}
        <p id="price-per-image-help" class="hint">
          {i18n.t('usage.price.help', { price: DEFAULT_PRICE_PER_IMAGE })}
        </p>
      </div>

      <div class="usage-history">
        <div class="row usage-history-head">
          <h3 id="history-heading" class="subsection-title">
            {i18n.t('usage.recent')}
          </h3>
          {history && history.length > 0 && (
            <button type="button" class="button button-small" onClick={() => void onClear()}>
              {i18n.t('usage.clearHistory')}
            </button>
          )}
        </div>
        {history === null ? (
          <p class="hint">…</p>
        ) : history.length === 0 ? (
          <p class="hint">{i18n.t('usage.historyEmpty', { max: MAX_HISTORY })}</p>
        ) : (
          <ul class="history-list" aria-labelledby="history-heading">
            {history.map((entry) => (
              <HistoryItem
                key={entry.jobId}
                entry={entry}
                now={now}
                working={working.has(entry.jobId)}
                onOpen={() => void onOpen(entry)}
                onDownload={() => void onDownload(entry)}
                onTranslateAgain={() => void onTranslateAgain(entry)}
              />
            ))}
          </ul>
        )}
      </div>
      <p class={message.error ? 'section-message section-message-error' : 'section-message'} aria-live="polite">
        {message.text}
      </p>
    </section>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { LanguagePickers, type LanguagePair, type PairChange } from './LanguagePickers';
import { loadSettings, saveSettings, type Settings } from '@/utils/settings';

/** The default languages of new translations, saved as soon as they are picked (popup and options). */
export function LanguageSection({ initial }: { initial: LanguagePair }) {
  const [pair, setPair] = useState(initial);
  const [note, setNote] = useState('');
  const [saveError, setSaveError] = useState('');
  // saveSettings reads, merges and writes: two quick picks must not overlap, or the second would
  // write back the first one's stale value.
  const saving = useRef<Promise<unknown>>(Promise.resolve());

  const onChange = ({ pair: next, note: changeNote }: PairChange) => {
    const changes: Partial<Settings> = {};
    if (next.source !== pair.source) changes.sourceLang = next.source;
    if (next.target !== pair.target) changes.targetLang = next.target;
    setPair(next);
    setNote(changeNote ?? '');
    setSaveError('');
    saving.current = saving.current.then(() => saveSettings(changes)).catch(() => setSaveError(i18n.t('pickers.saveError')));
  };

  return (
    <section class="popup-section" aria-label={i18n.t('pickers.sectionLabel')}>
      <LanguagePickers value={pair} onChange={onChange} />
      <p class="note" aria-live="polite">
        {note}
      </p>
      {saveError && (
        <p class="alert" role="alert">
          {saveError}
        </p>
      )}
    </section>
  );
}

/** The same, for a page that has not loaded the settings itself. */
export function StoredLanguageSection() {
  const [initial, setInitial] = useState<LanguagePair | null>(null);
  useEffect(() => {
    void loadSettings().then(({ settings }) => setInitial({ source: settings.sourceLang, target: settings.targetLang }));
  }, []);
  return initial && <LanguageSection initial={initial} />;
}

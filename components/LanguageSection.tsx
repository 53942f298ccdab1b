import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { DEFAULT_MODEL } from '@/utils/models';
import { LanguagePickers } from './LanguagePickers';
import type { LanguagePair, PairChange } from '@/utils/languages';
import { saveSettings, SettingsNeedReviewError, type SaveOptions } from '@/utils/settings';
import type { Settings } from '@/utils/settings-schema';
import { useSettings } from './use-settings';

/** The default languages of new translations, saved as soon as they are picked (popup and options). */
export function LanguageSection({
  initial,
  model = DEFAULT_MODEL,
  repairsShown = false,
}: { initial: LanguagePair; model?: string } & SaveOptions) {
  const [pair, setPair] = useState(initial);
  const [note, setNote] = useState('');
  const [saveError, setSaveError] = useState('');

  const onChange = ({ pair: next, note: changeNote }: PairChange) => {
    const changes: Partial<Settings> = {};
    if (next.source !== pair.source) changes.sourceLang = next.source;
    if (next.target !== pair.target) changes.targetLang = next.target;
    setPair(next);
    setNote(changeNote ?? '');
    setSaveError('');
    // saveSettings reads, merges and writes under the settings' lock: two quick picks are saved in turn.
    void saveSettings(changes, { repairsShown }).catch((error: unknown) =>
      setSaveError(error instanceof SettingsNeedReviewError ? i18n.t('settings.needReview') : i18n.t('pickers.saveError')),
    );
  };

  return (
    <section class="popup-section" aria-label={i18n.t('pickers.sectionLabel')}>
      <LanguagePickers value={pair} onChange={onChange} model={model} />
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

/** The same, for the options page, which has not loaded the settings itself and shows what they lost. */
export function StoredLanguageSection() {
  const stored = useSettings();
  if (stored.status !== 'ready') return null;
  const { sourceLang, targetLang, model } = stored.settings;
  // `initial` is read once: the pickers keep the user's picks from then on.
  return <LanguageSection initial={{ source: sourceLang, target: targetLang }} model={model} repairsShown />;
}

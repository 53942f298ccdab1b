import type { JSX } from 'preact';
import { i18n } from '#i18n';
import { TargetOptions } from '@/components/LanguagePickers';
import {
  changeSource,
  languageName,
  pairProblem,
  sourceLanguages,
  type LanguageCode,
  type LanguagePair,
  type SourceLanguage,
} from '@/utils/languages';
import { pairKey, pairLabel, type PairKey } from '@/utils/terminology';

export interface PairWithTerms {
  key: PairKey;
  pair: LanguagePair;
  count: number;
}

interface TermPairPickerProps {
  pair: LanguagePair;
  /** Why the other side changed with the last pick, if it did. */
  note: string;
  /** The pairs that have terms, as shortcuts. */
  pairsWithTerms: readonly PairWithTerms[];
  /** `shortcut` for a pair picked by its button, which keeps the table's errors in view. */
  onPick: (pick: { pair: LanguagePair; note?: string; shortcut?: boolean }) => void;
}

/** Which language pair's terms the table shows: two selects, and a button for each pair that has terms. */
export function TermPairPicker({ pair, note, pairsWithTerms, onPick }: TermPairPickerProps) {
  const key = pairKey(pair.source, pair.target);
  const problem = pairProblem(pair.source, pair.target);

  const onSource = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const change = changeSource(pair, event.currentTarget.value as SourceLanguage);
    onPick(change);
  };
  const onTarget = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const target = event.currentTarget.value as LanguageCode;
    if (!pairProblem(pair.source, target)) onPick({ pair: { source: pair.source, target } });
  };

  return (
    <>
      <div class="terms-pair">
        <div class="field">
          <label class="label" for="terms-source">
            {i18n.t('terminology.from')}
          </label>
          <select id="terms-source" class="select" value={pair.source} onChange={onSource}>
            <option value="auto">{languageName('auto')}</option>
            {sourceLanguages.map((language) => (
              <option key={language.code} value={language.code}>
                {language.name}
              </option>
            ))}
          </select>
        </div>
        <span class="language-pickers-arrow" aria-hidden="true">
          →
        </span>
        <div class="field">
          <label class="label" for="terms-target">
            {i18n.t('terminology.into')}
          </label>
          <select
            id="terms-target"
            class="select"
            value={pair.target}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem || note ? 'terms-pair-note' : undefined}
            onChange={onTarget}
          >
            <TargetOptions source={pair.source} />
          </select>
        </div>
      </div>
      {(problem || note) && (
        <p id="terms-pair-note" class={problem ? 'field-error' : 'hint'}>
          {problem ?? note}
        </p>
      )}
      {pairsWithTerms.length > 0 && (
        <div class="row row-tight" role="group" aria-labelledby="terms-pairs-label">
          <span id="terms-pairs-label" class="hint">
            {i18n.t('terminology.pairsWithTerms')}
          </span>
          {pairsWithTerms.map((entry) => (
            <button
              key={entry.key}
              type="button"
              class="button button-small"
              aria-pressed={entry.key === key}
              onClick={() => onPick({ pair: entry.pair, shortcut: true })}
            >
              {pairLabel(entry.pair)} ({entry.count})
            </button>
          ))}
        </div>
      )}
    </>
  );
}

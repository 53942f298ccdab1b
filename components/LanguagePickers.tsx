import type { JSX } from 'preact';
import { i18n } from '#i18n';
import {
  changeSource,
  changeTarget,
  isSourceLanguage,
  isTargetLanguage,
  languageName,
  pairProblem,
  pairProblemWords,
  sourceHint,
  sourceLanguages,
  targetLanguages,
  type LanguagePair,
  type PairChange,
  type SourceLanguage,
} from '@/utils/languages';
import { DEFAULT_MODEL } from '@/utils/models';

export interface LanguagePickersProps {
  value: LanguagePair;
  onChange: (change: PairChange) => void;
  disabled?: boolean;
  /** Prefixes the element ids, for a page that shows the pickers twice. */
  idPrefix?: string;
  /** The pairs are limited only for a model whose language table is known (utils/models.ts). */
  model?: string;
}

/**
 * The source and target selects. Targets that cannot go with the chosen source are disabled, with the
 * reason in their tooltip. Sources are never disabled: picking one that rules out the target moves the
 * target to English (Chinese for an English source) and says so through `onChange`'s note.
 */
export function LanguagePickers({ value, onChange, disabled = false, idPrefix = 'language', model = DEFAULT_MODEL }: LanguagePickersProps) {
  const sourceId = `${idPrefix}-source`;
  const targetId = `${idPrefix}-target`;
  const messageId = `${idPrefix}-pair-message`;
  const problem = pairProblem(value.source, value.target, model);
  const hint = problem ? null : sourceHint(value.source, model);

  const onSourceInput = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const picked = event.currentTarget.value;
    if (isSourceLanguage(picked) && picked !== value.source) onChange(changeSource(value, picked, model));
  };
  const onTargetInput = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const picked = event.currentTarget.value;
    if (isTargetLanguage(picked) && picked !== value.target) onChange(changeTarget(value, picked));
  };

  return (
    <div class="language-pickers">
      <div class="language-pickers-row">
        <div class="field">
          <label class="label" for={sourceId}>
            {i18n.t('pickers.source')}
          </label>
          <select id={sourceId} class="select" value={value.source} disabled={disabled} onChange={onSourceInput}>
            <option value="auto">{languageName('auto')}</option>
            {sourceLanguages.map((language) => {
              const conflict = pairProblem(language.code, value.target, model);
              return (
                <option
                  key={language.code}
                  value={language.code}
                  title={conflict ? i18n.t('pickers.sourceConflict', { problem: pairProblemWords(conflict) }) : undefined}
                >
                  {languageName(language.code)}
                </option>
              );
            })}
          </select>
        </div>
        <span class="language-pickers-arrow" aria-hidden="true">
          →
        </span>
        <div class="field">
          <label class="label" for={targetId}>
            {i18n.t('pickers.target')}
          </label>
          <select
            id={targetId}
            class="select"
            value={value.target}
            disabled={disabled}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem || hint ? messageId : undefined}
            onChange={onTargetInput}
          >
            <TargetOptions source={value.source} model={model} />
          </select>
        </div>
      </div>
      {problem ? (
        <p id={messageId} class="field-error">
          {pairProblemWords(problem)}
        </p>
      ) : hint ? (
        <p id={messageId} class="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Every target language, those the source cannot go to disabled with the reason as their title. */
export function TargetOptions({ source, model = DEFAULT_MODEL }: { source: SourceLanguage; model?: string }) {
  return (
    <>
      {targetLanguages.map((language) => {
        const reason = pairProblem(source, language.code, model);
        return (
          <option
            key={language.code}
            value={language.code}
            disabled={reason !== null}
            title={reason ? pairProblemWords(reason) : undefined}
          >
            {languageName(language.code)}
          </option>
        );
      })}
    </>
  );
}

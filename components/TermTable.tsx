import { i18n } from '#i18n';
import { languageName, type LanguagePair } from '@/utils/languages';
import { pairLabel } from '@/utils/terminology';
import type { RowDraft } from './term-drafts';

export const termFieldId = (row: RowDraft, side: 'src' | 'tgt') => `term-${row.id}-${side}`;

interface TermTableProps {
  pair: LanguagePair;
  rows: readonly RowDraft[];
  /** The error to show on a side of a row, if any. */
  shownError: (row: RowDraft, side: 'src' | 'tgt') => string | undefined;
  onEdit: (row: RowDraft, side: 'src' | 'tgt', text: string) => void;
  /** Leaving a field, by its id. */
  onLeave: (id: string) => (event: FocusEvent) => void;
  onRemove: (index: number) => void;
}

/** The terms of one language pair, a row each, every field labelled with its row's number. */
export function TermTable({ pair, rows, shownError, onEdit, onLeave, onRemove }: TermTableProps) {
  if (rows.length === 0) {
    return <p class="hint terms-empty">{i18n.t('terminology.empty', { pair: pairLabel(pair) })}</p>;
  }
  return (
    <div class="terms-table-wrap">
      <table class="terms-table">
        <caption class="visually-hidden">{i18n.t('terminology.caption', { pair: pairLabel(pair) })}</caption>
        <thead>
          <tr>
            <th scope="col" class="terms-number">
              #
            </th>
            <th scope="col">{i18n.t('terminology.sourceColumn', { language: languageName(pair.source) })}</th>
            <th scope="col">{i18n.t('terminology.targetColumn', { language: languageName(pair.target) })}</th>
            <th scope="col">
              <span class="visually-hidden">{i18n.t('terminology.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.id}>
              <td class="terms-number">{index + 1}</td>
              {(['src', 'tgt'] as const).map((side) => {
                const id = termFieldId(row, side);
                const error = shownError(row, side);
                return (
                  <td key={side}>
                    <input
                      id={id}
                      class="input"
                      type="text"
                      value={side === 'src' ? row.src : row.tgt}
                      aria-label={
                        side === 'src'
                          ? i18n.t('terminology.sourceInput', { number: index + 1 })
                          : i18n.t('terminology.targetInput', { number: index + 1 })
                      }
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      spellcheck={false}
                      autoComplete="off"
                      onInput={(event) => onEdit(row, side, event.currentTarget.value)}
                      onBlur={onLeave(id)}
                    />
                    {error && (
                      <p id={`${id}-error`} class="field-error">
                        {error}
                      </p>
                    )}
                  </td>
                );
              })}
              <td class="terms-remove">
                <button
                  id={`remove-term-${row.id}`}
                  type="button"
                  class="button button-small"
                  aria-label={i18n.t('terminology.removeRow', { number: index + 1 })}
                  onClick={() => onRemove(index)}
                >
                  {i18n.t('terminology.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

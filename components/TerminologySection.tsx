import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { changeSource, TargetOptions } from '@/components/LanguagePickers';
import { languageName, pairProblem, sourceLanguages, type LanguageCode, type SourceLanguage } from '@/utils/languages';
import { loadSettings, saveSettings } from '@/utils/settings';
import {
  decodeTermsFile,
  formatTerms,
  MAX_TERM_LENGTH,
  MAX_TERMS_PER_PAIR,
  mergeTerms,
  pairKey,
  parsePairKey,
  parseTermsFile,
  withoutEmptyPairs,
  type PairKey,
  type Term,
  type TermsFormat,
  type TermTable,
} from '@/utils/terminology';

/** Term files are a few kilobytes; anything this big is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

interface Pair {
  source: SourceLanguage;
  target: LanguageCode;
}

/** A row as typed. */
interface RowDraft {
  id: number;
  src: string;
  tgt: string;
}

interface RowErrors {
  src?: string;
  tgt?: string;
}

interface CheckedRows {
  terms: Term[];
  errors: Record<number, RowErrors>;
  /** A problem of the list as a whole: too many terms. */
  listError?: string;
}

type Message = { text: string; tone: 'info' | 'error' } | null;

let nextRowId = 1;
const rowOf = (term: Term): RowDraft => ({ id: nextRowId++, src: term.src, tgt: term.tgt });
const isBlank = (row: RowDraft) => row.src.trim() === '' && row.tgt.trim() === '';

function pairLabel({ source, target }: Pair): string {
  return `${languageName(source)} → ${languageName(target)}`;
}

/** Rows left empty are ignored; everything else must be a term the service takes. */
function checkRows(rows: readonly RowDraft[]): CheckedRows {
  const terms: Term[] = [];
  const errors: Record<number, RowErrors> = {};
  const firstRowOf = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlank(row)) return;
    const src = row.src.trim();
    const tgt = row.tgt.trim();
    const rowErrors: RowErrors = {};
    if (!src) rowErrors.src = 'Enter the source term.';
    else if (src.length > MAX_TERM_LENGTH) rowErrors.src = `Keep the term to ${MAX_TERM_LENGTH} characters (it has ${src.length}).`;
    else if (firstRowOf.has(src)) rowErrors.src = `“${src}” is already term ${firstRowOf.get(src)}.`;
    if (!tgt) rowErrors.tgt = 'Enter the target term.';
    else if (tgt.length > MAX_TERM_LENGTH) rowErrors.tgt = `Keep the term to ${MAX_TERM_LENGTH} characters (it has ${tgt.length}).`;
    if (src && !firstRowOf.has(src)) firstRowOf.set(src, index + 1);
    if (rowErrors.src || rowErrors.tgt) errors[row.id] = rowErrors;
    else terms.push({ src, tgt });
  });
  const count = rows.filter((row) => !isBlank(row)).length;
  const listError =
    count > MAX_TERMS_PER_PAIR ? `At most ${MAX_TERMS_PER_PAIR} terms per language pair: remove ${count - MAX_TERMS_PER_PAIR}.` : undefined;
  return { terms, errors, listError };
}

const hasProblems = (checked: CheckedRows) => checked.listError !== undefined || Object.keys(checked.errors).length > 0;

function download(text: string, filename: string, type: string): void {
  // The byte order mark makes Excel read the file as UTF-8, so Chinese and other scripts survive.
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function sameTerms(a: readonly Term[], b: readonly Term[]): boolean {
  return a.length === b.length && a.every((term, i) => term.src === b[i]?.src && term.tgt === b[i]?.tgt);
}

/** Term pairs per language pair, sent with the translations of that pair as `ext.terminologies`. */
export function TerminologySection() {
  const [saved, setSaved] = useState<TermTable | null>(null);
  const [drafts, setDrafts] = useState<Partial<Record<PairKey, RowDraft[]>>>({});
  const [pair, setPair] = useState<Pair>({ source: 'auto', target: 'en' });
  const [pairNote, setPairNote] = useState('');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const [loadFailed, setLoadFailed] = useState(false);
  const focusAfterRender = useRef<string | null>(null);

  useEffect(() => {
    loadSettings().then(
      ({ settings }) => {
        setSaved(settings.terminologies);
        setPair({ source: settings.sourceLang, target: settings.targetLang });
      },
      () => {
        setSaved({});
        setLoadFailed(true);
      },
    );
  }, []);

  // Before paint, so that keys typed right after "Add term" land in the new row.
  useLayoutEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  if (!saved) {
    return (
      <section class="card options-section" aria-labelledby="terms-heading" aria-busy="true">
        <h2 id="terms-heading" class="section-title">
          Terminology
        </h2>
      </section>
    );
  }

  const key = pairKey(pair.source, pair.target);
  const rowsOf = (k: PairKey): RowDraft[] => drafts[k] ?? (saved[k] ?? []).map(rowOf);
  const rows = rowsOf(key);
  const checked = checkRows(rows);
  const draftKeys = new Set([...Object.keys(saved), ...Object.keys(drafts)] as PairKey[]);
  const changed = (Object.keys(drafts) as PairKey[]).some((k) => {
    const draft = checkRows(drafts[k] ?? []);
    return hasProblems(draft) || !sameTerms(draft.terms, saved[k] ?? []);
  });
  const pairsWithTerms = [...draftKeys]
    .map((k) => ({ key: k, pair: parsePairKey(k), count: rowsOf(k).filter((row) => !isBlank(row)).length }))
    .filter((entry): entry is { key: PairKey; pair: Pair; count: number } => entry.pair !== null && entry.count > 0)
    .sort((a, b) => pairLabel(a.pair).localeCompare(pairLabel(b.pair)));
  const nonBlankCount = rows.filter((row) => !isBlank(row)).length;
  const full = nonBlankCount >= MAX_TERMS_PER_PAIR;

  const fieldId = (row: RowDraft, side: 'src' | 'tgt') => `term-${row.id}-${side}`;
  const shownError = (row: RowDraft, side: 'src' | 'tgt') =>
    submitted || touched.has(fieldId(row, side)) ? checked.errors[row.id]?.[side] : undefined;

  const setRows = (next: RowDraft[]) => {
    setDrafts((was) => ({ ...was, [key]: next }));
    if (message?.tone === 'info') setMessage(null);
  };
  const updateRow = (id: number, changes: Partial<RowDraft>) => setRows(rows.map((row) => (row.id === id ? { ...row, ...changes } : row)));
  const touch = (id: string) => (event: FocusEvent) => {
    // As on the settings form: an error appearing on the way to a button would move the button under the pointer.
    if (!(event.relatedTarget instanceof HTMLButtonElement)) setTouched((was) => new Set(was).add(id));
  };

  const onSource = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const source = event.currentTarget.value as SourceLanguage;
    const change = changeSource(pair, source);
    setPair(change.pair);
    setPairNote(change.note ?? '');
    setSubmitted(false);
    setImportProblems([]);
  };
  const onTarget = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    const target = event.currentTarget.value as LanguageCode;
    if (pairProblem(pair.source, target)) return;
    setPair({ source: pair.source, target });
    setPairNote('');
    setSubmitted(false);
    setImportProblems([]);
  };

  const onAdd = () => {
    if (full) {
      setMessage({ tone: 'error', text: `${pairLabel(pair)} already has ${MAX_TERMS_PER_PAIR} terms, the most one pair can have.` });
      return;
    }
    const row: RowDraft = { id: nextRowId++, src: '', tgt: '' };
    setRows([...rows, row]);
    focusAfterRender.current = fieldId(row, 'src');
  };

  const onRemove = (index: number) => {
    const removed = rows[index]!;
    const next = rows.filter((_, i) => i !== index);
    setRows(next);
    const neighbour = next[index] ?? next[index - 1];
    focusAfterRender.current = neighbour ? `remove-term-${neighbour.id}` : 'terms-add';
    setMessage({ tone: 'info', text: removed.src.trim() ? `Removed “${removed.src.trim()}”.` : 'Removed an empty row.' });
  };

  const onImport = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared, so that picking the same file again (after fixing it) reads it again.
    input.value = '';
    if (!file) return;
    setImportProblems([]);
    if (file.size > MAX_FILE_BYTES) {
      setMessage({ tone: 'error', text: `${file.name} is too large to be a term list (over 1 MB). Nothing was imported.` });
      return;
    }
    let text: string;
    let encoding: string;
    try {
      ({ text, encoding } = decodeTermsFile(new Uint8Array(await file.arrayBuffer())));
    } catch {
      setMessage({ tone: 'error', text: `Could not read ${file.name}. Nothing was imported.` });
      return;
    }
    const { terms, problems } = parseTermsFile(text);
    const readAs = encoding === 'gb18030' ? ' It is not UTF-8, so it was read as Chinese (GB18030).' : '';
    setImportProblems(problems);
    if (terms.length === 0) {
      setMessage({
        tone: 'error',
        text: `No terms found in ${file.name}. Each line needs a source term and a target term, separated by a comma or a tab.${readAs}`,
      });
      return;
    }
    const kept = rows.filter((row) => !isBlank(row));
    const merged = mergeTerms(
      kept.map((row) => ({ src: row.src.trim(), tgt: row.tgt })),
      terms,
    );
    setRows(merged.terms.map((term, i) => (i < kept.length ? { ...kept[i]!, tgt: term.tgt } : rowOf(term))));
    const parts = [`Imported ${merged.added} new ${merged.added === 1 ? 'term' : 'terms'} from ${file.name} into ${pairLabel(pair)}`];
    if (merged.updated) parts.push(`${merged.updated} updated`);
    if (merged.dropped) parts.push(`${merged.dropped} left out: the pair is full`);
    const skipped = problems.length ? ` ${problems.length} ${problems.length === 1 ? 'note' : 'notes'} below.` : '';
    setMessage({ tone: 'info', text: `${parts.join(', ')}. Select “Apply terms” to keep them.${skipped}${readAs}` });
  };

  const onExport = (format: TermsFormat) => {
    if (hasProblems(checked)) {
      setSubmitted(true);
      setMessage({ tone: 'error', text: 'Fix the marked terms before exporting.' });
      return;
    }
    if (checked.terms.length === 0) {
      setMessage({ tone: 'error', text: `There are no terms for ${pairLabel(pair)} to export.` });
      return;
    }
    const filename = `terms-${pair.source}-${pair.target}.${format}`;
    download(
      formatTerms(checked.terms, format),
      filename,
      format === 'csv' ? 'text/csv;charset=utf-8' : 'text/tab-separated-values;charset=utf-8',
    );
    setMessage({ tone: 'info', text: `Exported ${checked.terms.length} ${checked.terms.length === 1 ? 'term' : 'terms'} as ${filename}.` });
  };

  const onSubmit = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    // Every pair edited is saved, so a pair with problems, wherever it is, stops the save.
    const pairs = [...draftKeys].filter((k) => drafts[k]);
    const broken = [key, ...pairs].find((k) => hasProblems(checkRows(rowsOf(k))));
    if (broken) {
      const brokenPair = parsePairKey(broken);
      if (brokenPair && broken !== key) setPair(brokenPair);
      setSubmitted(true);
      const brokenRows = rowsOf(broken);
      const brokenCheck = checkRows(brokenRows);
      const first = brokenRows.find((row) => brokenCheck.errors[row.id]);
      if (first) focusAfterRender.current = fieldId(first, brokenCheck.errors[first.id]?.src ? 'src' : 'tgt');
      setMessage({
        tone: 'error',
        text: `Nothing was saved. Fix the marked terms${brokenPair && broken !== key ? ` of ${pairLabel(brokenPair)}` : ''}.`,
      });
      return;
    }
    const table: TermTable = { ...saved };
    for (const k of pairs) table[k] = checkRows(rowsOf(k)).terms;
    setBusy(true);
    try {
      const stored = await saveSettings({ terminologies: withoutEmptyPairs(table) });
      setSaved(stored.terminologies);
      setDrafts({});
      setSubmitted(false);
      setTouched(new Set());
      const count = stored.terminologies[key]?.length ?? 0;
      setMessage({ tone: 'info', text: `Saved. ${pairLabel(pair)} has ${count} ${count === 1 ? 'term' : 'terms'}.` });
    } catch {
      setMessage({ tone: 'error', text: 'Could not save the terms. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  const problem = pairProblem(pair.source, pair.target);

  return (
    <section class="card options-section" aria-labelledby="terms-heading">
      <h2 id="terms-heading" class="section-title">
        Terminology
      </h2>
      <p class="hint">
        Fixed translations for names and terms, such as a brand or a product line. They are sent with every translation of their language
        pair, up to {MAX_TERMS_PER_PAIR} per pair. With “{languageName('auto')}” in the popup, the terms listed under {languageName('auto')}{' '}
        are used.
      </p>
      {loadFailed && <p class="notice">Could not read the saved terms. What you save now replaces them.</p>}

      <form class="terms-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div class="terms-pair">
          <div class="field">
            <label class="label" for="terms-source">
              Terms from
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
              Terms into
            </label>
            <select
              id="terms-target"
              class="select"
              value={pair.target}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem || pairNote ? 'terms-pair-note' : undefined}
              onChange={onTarget}
            >
              <TargetOptions source={pair.source} />
            </select>
          </div>
        </div>
        {(problem || pairNote) && (
          <p id="terms-pair-note" class={problem ? 'field-error' : 'hint'}>
            {problem ?? pairNote}
          </p>
        )}
        {pairsWithTerms.length > 0 && (
          <div class="row row-tight" role="group" aria-labelledby="terms-pairs-label">
            <span id="terms-pairs-label" class="hint">
              Pairs with terms:
            </span>
            {pairsWithTerms.map((entry) => (
              <button
                key={entry.key}
                type="button"
                class="button button-small"
                aria-pressed={entry.key === key}
                onClick={() => {
                  setPair(entry.pair);
                  setPairNote('');
                  setImportProblems([]);
                }}
              >
                {pairLabel(entry.pair)} ({entry.count})
              </button>
            ))}
          </div>
        )}

        {rows.length === 0 ? (
          <p class="hint terms-empty">No terms for {pairLabel(pair)} yet.</p>
        ) : (
          <div class="terms-table-wrap">
            <table class="terms-table">
              <caption class="visually-hidden">Terms for {pairLabel(pair)}</caption>
              <thead>
                <tr>
                  <th scope="col" class="terms-number">
                    #
                  </th>
                  <th scope="col">Source term ({languageName(pair.source)})</th>
                  <th scope="col">Target term ({languageName(pair.target)})</th>
                  <th scope="col">
                    <span class="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={row.id}>
                    <td class="terms-number">{index + 1}</td>
                    {(['src', 'tgt'] as const).map((side) => {
                      const id = fieldId(row, side);
                      const error = shownError(row, side);
                      return (
                        <td key={side}>
                          <input
                            id={id}
                            class="input"
                            type="text"
                            value={side === 'src' ? row.src : row.tgt}
                            aria-label={`${side === 'src' ? 'Source' : 'Target'} term ${index + 1}`}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${id}-error` : undefined}
                            spellcheck={false}
                            autoComplete="off"
                            onInput={(event) => updateRow(row.id, { [side]: event.currentTarget.value })}
                            onBlur={touch(id)}
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
                        aria-label={`Remove term ${index + 1}`}
                        onClick={() => onRemove(index)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {checked.listError && <p class="field-error">{checked.listError}</p>}

        <div class="row">
          <button id="terms-add" type="button" class="button" aria-disabled={full} onClick={onAdd}>
            Add term
          </button>
        </div>
        <div class="row">
          <label class="button file-button">
            Import terms (CSV/TSV)…
            <input
              type="file"
              class="file-button-input"
              accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
              aria-describedby="terms-import-help"
              onChange={(event) => void onImport(event)}
            />
          </label>
          <button type="button" class="button" onClick={() => onExport('csv')}>
            Export CSV
          </button>
          <button type="button" class="button" onClick={() => onExport('tsv')}>
            Export TSV
          </button>
        </div>
        <p id="terms-import-help" class="hint">
          A file with a source term and a target term on each line, separated by a comma (CSV) or a tab (TSV), such as a spreadsheet saved
          as CSV. A first line “src,tgt” or “source,target” is skipped. Imported terms are added to {pairLabel(pair)}; a source term already
          listed takes the imported translation.
        </p>
        {importProblems.length > 0 && (
          <div class="terms-import-problems">
            <p class="label">Notes on the imported file:</p>
            <ul class="alert-list hint">
              {importProblems.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </div>
        )}

        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            Apply terms
          </button>
          {changed && !message && <span class="hint">Changes not applied yet.</span>}
          <p class={message?.tone === 'error' ? 'section-message section-message-error' : 'section-message'} aria-live="polite">
            {message?.text ?? ''}
          </p>
        </div>
      </form>
    </section>
  );
}

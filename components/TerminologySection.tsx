import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
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
  pairLabel,
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

/** Sentences one after another, joined as the interface language joins them. */
function sentences(first: string, ...more: (string | false)[]): string {
  return more.reduce<string>((text, next) => (next ? i18n.t('terminology.twoSentences', { first: text, second: next }) : text), first);
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
    if (!src) rowErrors.src = i18n.t('terminology.row.sourceMissing');
    else if (src.length > MAX_TERM_LENGTH) rowErrors.src = i18n.t('terminology.row.tooLong', { max: MAX_TERM_LENGTH, length: src.length });
    else if (firstRowOf.has(src)) rowErrors.src = i18n.t('terminology.row.duplicate', { term: src, number: firstRowOf.get(src)! });
    if (!tgt) rowErrors.tgt = i18n.t('terminology.row.targetMissing');
    else if (tgt.length > MAX_TERM_LENGTH) rowErrors.tgt = i18n.t('terminology.row.tooLong', { max: MAX_TERM_LENGTH, length: tgt.length });
    if (src && !firstRowOf.has(src)) firstRowOf.set(src, index + 1);
    if (rowErrors.src || rowErrors.tgt) errors[row.id] = rowErrors;
    else terms.push({ src, tgt });
  });
  const count = rows.filter((row) => !isBlank(row)).length;
  const listError =
    count > MAX_TERMS_PER_PAIR ? i18n.t('terminology.tooMany', { max: MAX_TERMS_PER_PAIR, excess: count - MAX_TERMS_PER_PAIR }) : undefined;
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
          {i18n.t('terminology.heading')}
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
      setMessage({ tone: 'error', text: i18n.t('terminology.full', { pair: pairLabel(pair), max: MAX_TERMS_PER_PAIR }) });
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
    setMessage({
      tone: 'info',
      text: removed.src.trim() ? i18n.t('terminology.removed', { term: removed.src.trim() }) : i18n.t('terminology.removedEmpty'),
    });
  };

  const onImport = async (event: JSX.TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared, so that picking the same file again (after fixing it) reads it again.
    input.value = '';
    if (!file) return;
    setImportProblems([]);
    if (file.size > MAX_FILE_BYTES) {
      setMessage({ tone: 'error', text: i18n.t('terminology.fileTooLarge', { file: file.name }) });
      return;
    }
    let text: string;
    let encoding: string;
    try {
      ({ text, encoding } = decodeTermsFile(new Uint8Array(await file.arrayBuffer())));
    } catch {
      setMessage({ tone: 'error', text: i18n.t('terminology.fileUnreadable', { file: file.name }) });
      return;
    }
    const { terms, problems } = parseTermsFile(text);
    const readAs = encoding === 'gb18030' && i18n.t('terminology.readAsGb');
    setImportProblems(problems);
    if (terms.length === 0) {
      setMessage({
        tone: 'error',
        text: sentences(i18n.t('terminology.noTermsInFile', { file: file.name }), readAs),
      });
      return;
    }
    const kept = rows.filter((row) => !isBlank(row));
    const merged = mergeTerms(
      kept.map((row) => ({ src: row.src.trim(), tgt: row.tgt })),
      terms,
    );
    setRows(merged.terms.map((term, i) => (i < kept.length ? { ...kept[i]!, tgt: term.tgt } : rowOf(term))));
    const summary =
      i18n.t('terminology.imported', merged.added, { file: file.name, pair: pairLabel(pair) }) +
      (merged.updated ? i18n.t('terminology.importedUpdated', { count: merged.updated }) : '') +
      (merged.dropped ? i18n.t('terminology.importedDropped', { count: merged.dropped }) : '');
    setMessage({
      tone: 'info',
      text: sentences(
        i18n.t('terminology.importedDone', { summary }),
        problems.length > 0 && i18n.t('terminology.importNotesBelow', problems.length),
        readAs,
      ),
    });
  };

  const onExport = (format: TermsFormat) => {
    if (hasProblems(checked)) {
      setSubmitted(true);
      setMessage({ tone: 'error', text: i18n.t('terminology.fixBeforeExport') });
      return;
    }
    if (checked.terms.length === 0) {
      setMessage({ tone: 'error', text: i18n.t('terminology.nothingToExport', { pair: pairLabel(pair) }) });
      return;
    }
    const filename = `terms-${pair.source}-${pair.target}.${format}`;
    download(
      formatTerms(checked.terms, format),
      filename,
      format === 'csv' ? 'text/csv;charset=utf-8' : 'text/tab-separated-values;charset=utf-8',
    );
    setMessage({ tone: 'info', text: i18n.t('terminology.exported', checked.terms.length, { file: filename }) });
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
        text:
          brokenPair && broken !== key
            ? i18n.t('terminology.notSavedPair', { pair: pairLabel(brokenPair) })
            : i18n.t('terminology.notSaved'),
      });
      return;
    }
    const table: TermTable = { ...saved };
    for (const k of pairs) table[k] = checkRows(rowsOf(k)).terms;
    setBusy(true);
    try {
      const stored = await saveSettings({ terminologies: withoutEmptyPairs(table) }, { repairsShown: true });
      setSaved(stored.terminologies);
      setDrafts({});
      setSubmitted(false);
      setTouched(new Set());
      const count = stored.terminologies[key]?.length ?? 0;
      setMessage({ tone: 'info', text: i18n.t('terminology.saved', count, { pair: pairLabel(pair) }) });
    } catch {
      setMessage({ tone: 'error', text: i18n.t('terminology.saveFailed') });
    } finally {
      setBusy(false);
    }
  };

  const problem = pairProblem(pair.source, pair.target);

  return (
    <section class="card options-section" aria-labelledby="terms-heading">
      <h2 id="terms-heading" class="section-title">
        {i18n.t('terminology.heading')}
      </h2>
      <p class="hint">{i18n.t('terminology.hint', { max: MAX_TERMS_PER_PAIR, auto: languageName('auto') })}</p>
      {loadFailed && <p class="notice">{i18n.t('terminology.loadFailed')}</p>}

      <form class="terms-form" noValidate onSubmit={(event) => void onSubmit(event)}>
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
              {i18n.t('terminology.pairsWithTerms')}
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
          <p class="hint terms-empty">{i18n.t('terminology.empty', { pair: pairLabel(pair) })}</p>
        ) : (
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
                      const id = fieldId(row, side);
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
        )}
        {checked.listError && <p class="field-error">{checked.listError}</p>}

        <div class="row">
          <button id="terms-add" type="button" class="button" aria-disabled={full} onClick={onAdd}>
            {i18n.t('terminology.add')}
          </button>
        </div>
        <div class="row">
          <label class="button file-button">
            {i18n.t('terminology.import')}
            <input
              type="file"
              class="file-button-input"
              accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
              aria-describedby="terms-import-help"
              onChange={(event) => void onImport(event)}
            />
          </label>
          <button type="button" class="button" onClick={() => onExport('csv')}>
            {i18n.t('terminology.exportCsv')}
          </button>
          <button type="button" class="button" onClick={() => onExport('tsv')}>
            {i18n.t('terminology.exportTsv')}
          </button>
        </div>
        <p id="terms-import-help" class="hint">
          {i18n.t('terminology.importHelp', { pair: pairLabel(pair) })}
        </p>
        {importProblems.length > 0 && (
          <div class="terms-import-problems">
            <p class="label">{i18n.t('terminology.importNotes')}</p>
            <ul class="alert-list hint">
              {importProblems.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </div>
        )}

        <div class="form-actions">
          <button type="submit" class="button button-primary" aria-disabled={busy}>
            {i18n.t('terminology.apply')}
          </button>
          {changed && !message && <span class="hint">{i18n.t('terminology.notApplied')}</span>}
          <p class={message?.tone === 'error' ? 'section-message section-message-error' : 'section-message'} aria-live="polite">
            {message?.text ?? ''}
          </p>
        </div>
      </form>
    </section>
  );
}

import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { TermFileButtons, downloadTerms, readTermsUpload } from '@/components/term-files';
import { TermPairPicker, type PairWithTerms } from '@/components/TermPairPicker';
import { TermTable, termFieldId } from '@/components/TermTable';
import { useSettings } from '@/components/use-settings';
import { languageName, type LanguagePair } from '@/utils/languages';
import { saveSettings } from '@/utils/settings';
import {
  MAX_TERMS_PER_PAIR,
  pairKey,
  pairLabel,
  parsePairKey,
  withoutEmptyPairs,
  type PairKey,
  type TermTable as StoredTerms,
} from '@/utils/terminology';
import { mergeTerms, type TermsFormat } from '@/utils/terminology-files';
import { checkRows, hasProblems, isBlank, noDrafts, rowsOf, sameTerms, termDraftsReducer, type RowDraft } from './term-drafts';

type Message = { text: string; tone: 'info' | 'error' } | null;

/** Sentences one after another, joined as the interface language joins them. */
function sentences(first: string, ...more: (string | false)[]): string {
  return more.reduce<string>((text, next) => (next ? i18n.t('terminology.twoSentences', { first: text, second: next }) : text), first);
}

/** Term pairs per language pair, sent with the translations of that pair as `ext.terminologies`. */
export function TerminologySection() {
  const settings = useSettings();
  const [drafts, dispatch] = useReducer(termDraftsReducer, noDrafts);
  // The pair shown first is the one translations use; after that, the user's pick.
  const [pair, setPair] = useState<LanguagePair | null>(null);
  const [pairNote, setPairNote] = useState('');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const focusAfterRender = useRef<string | null>(null);

  useEffect(() => {
    if (settings.status === 'loading') return;
    const ready = settings.status === 'ready' ? settings.settings : null;
    dispatch({ type: 'stored', table: ready?.terminologies ?? {} });
    setPair((shown) => shown ?? (ready ? { source: ready.sourceLang, target: ready.targetLang } : { source: 'auto', target: 'en' }));
  }, [settings]);

  // Before paint, so that keys typed right after "Add term" land in the new row.
  useLayoutEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  if (!drafts.loaded || !pair) {
    return (
      <section class="card options-section" aria-labelledby="terms-heading" aria-busy="true">
        <h2 id="terms-heading" class="section-title">
          {i18n.t('terminology.heading')}
        </h2>
      </section>
    );
  }

  const key = pairKey(pair.source, pair.target);
  const rows = rowsOf(drafts, key);
  const checked = checkRows(rows);
  const editedKeys = Object.keys(drafts.edited) as PairKey[];
  const changed = editedKeys.some((k) => {
    const draft = checkRows(rowsOf(drafts, k));
    return hasProblems(draft) || !sameTerms(draft.terms, drafts.saved[k] ?? []);
  });
  const pairsWithTerms = [...new Set([...Object.keys(drafts.saved), ...editedKeys] as PairKey[])]
    .map((k) => ({ key: k, pair: parsePairKey(k), count: rowsOf(drafts, k).filter((row) => !isBlank(row)).length }))
    .filter((entry): entry is PairWithTerms => entry.pair !== null && entry.count > 0)
    .sort((a, b) => pairLabel(a.pair).localeCompare(pairLabel(b.pair)));
  const full = rows.filter((row) => !isBlank(row)).length >= MAX_TERMS_PER_PAIR;

  const shownError = (row: RowDraft, side: 'src' | 'tgt') =>
    submitted || touched.has(termFieldId(row, side)) ? checked.errors[row.id]?.[side] : undefined;
  // "Saved" or "Removed" would be stale once the terms change again.
  const clearNews = () => {
    if (message?.tone === 'info') setMessage(null);
  };
  const onLeave = (id: string) => (event: FocusEvent) => {
    // As on the settings form: an error appearing on the way to a button would move the button under the pointer.
    if (!(event.relatedTarget instanceof HTMLButtonElement)) setTouched((was) => new Set(was).add(id));
  };

  const onPick = (pick: { pair: LanguagePair; note?: string; shortcut?: boolean }) => {
    setPair(pick.pair);
    setPairNote(pick.note ?? '');
    if (!pick.shortcut) setSubmitted(false);
    setImportProblems([]);
  };

  const onAdd = () => {
    if (full) {
      setMessage({ tone: 'error', text: i18n.t('terminology.full', { pair: pairLabel(pair), max: MAX_TERMS_PER_PAIR }) });
      return;
    }
    focusAfterRender.current = termFieldId({ id: drafts.nextId, src: '', tgt: '' }, 'src');
    dispatch({ type: 'add', key });
    clearNews();
  };

  const onRemove = (index: number) => {
    const removed = rows[index]!;
    dispatch({ type: 'remove', key, index });
    const next = rows.filter((_, i) => i !== index);
    const neighbour = next[index] ?? next[index - 1];
    focusAfterRender.current = neighbour ? `remove-term-${neighbour.id}` : 'terms-add';
    setMessage({
      tone: 'info',
      text: removed.src.trim() ? i18n.t('terminology.removed', { term: removed.src.trim() }) : i18n.t('terminology.removedEmpty'),
    });
  };

  const onImport = async (file: File) => {
    setImportProblems([]);
    const upload = await readTermsUpload(file);
    if (upload.kind === 'too-large') return setMessage({ tone: 'error', text: i18n.t('terminology.fileTooLarge', { file: file.name }) });
    if (upload.kind === 'unreadable') return setMessage({ tone: 'error', text: i18n.t('terminology.fileUnreadable', { file: file.name }) });
    const { terms, problems, encoding } = upload;
    const readAs = encoding === 'gb18030' && i18n.t('terminology.readAsGb');
    setImportProblems(problems);
    if (terms.length === 0) {
      setMessage({ tone: 'error', text: sentences(i18n.t('terminology.noTermsInFile', { file: file.name }), readAs) });
      return;
    }
    const kept = rows.filter((row) => !isBlank(row)).map((row) => ({ src: row.src.trim(), tgt: row.tgt }));
    const merged = mergeTerms(kept, terms);
    dispatch({ type: 'import', key, terms: merged.terms });
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
    downloadTerms(checked.terms, format, filename);
    setMessage({ tone: 'info', text: i18n.t('terminology.exported', checked.terms.length, { file: filename }) });
  };

  const onSubmit = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    // Every pair edited is saved, so a pair with problems, wherever it is, stops the save.
    const broken = [key, ...editedKeys].find((k) => hasProblems(checkRows(rowsOf(drafts, k))));
    if (broken) {
      const brokenPair = parsePairKey(broken);
      if (brokenPair && broken !== key) setPair(brokenPair);
      setSubmitted(true);
      const brokenRows = rowsOf(drafts, broken);
      const brokenCheck = checkRows(brokenRows);
      const first = brokenRows.find((row) => brokenCheck.errors[row.id]);
      if (first) focusAfterRender.current = termFieldId(first, brokenCheck.errors[first.id]?.src ? 'src' : 'tgt');
      setMessage({
        tone: 'error',
        text:
          brokenPair && broken !== key
            ? i18n.t('terminology.notSavedPair', { pair: pairLabel(brokenPair) })
            : i18n.t('terminology.notSaved'),
      });
      return;
    }
    const table: StoredTerms = { ...drafts.saved };
    for (const k of editedKeys) table[k] = checkRows(rowsOf(drafts, k)).terms;
    setBusy(true);
    try {
      const stored = await saveSettings({ terminologies: withoutEmptyPairs(table) }, { repairsShown: true });
      dispatch({ type: 'applied', table: stored.terminologies });
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

  return (
    <section class="card options-section" aria-labelledby="terms-heading">
      <h2 id="terms-heading" class="section-title">
        {i18n.t('terminology.heading')}
      </h2>
      <p class="hint">{i18n.t('terminology.hint', { max: MAX_TERMS_PER_PAIR, auto: languageName('auto') })}</p>
      {settings.status === 'failed' && <p class="notice">{i18n.t('terminology.loadFailed')}</p>}

      <form class="terms-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <TermPairPicker pair={pair} note={pairNote} pairsWithTerms={pairsWithTerms} onPick={onPick} />
        <TermTable
          pair={pair}
          rows={rows}
          shownError={shownError}
          onEdit={(row, side, text) => {
            dispatch({ type: 'edit', key, id: row.id, side, text });
            clearNews();
          }}
          onLeave={onLeave}
          onRemove={onRemove}
        />
        {checked.listError && <p class="field-error">{checked.listError}</p>}

        <div class="row">
          <button id="terms-add" type="button" class="button" aria-disabled={full} onClick={onAdd}>
            {i18n.t('terminology.add')}
          </button>
        </div>
        <TermFileButtons
          pairLabel={pairLabel(pair)}
          importProblems={importProblems}
          onImport={(file) => void onImport(file)}
          onExport={onExport}
        />

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

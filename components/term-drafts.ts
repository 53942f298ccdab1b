import { i18n } from '#i18n';
import {
  checkTermList,
  MAX_TERM_LENGTH,
  MAX_TERMS_PER_PAIR,
  type PairKey,
  type Term,
  type TermSourceProblem,
  type TermTable,
} from '@/utils/terminology';

/** A row of the terminology table, as typed. */
export interface RowDraft {
  id: number;
  src: string;
  tgt: string;
}

/** The terms as stored and as being edited, pair by pair. */
export interface TermDrafts {
  saved: TermTable;
  /** The stored terms as rows, each with an id of its own. */
  savedRows: Partial<Record<PairKey, RowDraft[]>>;
  /** The pairs changed since they were stored, as typed. */
  edited: Partial<Record<PairKey, RowDraft[]>>;
  /** The id the next new row takes. */
  nextId: number;
  /** Whether the stored terms have been read (or found unreadable) yet. */
  loaded: boolean;
}

export type TermDraftsAction =
  /** The stored terms changed (they were read, or saved from elsewhere): edits in progress are kept. */
  | { type: 'stored'; table: TermTable }
  /** The edits were saved as this table. */
  | { type: 'applied'; table: TermTable }
  | { type: 'edit'; key: PairKey; id: number; side: 'src' | 'tgt'; text: string }
  /** A blank row at the end, with the id `nextId`. */
  | { type: 'add'; key: PairKey }
  | { type: 'remove'; key: PairKey; index: number }
  /** The pair's terms after an import: the rows left blank go, the others keep their place and take the new translation. */
  | { type: 'import'; key: PairKey; terms: readonly Term[] };

export const noDrafts: TermDrafts = { saved: {}, savedRows: {}, edited: {}, nextId: 1, loaded: false };

export const isBlank = (row: RowDraft) => row.src.trim() === '' && row.tgt.trim() === '';

/** The rows shown for a pair: its edit, or what is stored. */
export function rowsOf(drafts: TermDrafts, key: PairKey): RowDraft[] {
  return drafts.edited[key] ?? drafts.savedRows[key] ?? [];
}

function withRows(drafts: TermDrafts, terms: readonly Term[], keep: readonly RowDraft[] = []): { rows: RowDraft[]; nextId: number } {
  let { nextId } = drafts;
  const rows = terms.map((term, i) => (i < keep.length ? { ...keep[i]!, tgt: term.tgt } : { id: nextId++, src: term.src, tgt: term.tgt }));
  return { rows, nextId };
}

function stored(drafts: TermDrafts, table: TermTable): TermDrafts {
  let next: TermDrafts = { ...drafts, saved: table, savedRows: {}, loaded: true };
  for (const [key, terms] of Object.entries(table) as [PairKey, Term[]][]) {
    const { rows, nextId } = withRows(next, terms);
    next = { ...next, savedRows: { ...next.savedRows, [key]: rows }, nextId };
  }
  return next;
}

export function sameTerms(a: readonly Term[], b: readonly Term[]): boolean {
  return a.length === b.length && a.every((term, i) => term.src === b[i]?.src && term.tgt === b[i]?.tgt);
}

function sameTable(a: TermTable, b: TermTable): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as PairKey[]);
  return [...keys].every((key) => sameTerms(a[key] ?? [], b[key] ?? []));
}

export function termDraftsReducer(drafts: TermDrafts, action: TermDraftsAction): TermDrafts {
  switch (action.type) {
    case 'stored':
      // The same terms again (the echo of our own save) keep their rows, and so the focus in them.
      return drafts.loaded && sameTable(drafts.saved, action.table) ? drafts : stored(drafts, action.table);
    case 'applied':
      return stored({ ...drafts, edited: {} }, action.table);
    case 'edit': {
      const rows = rowsOf(drafts, action.key).map((row) => (row.id === action.id ? { ...row, [action.side]: action.text } : row));
      return { ...drafts, edited: { ...drafts.edited, [action.key]: rows } };
    }
    case 'add': {
      const rows = [...rowsOf(drafts, action.key), { id: drafts.nextId, src: '', tgt: '' }];
      return { ...drafts, edited: { ...drafts.edited, [action.key]: rows }, nextId: drafts.nextId + 1 };
    }
    case 'remove': {
      const rows = rowsOf(drafts, action.key).filter((_, i) => i !== action.index);
      return { ...drafts, edited: { ...drafts.edited, [action.key]: rows } };
    }
    case 'import': {
      const kept = rowsOf(drafts, action.key).filter((row) => !isBlank(row));
      const { rows, nextId } = withRows(drafts, action.terms, kept);
      return { ...drafts, edited: { ...drafts.edited, [action.key]: rows }, nextId };
    }
  }
}

export interface RowErrors {
  src?: string;
  tgt?: string;
}

export interface CheckedRows {
  /** The rows' terms, trimmed, leaving out blank rows and rows with problems. */
  terms: Term[];
  errors: Record<number, RowErrors>;
  /** A problem of the list as a whole: too many terms. */
  listError?: string;
}

function rowError(problem: TermSourceProblem, side: 'src' | 'tgt', term: string, numberOf: (index: number) => number): string {
  switch (problem.kind) {
    case 'empty':
      return side === 'src' ? i18n.t('terminology.row.sourceMissing') : i18n.t('terminology.row.targetMissing');
    case 'too-long':
      return i18n.t('terminology.row.tooLong', { max: MAX_TERM_LENGTH, length: problem.length });
    case 'listed-twice':
      return i18n.t('terminology.row.duplicate', { term, number: numberOf(problem.first) });
  }
}

/** The rules of utils/terminology.ts, worded for the table: rows left blank are ignored, rows are numbered as shown. */
export function checkRows(rows: readonly RowDraft[]): CheckedRows {
  const filled = rows.filter((row) => !isBlank(row));
  const { problems, excess } = checkTermList(filled);
  const numberOf = (index: number) => rows.indexOf(filled[index]!) + 1;
  const terms: Term[] = [];
  const errors: Record<number, RowErrors> = {};
  filled.forEach((row, index) => {
    const problem = problems.get(index);
    if (!problem) return void terms.push({ src: row.src.trim(), tgt: row.tgt.trim() });
    errors[row.id] = {
      ...(problem.src && { src: rowError(problem.src, 'src', row.src.trim(), numberOf) }),
      ...(problem.tgt && { tgt: rowError(problem.tgt, 'tgt', row.tgt.trim(), numberOf) }),
    };
  });
  const listError = excess ? i18n.t('terminology.tooMany', { max: MAX_TERMS_PER_PAIR, excess }) : undefined;
  return { terms, errors, listError };
}

export const hasProblems = (checked: CheckedRows) => checked.listError !== undefined || Object.keys(checked.errors).length > 0;

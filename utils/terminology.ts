import { z } from 'zod';
import { i18n } from '#i18n';
import { languageName, pairProblem, sourceCodes, targetCodes, type LanguageCode, type SourceLanguage } from './languages';

/**
 * Terminology intervention: fixed translations of terms, kept per language pair and sent as
 * `ext.terminologies: [{src, tgt}]` with the requests of that pair.
 *
 * Pairs are the pair as the request names it. With "Detect automatically" the request's source is `auto`,
 * and it takes the terms stored under `auto>target` (the table has an entry for it like any other pair):
 * terms of a concrete pair are never sent to an image whose language we do not know, since the service
 * wants the term's source language to be the source language of the request.
 */

export const MAX_TERM_LENGTH = 200;
export const MAX_TERMS_PER_PAIR = 100;

export interface Term {
  src: string;
  tgt: string;
}

/** "zh>en", or "auto>en" for the terms used when the source is detected. */
export type PairKey = `${SourceLanguage}>${LanguageCode}`;
export type TermTable = Partial<Record<PairKey, Term[]>>;

export function pairKey(source: SourceLanguage, target: LanguageCode): PairKey {
  return `${source}>${target}`;
}

/** The two sides of a key, or null for a key that is not a pair the service translates. */
export function parsePairKey(key: string): { source: SourceLanguage; target: LanguageCode } | null {
  const [source = '', target = '', ...rest] = key.split('>');
  if (rest.length) return null;
  const isSource = source === 'auto' || (sourceCodes as readonly string[]).includes(source);
  const isTarget = (targetCodes as readonly string[]).includes(target);
  if (!isSource || !isTarget || pairProblem(source as SourceLanguage, target)) return null;
  return { source: source as SourceLanguage, target: target as LanguageCode };
}

/** "Chinese → English", in the interface's language. */
export function pairLabel({ source, target }: { source: SourceLanguage; target: LanguageCode }): string {
  return `${languageName(source)} → ${languageName(target)}`;
}

/** The terms a request of this pair carries (a copy; empty when there are none). */
export function termsFor(table: TermTable, source: SourceLanguage, target: LanguageCode): Term[] {
  return (table[pairKey(source, target)] ?? []).map((term) => ({ src: term.src, tgt: term.tgt }));
}

/** Why one side of a term cannot be sent, as data: where it is shown, it is worded. */
export type TermTextProblem = { kind: 'empty' } | { kind: 'too-long'; length: number };

/** What a source term can have against it besides: it came before, at position `first` of the list. */
export type TermSourceProblem = TermTextProblem | { kind: 'listed-twice'; first: number };

/** The rule for each side of a term, as the service takes it: trimmed, not empty, at most MAX_TERM_LENGTH characters. */
export function termTextProblem(text: string): TermTextProblem | null {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  if (trimmed.length > MAX_TERM_LENGTH) return { kind: 'too-long', length: trimmed.length };
  return null;
}

export interface TermListCheck {
  /** By position in the list, the problems of the terms that have any. */
  problems: Map<number, { src?: TermSourceProblem; tgt?: TermTextProblem }>;
  /** How many terms the list holds beyond MAX_TERMS_PER_PAIR. */
  excess: number;
}

/**
 * The rules of a pair's list: each term valid on both sides, each source term once (exactly, after trimming:
 * the service matches terms by case), at most MAX_TERMS_PER_PAIR terms.
 */
export function checkTermList(terms: readonly Term[]): TermListCheck {
  const problems: TermListCheck['problems'] = new Map();
  const firstOf = new Map<string, number>();
  terms.forEach((term, index) => {
    const src = term.src.trim();
    const first = firstOf.get(src);
    const srcProblem = termTextProblem(src) ?? (first === undefined ? null : { kind: 'listed-twice' as const, first });
    const tgtProblem = termTextProblem(term.tgt);
    if (src && first === undefined) firstOf.set(src, index);
    if (srcProblem || tgtProblem) problems.set(index, { ...(srcProblem && { src: srcProblem }), ...(tgtProblem && { tgt: tgtProblem }) });
  });
  return { problems, excess: Math.max(0, terms.length - MAX_TERMS_PER_PAIR) };
}

/** One side of a term in stored settings and files: trimmed, and refused in the words given. */
const termText = (words: (problem: TermTextProblem) => string) =>
  z
    .string()
    .trim()
    .superRefine((text, context) => {
      const problem = termTextProblem(text);
      if (problem) context.addIssue({ code: 'custom', message: words(problem) });
    });

export const termSchema = z.object({
  src: termText((problem) =>
    problem.kind === 'empty'
      ? i18n.t('terminology.schema.sourceEmpty')
      : i18n.t('terminology.schema.sourceTooLong', { max: MAX_TERM_LENGTH }),
  ),
  tgt: termText((problem) =>
    problem.kind === 'empty'
      ? i18n.t('terminology.schema.targetEmpty')
      : i18n.t('terminology.schema.targetTooLong', { max: MAX_TERM_LENGTH }),
  ),
});

export const termListSchema = z.array(termSchema).superRefine((terms, context) => {
  const { problems, excess } = checkTermList(terms);
  if (excess) context.addIssue({ code: 'custom', message: i18n.t('terminology.schema.tooMany', { max: MAX_TERMS_PER_PAIR }) });
  for (const [index, problem] of problems) {
    if (problem.src?.kind === 'listed-twice') {
      context.addIssue({
        code: 'custom',
        path: [index, 'src'],
        message: i18n.t('terminology.schema.listedTwice', { term: terms[index]!.src }),
      });
    }
  }
});

const pairKeySchema = z.templateLiteral([z.enum(['auto', ...sourceCodes]), '>', z.enum(targetCodes)]);

export const termTableSchema = z.partialRecord(pairKeySchema, termListSchema).superRefine((table, context) => {
  for (const key of Object.keys(table)) {
    if (!parsePairKey(key)) context.addIssue({ code: 'custom', path: [key], message: i18n.t('terminology.schema.notAPair', { key }) });
  }
});

/** The table without the pairs that have no terms left. */
export function withoutEmptyPairs(table: TermTable): TermTable {
  return Object.fromEntries(Object.entries(table).filter(([, terms]) => terms && terms.length > 0)) as TermTable;
}

// ── Files ───────────────────────────────────────────

export type TermsFormat = 'csv' | 'tsv';

const HEADER_SOURCE = ['src', 'source', 'source term'];
const HEADER_TARGET = ['tgt', 'target', 'target term'];

interface Row {
  /** The line the row starts on, from 1. */
  line: number;
  fields: string[];
}

/**
 * Splits delimited text into rows, RFC 4180 style: a field that starts with `"` is quoted, may hold the
 * delimiter, line breaks and `""` for a quote. Quotes anywhere else are text. Line ends are CRLF, LF or CR.
 */
function splitRows(text: string, delimiter: string): { rows: Row[]; problems: string[] } {
  const rows: Row[] = [];
  const problems: string[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    fields.push(field);
    rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      // A quoted field: runs to the next quote that is not doubled.
      const openedOn = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\r' || c === '\n') {
          if (c === '\r' && text[i + 1] === '\n') i++;
          line++;
          field += '\n';
          i++;
          continue;
        }
        field += c;
        i++;
      }
      if (!closed) problems.push(i18n.t('terminology.file.unclosedQuote', { line: openedOn }));
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      i++;
      endRow();
      line++;
      rowLine = line;
      continue;
    }
    field += char;
    i++;
  }
  if (field !== '' || fields.length > 0) endRow();
  return { rows, problems };
}

/** Tab-separated when the first line with text has a tab, comma-separated otherwise. */
export function detectFormat(text: string): TermsFormat {
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

function isHeader(fields: string[]): boolean {
  const [src = '', tgt = ''] = fields.map((f) => f.trim().toLowerCase());
  return HEADER_SOURCE.includes(src) && HEADER_TARGET.includes(tgt);
}

/**
 * Reads a term list: CSV (RFC 4180 quoting) or TSV, told apart by the first line; a byte order mark,
 * CRLF line ends, blank lines and a header row (`src,tgt` or `source,target`) are all taken. Terms are
 * trimmed. Rows that cannot be terms, repeated source terms and terms past the per-pair limit are left
 * out, each with a line saying why.
 */
export function parseTermsFile(text: string): { terms: Term[]; problems: string[] } {
  const content = text.replace(/^\uFEFF/, '');
  const format = detectFormat(content);
  const { rows, problems } = splitRows(content, format === 'tsv' ? '\t' : ',');
  const terms: Term[] = [];
  const firstLineOf = new Map<string, number>();
  let overLimit = 0;
  let sawData = false;
  for (const { line, fields } of rows) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (!sawData && isHeader(fields)) {
      sawData = true;
      continue;
    }
    sawData = true;
    const [rawSrc = '', rawTgt = '', ...extra] = fields;
    const src = rawSrc.trim();
    const tgt = rawTgt.trim();
    if (fields.length < 2) {
      problems.push(format === 'tsv' ? i18n.t('terminology.file.needsTab', { line }) : i18n.t('terminology.file.needsComma', { line }));
      continue;
    }
    const parsed = termSchema.safeParse({ src, tgt });
    if (!parsed.success) {
      problems.push(
        i18n.t('terminology.file.line', { line, problem: parsed.error.issues[0]?.message ?? i18n.t('terminology.file.notATerm') }),
      );
      continue;
    }
    const earlier = firstLineOf.get(src);
    if (earlier !== undefined) {
      problems.push(i18n.t('terminology.file.duplicate', { line, term: src, earlier }));
      continue;
    }
    if (terms.length >= MAX_TERMS_PER_PAIR) {
      overLimit++;
      continue;
    }
    if (extra.some((f) => f.trim() !== '')) problems.push(i18n.t('terminology.file.extraColumns', { line }));
    firstLineOf.set(src, line);
    terms.push(parsed.data);
  }
  if (overLimit) {
    problems.push(i18n.t('terminology.file.overLimit', overLimit, { max: MAX_TERMS_PER_PAIR }));
  }
  return { terms, problems };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function tsvField(value: string): string {
  return /[\t\r\n]/.test(value) || value.startsWith('"') ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The terms as a file: a `src,tgt` header, then one term a row. CSV quotes as RFC 4180 says and ends lines
 * with CRLF; TSV quotes only fields with a tab, a line break or a leading quote, and ends lines with LF.
 * `parseTermsFile` reads both back to the same terms.
 */
export function formatTerms(terms: readonly Term[], format: TermsFormat): string {
  const [field, delimiter, eol] = format === 'csv' ? [csvField, ',', '\r\n'] : [tsvField, '\t', '\n'];
  return [['src', 'tgt'], ...terms.map((t) => [t.src, t.tgt])].map((row) => row.map(field).join(delimiter) + eol).join('');
}

/**
 * Puts imported terms into a list: a source term already there takes the imported translation, new ones are
 * added at the end, as long as they fit.
 */
export function mergeTerms(
  current: readonly Term[],
  incoming: readonly Term[],
): { terms: Term[]; added: number; updated: number; dropped: number } {
  const terms = current.map((t) => ({ ...t }));
  let added = 0;
  let updated = 0;
  let dropped = 0;
  for (const term of incoming) {
    const existing = terms.find((t) => t.src === term.src);
    if (existing) {
      if (existing.tgt !== term.tgt) updated++;
      existing.tgt = term.tgt;
    } else if (terms.length < MAX_TERMS_PER_PAIR) {
      terms.push({ ...term });
      added++;
    } else {
      dropped++;
    }
  }
  return { terms, added, updated, dropped };
}

/**
 * The text of a term file: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's
 * "Unicode Text"), and, for bytes that are not UTF-8, GB18030, the encoding Excel uses for CSV on Chinese
 * Windows.
 */
export function decodeTermsFile(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

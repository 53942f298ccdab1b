import { i18n } from '#i18n';
import { MAX_TERMS_PER_PAIR, termSchema, type Term } from './terminology';

/** Term lists as files: CSV and TSV read and written, and imported terms merged into a list. */

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

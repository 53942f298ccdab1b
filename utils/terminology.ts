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

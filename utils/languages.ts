import { i18n } from '#i18n';
import { DEFAULT_MODEL, hasKnownLanguageTable } from './models';

/** The qwen-mt-image language table, as the API reference gives it. `name` stays English, as data: `languageName` gives the name to show. */
export const languages = [
  { code: 'zh', name: 'Chinese', nativeName: '中文', source: true, target: true },
  { code: 'en', name: 'English', nativeName: 'English', source: true, target: true },
  { code: 'ko', name: 'Korean', nativeName: '한국어', source: true, target: true },
  { code: 'ja', name: 'Japanese', nativeName: '日本語', source: true, target: true },
  { code: 'ru', name: 'Russian', nativeName: 'Русский', source: true, target: true },
  { code: 'es', name: 'Spanish', nativeName: 'Español', source: true, target: true },
  { code: 'fr', name: 'French', nativeName: 'Français', source: true, target: true },
  { code: 'pt', name: 'Portuguese', nativeName: 'Português', source: true, target: true },
  { code: 'it', name: 'Italian', nativeName: 'Italiano', source: true, target: true },
  { code: 'de', name: 'German', nativeName: 'Deutsch', source: true, target: false },
  { code: 'vi', name: 'Vietnamese', nativeName: 'Tiếng Việt', source: true, target: true },
  { code: 'ms', name: 'Malay', nativeName: 'Bahasa Melayu', source: false, target: true },
  { code: 'th', name: 'Thai', nativeName: 'ไทย', source: false, target: true },
  { code: 'id', name: 'Indonesian', nativeName: 'Bahasa Indonesia', source: false, target: true },
  { code: 'ar', name: 'Arabic', nativeName: 'العربية', source: false, target: true },
] as const;

export type Language = (typeof languages)[number];
export type LanguageCode = Language['code'];
export type SourceLanguage = LanguageCode | 'auto';

// Marked pure so that a bundle using none of them (the content script) leaves the table out.
export const sourceLanguages = /* @__PURE__ */ languages.filter((l) => l.source);
export const targetLanguages = /* @__PURE__ */ languages.filter((l) => l.target);
export const targetCodes = /* @__PURE__ */ targetLanguages.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];
export const sourceCodes = /* @__PURE__ */ sourceLanguages.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];

/** The languages every pair needs on one side: the service does not pivot through a third language. */
const pivots: readonly string[] = ['zh', 'en'];

export function languageByCode(code: string): Language | undefined {
  return languages.find((l) => l.code === code.toLowerCase());
}

/** A language's name in the interface's language; the code itself when there is no such language. */
export function languageName(code: SourceLanguage): string {
  if (code === 'auto') return i18n.t('languages.auto');
  const language = languageByCode(code);
  return language ? nameOf(language.code) : code;
}

/** The name of a language known to be in the table: no lookup, so the page script need not carry the table. */
function nameOf(code: LanguageCode): string {
  return i18n.t(`languages.names.${code}`);
}

/**
 * Why a pair cannot be translated (`PairProblem`), or null when it can.
 * With `auto` the service detects the source; the pair is then checked by the service itself, so we only
 * ask that the target be a target language. This table is qwen-mt-image's: another model's pair is left for the
 * service to refuse (an InvalidParameter reply, not billed).
 */
export function pairProblem(source: SourceLanguage, target: string, model = DEFAULT_MODEL): PairProblem | null {
  if (!hasKnownLanguageTable(model)) return null;
  const to = languageByCode(target);
  if (!to) return { problem: 'unknown-target', code: target };
  if (!to.target) return { problem: 'not-target', language: to.code };
  if (source === 'auto') return null;
  const from = languageByCode(source);
  if (!from) return { problem: 'unknown-source', code: source };
  if (!from.source) return { problem: 'not-source', language: from.code };
  if (from.code === to.code) return { problem: 'same', language: to.code };
  if (!pivots.includes(from.code) && !pivots.includes(to.code)) return { problem: 'no-pivot', source: from.code, target: to.code };
  return null;
}

/** Why qwen-mt-image would refuse a pair, as data: worded where it is shown (`pairProblemWords`). */
export type PairProblem =
  | { problem: 'unknown-target' | 'unknown-source'; code: string }
  | { problem: 'not-target' | 'not-source' | 'same'; language: LanguageCode }
  | { problem: 'no-pivot'; source: LanguageCode; target: LanguageCode };

export function pairProblemWords(problem: PairProblem): string {
  switch (problem.problem) {
    case 'unknown-target':
      return i18n.t('languages.problems.unknownTarget', { code: problem.code });
    case 'unknown-source':
      return i18n.t('languages.problems.unknownSource', { code: problem.code });
    case 'not-target':
      return i18n.t('languages.problems.notTarget', { language: nameOf(problem.language) });
    case 'not-source':
      return i18n.t('languages.problems.notSource', { language: nameOf(problem.language) });
    case 'same':
      return i18n.t('languages.problems.same', { language: nameOf(problem.language) });
    case 'no-pivot':
      return i18n.t('languages.problems.noPivot', { source: nameOf(problem.source), target: nameOf(problem.target) });
  }
}

export interface LanguagePair {
  source: SourceLanguage;
  target: LanguageCode;
}

export function isSourceLanguage(value: string): value is SourceLanguage {
  return value === 'auto' || sourceLanguages.some((l) => l.code === value);
}

export function isTargetLanguage(value: string): value is LanguageCode {
  return targetLanguages.some((l) => l.code === value);
}

/** The target to fall back to when a new source rules out the current one. */
export function fallbackTarget(source: SourceLanguage): LanguageCode {
  return source === 'en' ? 'zh' : 'en';
}

/** What a pick leads to: the new pair, and a note when the other side had to change with it. */
export interface PairChange {
  pair: LanguagePair;
  note?: string;
}

/**
 * A new source never waits on the target: when the two cannot go together, the target moves to English
 * (Chinese for an English source), and the note says so.
 */
export function changeSource(pair: LanguagePair, source: SourceLanguage, model = DEFAULT_MODEL): PairChange {
  if (!pairProblem(source, pair.target, model)) return { pair: { source, target: pair.target } };
  const target = fallbackTarget(source);
  const names = { target: languageName(target), source: languageName(source), previous: languageName(pair.target) };
  const note = source === pair.target ? i18n.t('pickers.sameChanged', names) : i18n.t('pickers.pairChanged', names);
  return { pair: { source, target }, note };
}

export function changeTarget(pair: LanguagePair, target: LanguageCode): PairChange {
  return { pair: { source: pair.source, target } };
}

/** One line on what the current source allows, so that disabled targets don't look arbitrary; null when it allows all. */
export function sourceHint(source: SourceLanguage, model = DEFAULT_MODEL): string | null {
  if (source === 'auto' || pivots.includes(source) || !hasKnownLanguageTable(model)) return null;
  return i18n.t('pickers.sourceHint', { language: languageName(source) });
}

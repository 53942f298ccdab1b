/** The qwen-mt-image language table, as the API reference gives it. */
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

export const sourceLanguages = languages.filter((l) => l.source);
export const targetLanguages = languages.filter((l) => l.target);
export const targetCodes = targetLanguages.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];
export const sourceCodes = sourceLanguages.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];

const pivots: readonly string[] = ['zh', 'en'];

export function languageByCode(code: string): Language | undefined {
  return languages.find((l) => l.code === code.toLowerCase());
}

export function languageName(code: SourceLanguage): string {
  return code === 'auto' ? 'Detect automatically' : (languageByCode(code)?.name ?? code);
}

/**
 * Why a pair cannot be translated, in plain words, or null when it can.
 * With `auto` the service detects the source; the pair is then checked by the service itself, so we only
 * ask that the target be a target language.
 */
export function pairProblem(source: SourceLanguage, target: string): string | null {
  const to = languageByCode(target);
  if (!to) return `“${target}” is not a language qwen-mt-image translates into.`;
  if (!to.target) return `${to.name} can only be translated from, not into.`;
  if (source === 'auto') return null;
  const from = languageByCode(source);
  if (!from) return `“${source}” is not a language qwen-mt-image translates from.`;
  if (!from.source) return `${from.name} can only be translated into, not from.`;
  if (from.code === to.code) return `The source and target languages are both ${to.name}.`;
  if (!pivots.includes(from.code) && !pivots.includes(to.code)) {
    return `${from.name} → ${to.name} is not offered: one side must be Chinese or English.`;
  }
  return null;
}

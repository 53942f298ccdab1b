import { describe, expect, it } from 'vitest';
import {
  changeSource,
  changeTarget,
  isSourceLanguage,
  isTargetLanguage,
  languageByCode,
  languageName,
  languages,
  pairProblem,
  pairProblemWords,
  sourceHint,
  sourceLanguages,
  targetLanguages,
  type SourceLanguage,
} from './languages';

describe('the language table', () => {
  it('has the 15 languages of the reference', () => {
    expect(languages.map((l) => l.code)).toEqual([
      'zh',
      'en',
      'ko',
      'ja',
      'ru',
      'es',
      'fr',
      'pt',
      'it',
      'de',
      'vi',
      'ms',
      'th',
      'id',
      'ar',
    ]);
  });

  it('marks German source-only and Malay, Thai, Indonesian, Arabic target-only', () => {
    expect(sourceLanguages.map((l) => l.code)).toEqual(['zh', 'en', 'ko', 'ja', 'ru', 'es', 'fr', 'pt', 'it', 'de', 'vi']);
    expect(targetLanguages.map((l) => l.code)).toEqual([
      'zh',
      'en',
      'ko',
      'ja',
      'ru',
      'es',
      'fr',
      'pt',
      'it',
      'vi',
      'ms',
      'th',
      'id',
      'ar',
    ]);
  });

  it('looks codes up case-insensitively and names auto', () => {
    expect(languageByCode('JA')?.name).toBe('Japanese');
    expect(languageByCode('xx')).toBeUndefined();
    expect(languageName('auto')).toBe('Detect automatically');
    expect(languageName('de')).toBe('German');
  });
});

/** What the user reads of a pair's problem. */
const pairWords = (...args: Parameters<typeof pairProblem>) => {
  const problem = pairProblem(...args);
  return problem && pairProblemWords(problem);
};

describe('pairProblem', () => {
  it.each([
    ['zh', 'en'],
    ['en', 'zh'],
    ['en', 'ja'],
    ['ja', 'en'],
    ['ko', 'zh'],
    ['zh', 'vi'],
    ['de', 'en'],
    ['de', 'zh'],
    ['en', 'ms'],
    ['zh', 'th'],
    ['en', 'id'],
    ['zh', 'ar'],
  ] as const)('allows %s → %s', (source, target) => {
    expect(pairProblem(source, target)).toBeNull();
  });

  it('needs Chinese or English on one side (no pivoting for the user)', () => {
    expect(pairWords('ja', 'ko')).toMatch(/Japanese → Korean is not offered: one side must be Chinese or English/);
    expect(pairWords('fr', 'es')).toMatch(/Chinese or English/);
    expect(pairWords('de', 'ja')).toMatch(/Chinese or English/);
    expect(pairWords('vi', 'ar')).toMatch(/Chinese or English/);
  });

  it('refuses German as a target', () => {
    expect(pairWords('en', 'de')).toBe('German can only be translated from, not into.');
    expect(pairWords('auto', 'de')).toBe('German can only be translated from, not into.');
  });

  it.each(['ms', 'th', 'id', 'ar'] as const)('refuses %s as a source', (code) => {
    const name = languageByCode(code)!.name;
    expect(pairWords(code, 'en')).toBe(`${name} can only be translated into, not from.`);
    expect(pairWords(code, 'zh')).toBe(`${name} can only be translated into, not from.`);
  });

  it('lets auto go to any target language (the service checks the detected source)', () => {
    for (const { code } of targetLanguages) expect(pairProblem('auto', code)).toBeNull();
    expect(pairProblem('auto', 'ja')).toBeNull();
  });

  it('refuses the same language on both sides', () => {
    expect(pairWords('en', 'en')).toBe('The source and target languages are both English.');
    expect(pairWords('zh', 'zh')).toMatch(/both Chinese/);
    expect(pairWords('ja', 'ja')).toMatch(/both Japanese/);
  });

  it('names unknown codes', () => {
    expect(pairWords('en', 'xx')).toMatch(/“xx” is not a language qwen-mt-image translates into/);
    expect(pairWords('xx' as SourceLanguage, 'en')).toMatch(/“xx” is not a language qwen-mt-image translates from/);
    expect(pairWords('en', 'auto')).toMatch(/not a language/);
  });

  it('is case-insensitive on codes', () => {
    expect(pairProblem('ZH' as SourceLanguage, 'EN')).toBeNull();
  });

  it('matches the rule of the reference on every pair', () => {
    const pivots = ['zh', 'en'];
    for (const from of ['auto', ...languages.map((l) => l.code)] as SourceLanguage[]) {
      for (const to of languages) {
        const source = from === 'auto' ? undefined : languageByCode(from)!;
        const ok =
          to.target &&
          (source === undefined ||
            (source.source && source.code !== to.code && (pivots.includes(source.code) || pivots.includes(to.code))));
        expect(pairProblem(from, to.code) === null, `${from} → ${to.code}`).toBe(ok);
      }
    }
  });
});

describe('pairProblem for another model', () => {
  it('leaves the pair to the service: only qwen-mt-image’s table is known', () => {
    expect(pairProblem('ja', 'ko', 'qwen-mt-image-2.0')).toBeNull();
    expect(pairWords('ja', 'ko', 'qwen-mt-image')).toMatch(/Chinese or English/);
  });
});

describe('changeSource', () => {
  it('keeps a target that still works', () => {
    expect(changeSource({ source: 'auto', target: 'ja' }, 'en')).toEqual({ pair: { source: 'en', target: 'ja' } });
  });

  it('moves the target to English when the new source rules it out', () => {
    const change = changeSource({ source: 'en', target: 'ja' }, 'ko');
    expect(change.pair).toEqual({ source: 'ko', target: 'en' });
    expect(change.note).toBe('Target changed to English, because Korean can’t be translated into Japanese.');
  });

  it('moves the target to Chinese when English would translate into itself', () => {
    const change = changeSource({ source: 'auto', target: 'en' }, 'en');
    expect(change.pair).toEqual({ source: 'en', target: 'zh' });
    expect(change.note).toBe('Target changed to Chinese, because the source and target can’t both be English.');
  });

  it('moves the target to English when Chinese would translate into itself', () => {
    expect(changeSource({ source: 'auto', target: 'zh' }, 'zh').pair).toEqual({ source: 'zh', target: 'en' });
  });
});

describe('changeTarget', () => {
  it('changes only the target', () => {
    expect(changeTarget({ source: 'de', target: 'en' }, 'zh')).toEqual({ pair: { source: 'de', target: 'zh' } });
  });
});

describe('the pickers for another model', () => {
  it('keep any pair: the service judges it', () => {
    expect(changeSource({ source: 'zh', target: 'ko' }, 'ja', 'qwen-mt-image-2.0')).toEqual({ pair: { source: 'ja', target: 'ko' } });
    expect(changeSource({ source: 'zh', target: 'ko' }, 'ja').note).toBeTruthy();
  });
});

describe('the hint under the pickers', () => {
  it('says what a source outside Chinese and English allows, only for the known table', () => {
    expect(sourceHint('ja')).toBeTruthy();
    expect(sourceHint('zh')).toBeNull();
    expect(sourceHint('auto')).toBeNull();
    expect(sourceHint('ja', 'qwen-mt-image-2.0')).toBeNull();
  });
});

describe('what a picker may hold', () => {
  it('takes auto and source codes as a source, target codes as a target', () => {
    expect(isSourceLanguage('auto')).toBe(true);
    expect(isSourceLanguage('de')).toBe(true);
    expect(isSourceLanguage('ar')).toBe(false);
    expect(isTargetLanguage('ar')).toBe(true);
    expect(isTargetLanguage('de')).toBe(false);
    expect(isTargetLanguage('auto')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_TERMS_PER_PAIR, pairKey, parsePairKey, termListSchema, termsFor, termTableSchema, withoutEmptyPairs } from './terminology';
import { many } from '../tests/unit/term-support';

describe('language pairs', () => {
  it('keys a pair as source>target, with auto for a detected source', () => {
    expect(pairKey('zh', 'en')).toBe('zh>en');
    expect(pairKey('auto', 'ja')).toBe('auto>ja');
    expect(parsePairKey('zh>en')).toEqual({ source: 'zh', target: 'en' });
    expect(parsePairKey('auto>ar')).toEqual({ source: 'auto', target: 'ar' });
  });

  it('refuses keys that are not pairs the service translates', () => {
    for (const key of ['ja>ko', 'en>en', 'de>de', 'en>de', 'ms>en', 'zh', 'zh>en>ja', 'xx>en', '']) expect(parsePairKey(key)).toBeNull();
  });

  it('gives a request the terms of its own pair only; auto has a list of its own', () => {
    const table = { 'zh>en': [{ src: '苹果', tgt: 'Apple' }], 'auto>en': [{ src: 'ML', tgt: 'machine learning' }] };
    expect(termsFor(table, 'zh', 'en')).toEqual([{ src: '苹果', tgt: 'Apple' }]);
    expect(termsFor(table, 'auto', 'en')).toEqual([{ src: 'ML', tgt: 'machine learning' }]);
    expect(termsFor(table, 'ja', 'en')).toEqual([]);
    expect(termsFor({}, 'zh', 'en')).toEqual([]);
  });

  it('hands out a copy that the request cannot change the settings through', () => {
    const table = { 'zh>en': [{ src: 'a', tgt: 'b' }] };
    termsFor(table, 'zh', 'en')[0]!.tgt = 'changed';
    expect(table['zh>en'][0]!.tgt).toBe('b');
  });

  it('drops pairs whose lists are empty', () => {
    expect(withoutEmptyPairs({ 'zh>en': [], 'en>zh': [{ src: 'a', tgt: 'b' }] })).toEqual({ 'en>zh': [{ src: 'a', tgt: 'b' }] });
  });
});

describe('the stored table', () => {
  it('trims terms and takes an empty table', () => {
    expect(termTableSchema.parse({})).toEqual({});
    expect(termTableSchema.parse({ 'zh>en': [{ src: '  苹果 ', tgt: ' Apple\t' }] })).toEqual({ 'zh>en': [{ src: '苹果', tgt: 'Apple' }] });
  });

  it('refuses empty terms, terms over 200 characters, and a repeated source term', () => {
    expect(termListSchema.safeParse([{ src: ' ', tgt: 'x' }]).success).toBe(false);
    expect(termListSchema.safeParse([{ src: 'x', tgt: '' }]).success).toBe(false);
    expect(termListSchema.safeParse([{ src: 'a'.repeat(200), tgt: 'b'.repeat(200) }]).success).toBe(true);
    expect(termListSchema.safeParse([{ src: 'a'.repeat(201), tgt: 'b' }]).success).toBe(false);
    const twice = termListSchema.safeParse([
      { src: 'a', tgt: 'b' },
      { src: ' a ', tgt: 'c' },
    ]);
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.path).toEqual([1, 'src']);
    // Different case is a different term: the service matches terms exactly.
    expect(
      termListSchema.safeParse([
        { src: 'Apple', tgt: 'b' },
        { src: 'apple', tgt: 'c' },
      ]).success,
    ).toBe(true);
  });

  it('takes 100 terms in a pair and not 101', () => {
    expect(termListSchema.safeParse(many(MAX_TERMS_PER_PAIR)).success).toBe(true);
    expect(termListSchema.safeParse(many(MAX_TERMS_PER_PAIR + 1)).success).toBe(false);
  });

  it('refuses pairs the service does not translate and keys that are not pairs', () => {
    expect(termTableSchema.safeParse({ 'ja>ko': [{ src: 'a', tgt: 'b' }] }).success).toBe(false);
    expect(termTableSchema.safeParse({ 'en>en': [] }).success).toBe(false);
    expect(termTableSchema.safeParse({ zh: [] }).success).toBe(false);
    expect(termTableSchema.safeParse([]).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { changeSource, changeTarget } from './LanguagePickers';

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

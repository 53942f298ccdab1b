import { describe, expect, it } from 'vitest';
import { repairSettings } from './settings-repair';
import { defaultSettings, settingsSchema } from './settings-schema';

describe('repairing stored settings element by element', () => {
  const term = (src: string, tgt: string) => ({ src, tgt });

  it('leaves out one bad term and keeps the good ones', () => {
    const { settings, repaired } = repairSettings({
      terminologies: {
        'zh>en': [term('苹果', 'Apple'), term('', 'Nothing'), term('香蕉', 'Banana')],
        'auto>en': [term('限时', 'Limited')],
      },
    });
    expect(settings.terminologies).toEqual({
      'zh>en': [term('苹果', 'Apple'), term('香蕉', 'Banana')],
      'auto>en': [term('限时', 'Limited')],
    });
    expect(repaired).toEqual([{ field: 'terminologies', pair: 'zh>en', dropped: ' → Nothing', reason: 'invalid' }]);
  });

  it('leaves out a term listed twice, terms over the limit, and a pair the service does not translate', () => {
    const many = Array.from({ length: 101 }, (_, i) => term(`t${i}`, `u${i}`));
    const { settings, repaired } = repairSettings({
      terminologies: { 'zh>en': [term('苹果', 'Apple'), term('苹果', 'Pear')], 'en>zh': many, 'ja>ko': [term('a', 'b')] },
    });
    expect(settings.terminologies['zh>en']).toEqual([term('苹果', 'Apple')]);
    expect(settings.terminologies['en>zh']).toEqual(many.slice(0, 100));
    expect(settings.terminologies).not.toHaveProperty('ja>ko');
    expect(repaired).toEqual([
      { field: 'terminologies', pair: 'zh>en', dropped: '苹果 → Pear', reason: 'listed-twice' },
      { field: 'terminologies', pair: 'en>zh', dropped: 't100 → u100', reason: 'too-many' },
      { field: 'terminologies', dropped: 'ja>ko', reason: 'invalid' },
    ]);
  });

  it('leaves out a site to translate automatically that is not a host name, or listed twice, and keeps the rest', () => {
    const { settings, repaired } = repairSettings({
      autoSites: ['manga.example', 'https://shop.example/', 7, 'MANGA.example', 'manga.example'],
    });
    expect(settings.autoSites).toEqual(['manga.example']);
    expect(repaired).toEqual([
      { field: 'autoSites', dropped: 'https://shop.example/', reason: 'invalid' },
      { field: 'autoSites', dropped: '7', reason: 'invalid' },
      { field: 'autoSites', dropped: 'MANGA.example', reason: 'invalid' },
      { field: 'autoSites', dropped: 'manga.example', reason: 'listed-twice' },
    ]);
  });

  it('reads a list of sites that is not a list as none, and says so', () => {
    const { settings, repaired } = repairSettings({ autoSites: 'manga.example' });
    expect(settings.autoSites).toEqual([]);
    expect(repaired).toEqual([{ field: 'autoSites', dropped: 'manga.example', reason: 'unreadable' }]);
  });

  it('leaves out one bad sensitive word, and the words beyond 50', () => {
    const words = Array.from({ length: 51 }, (_, i) => `w${i}`);
    const { settings, repaired } = repairSettings({ sensitives: ['限时优惠', 42, ...words.slice(1, 50)] });
    expect(settings.sensitives).toEqual(['限时优惠', ...words.slice(1, 50)]);
    expect(repaired).toEqual([{ field: 'sensitives', dropped: '42', reason: 'invalid' }]);
    expect(repairSettings({ sensitives: words }).settings.sensitives).toEqual(words.slice(0, 50));
    expect(repairSettings({ sensitives: words }).repaired).toEqual([{ field: 'sensitives', dropped: 'w50', reason: 'too-many' }]);
  });

  it('leaves out one bad profile and keeps the others, repairing a profile field by its elements', () => {
    const comics = { domainHint: 'Speech bubbles.', sensitives: ['ok', ''], skipImgSegment: true, terminologies: {} };
    const shop = {
      domainHint: 'Shop listings.',
      sensitives: [],
      skipImgSegment: 'yes',
      terminologies: { 'zh>en': [term('包邮', 'Free shipping')] },
    };
    const { settings, repaired } = repairSettings({
      profiles: { Comics: comics, Shop: shop, Broken: 'not a profile', ['x'.repeat(41)]: comics },
      siteProfiles: { 'manga.example': 'Comics', 'shop.example': 42, '': 'Shop' },
    });
    expect(Object.keys(settings.profiles)).toEqual(['Comics', 'Shop']);
    expect(settings.profiles.Comics).toEqual({ ...comics, sensitives: ['ok'] });
    expect(settings.profiles.Shop).toEqual({ ...shop, skipImgSegment: false });
    expect(settings.siteProfiles).toEqual({ 'manga.example': 'Comics' });
    expect(repaired).toEqual([
      { field: 'sensitives', profile: 'Comics', dropped: '', reason: 'invalid' },
      { field: 'skipImgSegment', profile: 'Shop', dropped: 'yes', reason: 'unreadable' },
      { field: 'profiles', dropped: 'Broken', reason: 'invalid' },
      { field: 'profiles', dropped: 'x'.repeat(41), reason: 'invalid' },
      { field: 'siteProfiles', dropped: 'shop.example', reason: 'invalid' },
      { field: 'siteProfiles', dropped: 'Shop', reason: 'invalid' },
    ]);
  });

  it('reports nothing for settings that are fine, or not stored yet', () => {
    expect(repairSettings(undefined)).toEqual({ settings: defaultSettings, repaired: [] });
    expect(repairSettings(settingsSchema.parse({ sensitives: ['a'], profiles: { A: {} } })).repaired).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  defaultSettings,
  endpointSchema,
  loadSettings,
  monthlyLimitTextSchema,
  profileNameFor,
  profileOf,
  repairSettings,
  saveSettings,
  settingsForPage,
  settingsSchema,
  SettingsNeedReviewError,
} from './settings';

describe('settings', () => {
  it('defaults to the Beijing endpoint, automatic source and English target', () => {
    expect(defaultSettings).toMatchObject({
      endpoint: 'https://dashscope.aliyuncs.com',
      model: 'qwen-mt-image',
      sourceLang: 'auto',
      targetLang: 'en',
      skipImgSegment: false,
    });
  });

  it('repairs a bad stored field alone, and says which and what it held', () => {
    const { settings, repaired } = repairSettings({ endpoint: 'ftp://nope', targetLang: 'ja', sensitives: 'not a list' });
    expect(settings.targetLang).toBe('ja');
    expect(settings.endpoint).toBe(defaultSettings.endpoint);
    expect(settings.sensitives).toEqual([]);
    expect(repaired).toEqual([
      { field: 'endpoint', dropped: 'ftp://nope', reason: 'unreadable' },
      { field: 'sensitives', dropped: 'not a list', reason: 'unreadable' },
    ]);
  });

  it('gives settings saved before the choice of model their endpoint’s model, and keeps a chosen one', () => {
    expect(repairSettings({ endpoint: 'https://dashscope-intl.aliyuncs.com' }).settings.model).toBe('qwen-mt-image-2.0');
    expect(repairSettings({ endpoint: 'https://gateway.example.com' }).settings.model).toBe('qwen-mt-image');
    expect(repairSettings({ endpoint: 'https://gateway.example.com', model: 'qwen-mt-image-2.0' }).settings.model).toBe(
      'qwen-mt-image-2.0',
    );
    expect(repairSettings({ model: 'a b' }).repaired).toEqual([{ field: 'model', dropped: 'a b', reason: 'unreadable' }]);
  });

  it('takes one web address as the endpoint, not two pasted together', () => {
    expect(endpointSchema.safeParse('https://gateway.example.com/dashscope').success).toBe(true);
    expect(endpointSchema.safeParse('https://dashscope.aliyuncs.comhttp://127.0.0.1:8080').success).toBe(false);
    expect(endpointSchema.safeParse('https://gateway.example.com/?key=1').success).toBe(false);
  });

  it('takes a custom endpoint only over https, or plain http to this computer', () => {
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:3000/api', 'http://127.4.5.6', 'http://127.1', 'http://[::1]:8787/']) {
      expect(endpointSchema.safeParse(local).success, local).toBe(true);
    }
    for (const remote of [
      'http://gateway.example.com',
      'http://192.168.1.20:8080',
      'http://10.0.0.1',
      'http://[::2]',
      'http://localhost.evil.example',
    ]) {
      const result = endpointSchema.safeParse(remote);
      expect(result.success, remote).toBe(false);
      expect(result.error?.issues[0]?.message, remote).toContain('https://');
    }
    expect(endpointSchema.parse('https://gateway.example.com/v1/')).toBe('https://gateway.example.com/v1');
  });

  it('refuses a German target, which the service cannot produce', () => {
    expect(repairSettings({ targetLang: 'de' }).repaired).toEqual([{ field: 'targetLang', dropped: 'de', reason: 'unreadable' }]);
  });

  it('round-trips through extension storage, trimming a custom endpoint', async () => {
    fakeBrowser.reset();
    await saveSettings({ endpoint: 'https://gateway.example.com/dashscope/', targetLang: 'zh' });
    const { settings, repaired } = await loadSettings();
    expect(settings.endpoint).toBe('https://gateway.example.com/dashscope');
    expect(settings.targetLang).toBe('zh');
    expect(repaired).toEqual([]);
  });

  it('computes changes from the settings as stored, when given a function', async () => {
    fakeBrowser.reset();
    await saveSettings({ siteProfiles: { 'shop.example': 'Shop' } });
    const saved = await saveSettings(({ siteProfiles }) => ({ siteProfiles: { ...siteProfiles, 'manga.example': 'Comics' } }));
    expect(saved.siteProfiles).toEqual({ 'shop.example': 'Shop', 'manga.example': 'Comics' });
  });

  it('refuses more than 50 sensitive words and a domain hint over 200 words', async () => {
    await expect(saveSettings({ sensitives: Array.from({ length: 51 }, (_, i) => `w${i}`) })).rejects.toThrow();
    await expect(saveSettings({ domainHint: 'word '.repeat(201) })).rejects.toThrow();
  });
});

describe('monthly limit', () => {
  it('is no limit unless set, and a whole number of images from 1 up', () => {
    expect(defaultSettings.monthlyLimit).toBeNull();
    expect(settingsSchema.parse({ monthlyLimit: 5 }).monthlyLimit).toBe(5);
    expect(settingsSchema.parse({ monthlyLimit: null }).monthlyLimit).toBeNull();
    for (const bad of [0, -3, 2.5, '5', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(settingsSchema.safeParse({ monthlyLimit: bad }).success, String(bad)).toBe(false);
    }
  });

  it('reads the options field: empty for no limit, digits for a number, anything else refused', () => {
    expect(monthlyLimitTextSchema.parse('')).toBeNull();
    expect(monthlyLimitTextSchema.parse('  ')).toBeNull();
    expect(monthlyLimitTextSchema.parse(' 500 ')).toBe(500);
    for (const bad of ['0', '-1', '2.5', 'abc', '1e3', '0x10', '1,000']) {
      const result = monthlyLimitTextSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('Enter a whole number of images, 1 or more, or leave it empty for no limit.');
    }
  });

  it('falls back to no limit when the stored one is unreadable, and says so', () => {
    const { settings, repaired } = repairSettings({ monthlyLimit: 0 });
    expect(settings.monthlyLimit).toBeNull();
    expect(repaired).toEqual([{ field: 'monthlyLimit', dropped: '0', reason: 'unreadable' }]);
  });

  it('round-trips through storage', async () => {
    fakeBrowser.reset();
    expect((await saveSettings({ monthlyLimit: 5 })).monthlyLimit).toBe(5);
    expect((await loadSettings()).settings.monthlyLimit).toBe(5);
    await saveSettings({ monthlyLimit: null });
    expect((await loadSettings()).settings.monthlyLimit).toBeNull();
  });
});

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

describe('saving over settings that needed repair', () => {
  const bad = { src: '', tgt: 'Nothing' };
  const stored = {
    targetLang: 'ja',
    terminologies: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }, bad] },
    siteProfiles: { 'manga.example': 'Comics', 'shop.example': 42 },
  };
  const raw = async () => (await fakeBrowser.storage.local.get('settings')).settings as Record<string, unknown>;

  it('an unrelated save keeps what could not be read, as stored', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ settings: stored });
    const saved = await saveSettings({ sourceLang: 'zh' });
    expect(saved.terminologies['zh>en']).toEqual([{ src: '苹果', tgt: 'Apple' }]);
    expect(await raw()).toEqual({ ...stored, sourceLang: 'zh' });
    expect((await loadSettings()).repaired).toHaveLength(2);
  });

  it('a change to a field that needed repair is refused outside the options page, and nothing is written', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ settings: stored });
    const choose = saveSettings(({ siteProfiles }) => ({ siteProfiles: { ...siteProfiles, 'other.example': 'Comics' } }));
    await expect(choose).rejects.toBeInstanceOf(SettingsNeedReviewError);
    await expect(choose).rejects.toMatchObject({ fields: ['siteProfiles'] });
    expect(await raw()).toEqual(stored);
  });

  it('the options page, which shows the notice, writes the repaired settings back', async () => {
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ settings: stored });
    await saveSettings({ domainHint: 'Menus.' }, { repairsShown: true });
    const { settings, repaired } = await loadSettings();
    expect(repaired).toEqual([]);
    expect(settings).toMatchObject({
      targetLang: 'ja',
      domainHint: 'Menus.',
      terminologies: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }] },
      siteProfiles: { 'manga.example': 'Comics' },
    });
  });

  it('a save never fills in defaults for fields it was not given', async () => {
    fakeBrowser.reset();
    await saveSettings({ targetLang: 'ko' });
    await saveSettings({ domainHint: 'Menus.' });
    expect(await raw()).toEqual({ targetLang: 'ko', domainHint: 'Menus.' });
  });
});

describe('profiles', () => {
  const comics = { ...profileOf(defaultSettings), domainHint: 'Speech bubbles in comics.', skipImgSegment: true };
  const settings = {
    ...defaultSettings,
    domainHint: 'Shop listings.',
    profiles: { Comics: comics },
    siteProfiles: { 'manga.example': 'Comics', 'gone.example': 'Deleted' },
  };

  it('give a site its chosen profile, and every other site the default', () => {
    expect(profileNameFor(settings, 'https://manga.example/ch/1')).toBe('Comics');
    expect(settingsForPage(settings, 'https://manga.example/ch/1')).toMatchObject({
      domainHint: 'Speech bubbles in comics.',
      skipImgSegment: true,
    });
    expect(settingsForPage(settings, 'https://shop.example/')).toMatchObject({ domainHint: 'Shop listings.', skipImgSegment: false });
    expect(profileNameFor(settings, undefined)).toBe('Default');
  });

  it('fall back to the default when the profile of a site was deleted', () => {
    expect(profileNameFor(settings, 'https://gone.example/')).toBe('Default');
  });

  it('hold only the translation settings, never the endpoint or the languages', () => {
    expect(Object.keys(profileOf(settings)).sort()).toEqual(['domainHint', 'sensitives', 'skipImgSegment', 'terminologies']);
  });
});

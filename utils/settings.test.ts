import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadSettings, saveSettings, SettingsNeedReviewError } from './settings';
import { repairSettings } from './settings-repair';
import { defaultSettings, monthlyLimitTextSchema, settingsSchema } from './settings-schema';

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

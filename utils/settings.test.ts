import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  defaultSettings,
  endpointSchema,
  loadSettings,
  profileNameFor,
  profileOf,
  repairSettings,
  saveSettings,
  settingsForPage,
} from './settings';

describe('settings', () => {
  it('defaults to the Beijing endpoint, automatic source and English target', () => {
    expect(defaultSettings).toMatchObject({
      endpoint: 'https://dashscope.aliyuncs.com',
      sourceLang: 'auto',
      targetLang: 'en',
      skipImgSegment: false,
    });
  });

  it('repairs a bad stored field alone, and says which', () => {
    const { settings, repaired } = repairSettings({ endpoint: 'ftp://nope', targetLang: 'ja', sensitives: 'not a list' });
    expect(settings.targetLang).toBe('ja');
    expect(settings.endpoint).toBe(defaultSettings.endpoint);
    expect(repaired.sort()).toEqual(['endpoint', 'sensitives']);
  });

  it('takes one web address as the endpoint, not two pasted together', () => {
    expect(endpointSchema.safeParse('https://gateway.example.com/dashscope').success).toBe(true);
    expect(endpointSchema.safeParse('https://dashscope.aliyuncs.comhttp://127.0.0.1:8080').success).toBe(false);
    expect(endpointSchema.safeParse('https://gateway.example.com/?key=1').success).toBe(false);
  });

  it('refuses a German target, which the service cannot produce', () => {
    expect(repairSettings({ targetLang: 'de' }).repaired).toEqual(['targetLang']);
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

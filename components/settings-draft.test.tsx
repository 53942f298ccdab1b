import { describe, expect, it } from 'vitest';
import { defaultSettings } from '@/utils/settings-schema';
import { blankDraft, checkDraft, draftOf, sensitiveWords } from './settings-draft';

describe('the settings form’s draft', () => {
  it('fills the form from the stored settings and key', () => {
    const settings = {
      ...defaultSettings,
      monthlyLimit: 300,
      sensitives: ['a', 'b'],
      skipImgSegment: true,
      autoSites: ['manga.example', 'shop.example'],
    };
    expect(draftOf(settings, { apiKey: 'sk-1', endpoint: settings.endpoint })).toEqual({
      apiKey: 'sk-1',
      endpoint: settings.endpoint,
      model: settings.model,
      monthlyLimitText: '300',
      domainHint: '',
      sensitivesText: 'a\nb',
      translateEverything: true,
      autoSitesText: 'manga.example\nshop.example',
    });
    expect(draftOf(defaultSettings, 'unreadable').apiKey).toBe('');
    expect(draftOf(defaultSettings, 'none').monthlyLimitText).toBe('');
  });

  it('reads sensitive words one a line, leaving blank lines out', () => {
    expect(sensitiveWords(' a \n\n b\n')).toEqual(['a', 'b']);
  });

  it('gives what to save when every field is right, trimmed', () => {
    const { errors, valid } = checkDraft({
      ...blankDraft,
      apiKey: ' sk-1 ',
      monthlyLimitText: ' 20 ',
      sensitivesText: 'x\n\ny',
      autoSitesText: ' Manga.example\n\nhttps://www.shop.example/item\n',
    });
    expect(errors).toEqual({});
    expect(valid).toEqual({
      apiKey: 'sk-1',
      settings: {
        endpoint: blankDraft.endpoint,
        model: blankDraft.model,
        monthlyLimit: 20,
        domainHint: '',
        sensitives: ['x', 'y'],
        skipImgSegment: false,
        autoSites: ['manga.example', 'www.shop.example'],
      },
    });
  });

  it('says what is wrong, field by field, and gives nothing to save then', () => {
    const { errors, valid } = checkDraft({
      ...blankDraft,
      apiKey: 'k'.repeat(513),
      endpoint: 'ftp://example.com',
      model: '',
      monthlyLimitText: '1e3',
      sensitivesText: Array.from({ length: 51 }, (_, i) => `w${i}`).join('\n'),
      autoSitesText: 'manga.example\nnot a site',
    });
    expect(Object.keys(errors).sort()).toEqual(['apiKey', 'autoSites', 'endpoint', 'model', 'monthlyLimit', 'sensitives']);
    expect(errors.autoSites).toBe('“not a site” is not a site’s name. Enter one host name a line, such as manga.example.');
    expect(valid).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSettings } from './settings-schema';
import { profileNameFor, profileOf, settingsForPage } from './site-profiles';

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

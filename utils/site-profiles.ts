import { DEFAULT_PROFILE, profileSchema, type Profile, type Settings } from './settings-schema';

export function siteOf(pageUrl: string | undefined): string | undefined {
  return pageUrl && URL.canParse(pageUrl) ? new URL(pageUrl).hostname || undefined : undefined;
}

/** The profile a page uses: the one chosen for its site, if it still exists, else the default. */
export function profileNameFor(settings: Settings, pageUrl: string | undefined): string {
  const chosen = settings.siteProfiles[siteOf(pageUrl) ?? ''];
  return chosen && settings.profiles[chosen] ? chosen : DEFAULT_PROFILE;
}

/** The settings a translation on this page uses: the site's profile in place of the default one. */
export function settingsForPage(settings: Settings, pageUrl: string | undefined): Settings {
  const name = profileNameFor(settings, pageUrl);
  return name === DEFAULT_PROFILE ? settings : { ...settings, ...settings.profiles[name] };
}

export function profileOf(settings: Settings): Profile {
  return profileSchema.parse(settings);
}

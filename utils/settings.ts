import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import { sourceCodes, targetCodes } from './languages';
import { termTableSchema } from './terminology';
import { exclusively } from './locks';

/** The regions' own endpoints; `label` is read in the interface's language. */
export const endpointPresets = [
  {
    get label() {
      return i18n.t('settings.endpoints.beijing');
    },
    url: 'https://dashscope.aliyuncs.com',
  },
  {
    get label() {
      return i18n.t('settings.endpoints.singapore');
    },
    url: 'https://dashscope-intl.aliyuncs.com',
  },
] as const;

export const DEFAULT_ENDPOINT = endpointPresets[0].url;
export const MAX_SENSITIVES = 50;
export const MAX_DOMAIN_HINT_WORDS = 200;

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/).length : 0;
}

/** A base URL such as https://dashscope.aliyuncs.com: http(s), no query, trailing slashes dropped. */
export const endpointSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        // Two addresses pasted together still parse as one ("https://a.comhttp://b"): refuse them.
        const oneAddress = value.indexOf('://') === value.lastIndexOf('://');
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && oneAddress;
      } catch {
        return false;
      }
    },
    { error: () => i18n.t('settings.endpointInvalid') },
  )
  .transform((value) => value.replace(/\/+$/, ''));

/** What a profile holds: how to translate a kind of picture (product pages, comics…). */
const profileFields = {
  domainHint: z
    .string()
    .refine((hint) => wordCount(hint) <= MAX_DOMAIN_HINT_WORDS, {
      error: () => i18n.t('settings.domainHintTooLong', { max: MAX_DOMAIN_HINT_WORDS }),
    })
    .default(''),
  sensitives: z
    .array(z.string().min(1))
    .max(MAX_SENSITIVES, { error: () => i18n.t('settings.tooManySensitives', { max: MAX_SENSITIVES }) })
    .default([]),
  skipImgSegment: z.boolean().default(false),
  /** Term pairs by language pair ("zh>en", "auto>en"): see utils/terminology.ts. */
  terminologies: termTableSchema.default({}),
};

export const profileSchema = z.object(profileFields);
export type Profile = z.infer<typeof profileSchema>;
export const MAX_PROFILE_NAME = 40;
export const DEFAULT_PROFILE = 'Default';

export const settingsFields = {
  endpoint: endpointSchema.default(DEFAULT_ENDPOINT),
  sourceLang: z.enum(['auto', ...sourceCodes]).default('auto'),
  targetLang: z.enum(targetCodes).default('en'),
  // The default profile is the settings' own fields; named ones are kept beside them.
  ...profileFields,
  profiles: z.record(z.string().trim().min(1).max(MAX_PROFILE_NAME), profileSchema).default({}),
  /** Which named profile a site uses, by host name; a site not listed uses the default. */
  siteProfiles: z.record(z.string().min(1), z.string().min(1)).default({}),
};

export const settingsSchema = z.object(settingsFields);
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});

export interface RepairedSettings {
  settings: Settings;
  /** Fields whose stored value was unreadable and fell back to the default. */
  repaired: (keyof Settings)[];
}

/** Reads stored settings field by field: one bad field falls back alone, and is reported. */
export function repairSettings(stored: unknown): RepairedSettings {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = {};
  const repaired: (keyof Settings)[] = [];
  for (const [name, schema] of Object.entries(settingsFields) as [keyof Settings, z.ZodType][]) {
    const result = schema.safeParse(record[name]);
    if (result.success) settings[name] = result.data;
    else {
      settings[name] = defaultSettings[name];
      repaired.push(name);
    }
  }
  return { settings: settings as Settings, repaired };
}

const settingsItem = storage.defineItem<Record<string, unknown>>('local:settings', {
  fallback: {},
  version: 1,
});

export async function loadSettings(): Promise<RepairedSettings> {
  return repairSettings(await settingsItem.getValue());
}

/** Stores changes to the settings; given a function, it computes them from the settings as they are stored. */
export function saveSettings(changes: Partial<Settings> | ((stored: Settings) => Partial<Settings>)): Promise<Settings> {
  return exclusively('settings', async () => {
    const { settings } = await loadSettings();
    const next = settingsSchema.parse({ ...settings, ...(typeof changes === 'function' ? changes(settings) : changes) });
    await settingsItem.setValue(next);
    return next;
  });
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(repairSettings(value).settings));
}

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

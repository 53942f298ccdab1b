import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import { sourceCodes, targetCodes } from './languages';
import { MAX_TERMS_PER_PAIR, parsePairKey, termSchema, termTableSchema, type Term, type TermTable } from './terminology';
import { exclusively } from './locks';
import { DEFAULT_MODEL, modelForEndpoint, regionModels } from './models';
import { modelSchema } from './model-schema';

/** The regions' own endpoints, with the model each offers; `label` is read in the interface's language. */
export const endpointPresets = [
  {
    get label() {
      return i18n.t('settings.endpoints.beijing');
    },
    url: regionModels[0].endpoint,
    model: regionModels[0].model,
  },
  {
    get label() {
      return i18n.t('settings.endpoints.singapore');
    },
    url: regionModels[1].endpoint,
    model: regionModels[1].model,
  },
] as const;

export const DEFAULT_ENDPOINT = endpointPresets[0].url;
export const MAX_SENSITIVES = 50;
export const MAX_DOMAIN_HINT_WORDS = 200;

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/).length : 0;
}

/** Hosts that are this computer itself: plain http to them never crosses a network. */
function isLoopback(hostname: string): boolean {
  // The URL parser writes IPv4 addresses in dotted decimal ("127.1" becomes "127.0.0.1") and IPv6 compressed.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * A base URL such as https://dashscope.aliyuncs.com: no query, trailing slashes dropped. It must be https, since
 * the API key travels with every request; plain http only to this computer (a local gateway or test server).
 */
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
    { error: () => i18n.t('settings.endpointInvalid'), abort: true },
  )
  .refine((value) => new URL(value).protocol === 'https:' || isLoopback(new URL(value).hostname), {
    error: () => i18n.t('settings.endpointNotHttps'),
  })
  .transform((value) => value.replace(/\/+$/, ''));

const monthlyLimitError = () => i18n.t('settings.monthlyLimitInvalid');

/** How many images may be billed in a calendar month; null for no limit. */
export const monthlyLimitSchema = z
  .number({ error: monthlyLimitError })
  .int({ error: monthlyLimitError })
  .min(1, { error: monthlyLimitError })
  .nullable();

/**
 * The monthly limit as typed in the options: empty for no limit, else digits only, since Number() would also
 * take "1e3" or "0x10", which nobody means as a count of images.
 */
export const monthlyLimitTextSchema = z
  .string()
  .trim()
  .refine((text) => /^\d*$/.test(text), { error: monthlyLimitError, abort: true })
  .transform((text) => (text === '' ? null : Number(text)))
  .pipe(monthlyLimitSchema);

const sensitiveSchema = z.string().min(1);

/** What a profile holds: how to translate a kind of picture (product pages, comics…). */
const profileFields = {
  domainHint: z
    .string()
    .refine((hint) => wordCount(hint) <= MAX_DOMAIN_HINT_WORDS, {
      error: () => i18n.t('settings.domainHintTooLong', { max: MAX_DOMAIN_HINT_WORDS }),
    })
    .default(''),
  sensitives: z
    .array(sensitiveSchema)
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
const profileNameSchema = z.string().trim().min(1).max(MAX_PROFILE_NAME);
const siteSchema = z.string().min(1);

export const settingsFields = {
  endpoint: endpointSchema.default(DEFAULT_ENDPOINT),
  /** The image-translation model, which depends on the endpoint's region (utils/models.ts). */
  model: modelSchema.default(DEFAULT_MODEL),
  sourceLang: z.enum(['auto', ...sourceCodes]).default('auto'),
  targetLang: z.enum(targetCodes).default('en'),
  /** Read by the engine before each submission. */
  monthlyLimit: monthlyLimitSchema.default(null),
  // The default profile is the settings' own fields; named ones are kept beside them.
  ...profileFields,
  profiles: z.record(profileNameSchema, profileSchema).default({}),
  /** Which named profile a site uses, by host name; a site not listed uses the default. */
  siteProfiles: z.record(siteSchema, siteSchema).default({}),
};

export const settingsSchema = z.object(settingsFields);
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});

/**
 * Why something stored was left out. `unreadable`: the setting's whole stored value, which is back to its
 * default. The others drop one element of a list and keep the rest: `invalid` (not a value the setting takes),
 * `too-many` (beyond the most the setting keeps), `listed-twice` (a term whose source text came before).
 */
export type RepairReason = 'unreadable' | 'invalid' | 'too-many' | 'listed-twice';

/** One thing the stored settings held that could not be kept: data, worded by the options page. */
export interface Repair {
  /** The setting it was in. */
  field: keyof Settings;
  /** The named profile it was in; absent for the settings' own fields (the default profile). */
  profile?: string;
  /** The language pair ("zh>en") of a dropped term. */
  pair?: string;
  /** What was dropped, as text: the word, the term, the profile's or site's name, the pair, or the whole value. */
  dropped: string;
  reason: RepairReason;
}

export interface RepairedSettings {
  settings: Settings;
  /** What the stored settings held that could not be read, in the order found. */
  repaired: Repair[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A dropped value as the notice quotes it: a term as "src → tgt", anything else as short text. */
function describe(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : isRecord(value) && typeof value.src === 'string' && typeof value.tgt === 'string'
        ? `${value.src} → ${value.tgt}`
        : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

type Report = (dropped: unknown, reason: RepairReason, pair?: string) => void;

/** The elements of a stored list that the element schema takes, at most `max`, each `key` once. */
function keepValid<T>(items: unknown[], element: z.ZodType<T>, max: number, report: Report, key?: (item: T) => string): T[] {
  const kept: T[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const parsed = element.safeParse(item);
    if (!parsed.success) report(item, 'invalid');
    else if (key && seen.has(key(parsed.data))) report(item, 'listed-twice');
    else if (kept.length >= max) report(item, 'too-many');
    else {
      kept.push(parsed.data);
      if (key) seen.add(key(parsed.data));
    }
  }
  return kept;
}

/**
 * Reads one stored field: a value the field takes as it is; a list or a record element by element, through
 * `elements`; anything else (a list that is not a list) falls back to the default, reported as unreadable.
 */
function readField<T>(
  schema: z.ZodType<T>,
  value: unknown,
  report: Report,
  elements?: { isShape: (value: unknown) => boolean; keep: (value: never) => unknown },
): T {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  if (elements?.isShape(value)) {
    // What `keep` leaves always fits the schema; should it not, the field still falls back, reported.
    const kept = schema.safeParse(elements.keep(value as never));
    if (kept.success) return kept.data;
  }
  report(value, 'unreadable');
  return schema.parse(undefined);
}

function readTerms(value: Record<string, unknown>, report: Report): TermTable {
  const table: Record<string, Term[]> = {};
  for (const [pair, terms] of Object.entries(value)) {
    if (!parsePairKey(pair) || !Array.isArray(terms)) {
      report(pair, 'invalid');
      continue;
    }
    const pairReport: Report = (dropped, reason) => report(dropped, reason, pair);
    table[pair] = keepValid(terms, termSchema, MAX_TERMS_PER_PAIR, pairReport, (term) => term.src);
  }
  return table;
}

function readProfile(record: Record<string, unknown>, report: (field: keyof Profile) => Report): Profile {
  return {
    domainHint: readField(profileFields.domainHint, record.domainHint, report('domainHint')),
    sensitives: readField(profileFields.sensitives, record.sensitives, report('sensitives'), {
      isShape: Array.isArray,
      keep: (items: unknown[]) => keepValid(items, sensitiveSchema, MAX_SENSITIVES, report('sensitives')),
    }),
    skipImgSegment: readField(profileFields.skipImgSegment, record.skipImgSegment, report('skipImgSegment')),
    terminologies: readField(profileFields.terminologies, record.terminologies, report('terminologies'), {
      isShape: isRecord,
      keep: (table: Record<string, unknown>) => readTerms(table, report('terminologies')),
    }),
  };
}

/**
 * Reads stored settings element by element: a bad term, sensitive word, profile or site's choice is left out
 * alone and the rest is kept; a bad profile field is repaired the same way inside its profile; a bad single
 * value falls back to its default. Everything left out is reported, for the options page to tell the user.
 */
export function repairSettings(stored: unknown): RepairedSettings {
  const record = isRecord(stored) ? stored : {};
  const repaired: Repair[] = [];
  const reportIn =
    (field: keyof Settings, profile?: string): Report =>
    (dropped, reason, pair) =>
      repaired.push({
        field,
        ...(profile === undefined ? {} : { profile }),
        ...(pair ? { pair } : {}),
        dropped: describe(dropped),
        reason,
      });

  const endpoint = readField(settingsFields.endpoint, record.endpoint, reportIn('endpoint'));
  // Settings saved before the choice of model take their endpoint's: a Singapore key cannot use qwen-mt-image.
  const model = record.model === undefined ? modelForEndpoint(endpoint) : readField(settingsFields.model, record.model, reportIn('model'));
  const sourceLang = readField(settingsFields.sourceLang, record.sourceLang, reportIn('sourceLang'));
  const targetLang = readField(settingsFields.targetLang, record.targetLang, reportIn('targetLang'));
  const monthlyLimit = readField(settingsFields.monthlyLimit, record.monthlyLimit, reportIn('monthlyLimit'));
  const own = readProfile(record, (field) => reportIn(field));
  const profiles = readField(settingsFields.profiles, record.profiles, reportIn('profiles'), {
    isShape: isRecord,
    keep: (entries: Record<string, unknown>) => {
      const kept: Record<string, Profile> = {};
      for (const [name, profile] of Object.entries(entries)) {
        const parsedName = profileNameSchema.safeParse(name);
        if (parsedName.success && isRecord(profile)) kept[parsedName.data] = readProfile(profile, (field) => reportIn(field, name));
        else reportIn('profiles')(name, 'invalid');
      }
      return kept;
    },
  });
  const siteProfiles = readField(settingsFields.siteProfiles, record.siteProfiles, reportIn('siteProfiles'), {
    isShape: isRecord,
    keep: (entries: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(entries).filter(([site, profile]) => {
          const valid = siteSchema.safeParse(site).success && siteSchema.safeParse(profile).success;
          if (!valid) reportIn('siteProfiles')(site || profile, 'invalid');
          return valid;
        }),
      ),
  });
  return { settings: { endpoint, model, sourceLang, targetLang, monthlyLimit, ...own, profiles, siteProfiles }, repaired };
}

/** Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration. */
const settingsItem = storage.defineItem<Record<string, unknown>>('local:settings', {
  fallback: {},
  version: 1,
});

export async function loadSettings(): Promise<RepairedSettings> {
  return repairSettings(await settingsItem.getValue());
}

/** A save refused because it would make a repair permanent where the user is not told of it. */
export class SettingsNeedReviewError extends Error {
  constructor(readonly fields: (keyof Settings)[]) {
    super(`Saved settings need review in the options first: ${fields.join(', ')}`);
    this.name = 'SettingsNeedReviewError';
  }
}

export interface SaveOptions {
  /**
   * The calling page shows the user what `loadSettings` repaired (the options page, with its notice): the save
   * may then write the repaired settings back, leaving out for good what could not be read.
   */
  repairsShown?: boolean;
}

/**
 * Stores changes to the settings; given a function, it computes them from the settings as they are stored
 * (repaired). A repair is written back only with `repairsShown`. Without it, every field the changes do not
 * name is written back exactly as stored, unreadable parts included, so a save from the popup never drops
 * them unseen; and a change to a field that needed repair is refused (SettingsNeedReviewError), since its new
 * value was most likely computed from the repaired one and would drop the unreadable elements with it.
 */
export function saveSettings(
  changes: Partial<Settings> | ((stored: Settings) => Partial<Settings>),
  { repairsShown = false }: SaveOptions = {},
): Promise<Settings> {
  return exclusively(settingsItem.key, async () => {
    const raw = await settingsItem.getValue();
    const { settings, repaired } = repairSettings(raw);
    const changed = typeof changes === 'function' ? changes(settings) : changes;
    const given = Object.keys(changed) as (keyof Settings)[];
    const validChanges = pick(settingsSchema.partial().parse(changed), given);
    if (!repairsShown) {
      const needReview = given.filter((field) => repaired.some((repair) => repair.field === field));
      if (needReview.length) throw new SettingsNeedReviewError(needReview);
    }
    const next = repairsShown ? settingsSchema.parse({ ...settings, ...validChanges }) : { ...(isRecord(raw) ? raw : {}), ...validChanges };
    await settingsItem.setValue(next);
    return repairSettings(next).settings;
  });
}

/** The named fields of a parsed partial: zod's `.partial()` fills defaults in, which a change must not carry. */
function pick(values: Partial<Settings>, fields: (keyof Settings)[]): Partial<Settings> {
  return Object.fromEntries(fields.map((field) => [field, values[field]]));
}

export function watchSettings(callback: (settings: Settings, repaired: Repair[]) => void): () => void {
  return settingsItem.watch((value) => {
    const { settings, repaired } = repairSettings(value);
    callback(settings, repaired);
  });
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

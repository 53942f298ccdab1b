import { z } from 'zod';
import { MAX_TERMS_PER_PAIR, parsePairKey, termSchema, type Term, type TermTable } from './terminology';
import { modelForEndpoint } from './models';
import { autoSiteSchema, MAX_AUTO_SITES } from './auto-sites';
import {
  MAX_SENSITIVES,
  profileFields,
  profileNameSchema,
  sensitiveSchema,
  settingsFields,
  siteSchema,
  type Profile,
  type Settings,
} from './settings-schema';

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
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
  const autoSites = readField(settingsFields.autoSites, record.autoSites, reportIn('autoSites'), {
    isShape: Array.isArray,
    keep: (items: unknown[]) => keepValid(items, autoSiteSchema, MAX_AUTO_SITES, reportIn('autoSites'), (site) => site),
  });
  return { settings: { endpoint, model, sourceLang, targetLang, monthlyLimit, ...own, profiles, siteProfiles, autoSites }, repaired };
}

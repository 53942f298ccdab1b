import { z } from 'zod';
import { i18n } from '#i18n';
import { DEFAULT_ENDPOINT, endpointSchema } from './endpoints';
import { sourceCodes, targetCodes } from './languages';
import { termTableSchema } from './terminology';
import { DEFAULT_MODEL } from './models';
import { modelSchema } from './model-schema';
import { autoSiteSchema, MAX_AUTO_SITES } from './auto-sites';

export const MAX_SENSITIVES = 50;
export const MAX_DOMAIN_HINT_WORDS = 200;

export function wordCount(text: string): number {
  return text.trim() ? text.trim().split(/\s+/).length : 0;
}

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

export const sensitiveSchema = z.string().min(1);

/** What a profile holds: how to translate a kind of picture (product pages, comics…). */
export const profileFields = {
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
export const profileNameSchema = z.string().trim().min(1).max(MAX_PROFILE_NAME);
export const siteSchema = z.string().min(1);

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
  /** Sites whose pictures are translated ahead of the scroll, by host name (utils/auto-sites.ts). */
  autoSites: z
    .array(autoSiteSchema)
    .max(MAX_AUTO_SITES, { error: () => i18n.t('settings.tooManyAutoSites', { max: MAX_AUTO_SITES }) })
    .default([]),
};

export const settingsSchema = z.object(settingsFields);
export type Settings = z.infer<typeof settingsSchema>;
export const defaultSettings: Settings = settingsSchema.parse({});

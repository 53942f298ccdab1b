import { i18n } from '#i18n';
import type { StoredApiKey } from '@/utils/api-key';
import { DEFAULT_MODEL } from '@/utils/models';
import { DEFAULT_ENDPOINT } from '@/utils/endpoints';
import { autoSitesTextSchema } from '@/utils/auto-sites';
import { monthlyLimitTextSchema, settingsFields, type Settings } from '@/utils/settings-schema';

/** What the settings form holds, as typed. */
export interface Draft {
  apiKey: string;
  endpoint: string;
  model: string;
  /** Images a month; empty for no limit. */
  monthlyLimitText: string;
  domainHint: string;
  /** Sensitive words, one a line. */
  sensitivesText: string;
  translateEverything: boolean;
  /** Sites translated automatically, one host a line. */
  autoSitesText: string;
}

export type FieldName = 'apiKey' | 'endpoint' | 'model' | 'monthlyLimit' | 'domainHint' | 'sensitives' | 'autoSites';
export type FieldErrors = Partial<Record<FieldName, string>>;

/** Where the draft keeps the text each field shows. */
export const draftKeys: Record<FieldName, Exclude<keyof Draft, 'translateEverything'>> = {
  apiKey: 'apiKey',
  endpoint: 'endpoint',
  model: 'model',
  monthlyLimit: 'monthlyLimitText',
  domainHint: 'domainHint',
  sensitives: 'sensitivesText',
  autoSites: 'autoSitesText',
};

export const fieldIds: Record<FieldName, string> = {
  apiKey: 'api-key',
  endpoint: 'endpoint',
  model: 'model',
  monthlyLimit: 'monthly-limit',
  domainHint: 'domain-hint',
  sensitives: 'sensitives',
  autoSites: 'auto-sites',
};

/** The fields in the order the form shows them, which is the order its list of problems follows. */
export const fieldOrder: FieldName[] = ['apiKey', 'endpoint', 'model', 'monthlyLimit', 'domainHint', 'sensitives', 'autoSites'];

/** The worker's message schema refuses longer keys, so catch them here with a clearer message. */
const MAX_API_KEY_LENGTH = 512;

export type SavedFields = Pick<
  Settings,
  'endpoint' | 'model' | 'monthlyLimit' | 'domainHint' | 'sensitives' | 'skipImgSegment' | 'autoSites'
>;

export interface CheckedDraft {
  errors: FieldErrors;
  /** Present only when there are no errors. */
  valid?: { apiKey: string; settings: SavedFields };
}

export const blankDraft: Draft = {
  apiKey: '',
  endpoint: DEFAULT_ENDPOINT,
  model: DEFAULT_MODEL,
  monthlyLimitText: '',
  domainHint: '',
  sensitivesText: '',
  translateEverything: false,
  autoSitesText: '',
};

function limitText(limit: number | null): string {
  return limit === null ? '' : String(limit);
}

/** The stored fields as the form shows them (the API key and the checkbox aside). */
export function storedFieldsDraft(settings: Settings): Omit<Draft, 'apiKey' | 'translateEverything'> {
  return {
    endpoint: settings.endpoint,
    model: settings.model,
    monthlyLimitText: limitText(settings.monthlyLimit),
    domainHint: settings.domainHint,
    sensitivesText: settings.sensitives.join('\n'),
    autoSitesText: settings.autoSites.join('\n'),
  };
}

/** The form as the stored settings and key fill it. */
export function draftOf(settings: Settings, storedKey: StoredApiKey): Draft {
  return {
    apiKey: typeof storedKey === 'object' ? storedKey.apiKey : '',
    ...storedFieldsDraft(settings),
    translateEverything: settings.skipImgSegment,
  };
}

export function sensitiveWords(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function firstMessage(result: { success: true } | { success: false; error: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : (result.error.issues[0]?.message ?? i18n.t('options.invalidValue'));
}

export function checkDraft(draft: Draft): CheckedDraft {
  const apiKey = draft.apiKey.trim();
  const endpoint = settingsFields.endpoint.safeParse(draft.endpoint);
  const model = settingsFields.model.safeParse(draft.model);
  const monthlyLimit = monthlyLimitTextSchema.safeParse(draft.monthlyLimitText);
  const domainHint = settingsFields.domainHint.safeParse(draft.domainHint.trim());
  const sensitives = settingsFields.sensitives.safeParse(sensitiveWords(draft.sensitivesText));
  const autoSites = autoSitesTextSchema.safeParse(draft.autoSitesText);
  const errors: FieldErrors = {};
  if (apiKey.length > MAX_API_KEY_LENGTH) errors.apiKey = i18n.t('options.apiKey.tooLong');
  if (!endpoint.success) errors.endpoint = firstMessage(endpoint);
  if (!model.success) errors.model = i18n.t('errors.checkKey.invalidModel');
  if (!monthlyLimit.success) errors.monthlyLimit = firstMessage(monthlyLimit);
  if (!domainHint.success) errors.domainHint = firstMessage(domainHint);
  if (!sensitives.success) errors.sensitives = firstMessage(sensitives);
  if (!autoSites.success) errors.autoSites = firstMessage(autoSites);
  if (
    !endpoint.success ||
    !model.success ||
    !monthlyLimit.success ||
    !domainHint.success ||
    !sensitives.success ||
    !autoSites.success ||
    errors.apiKey
  )
    return { errors };
  return {
    errors,
    valid: {
      apiKey,
      settings: {
        endpoint: endpoint.data,
        model: model.data,
        monthlyLimit: monthlyLimit.data,
        domainHint: domainHint.data,
        sensitives: sensitives.data,
        skipImgSegment: draft.translateEverything,
        autoSites: autoSites.data,
      },
    },
  };
}

export function focusField(field: FieldName) {
  document.getElementById(fieldIds[field])?.focus();
}

import { i18n } from '#i18n';
import { DashScopeError, isContentRefusal } from '../dashscope/errors';
import type { JobAction } from '../protocol';

/**
 * What the user reads on the image when something goes wrong, and what the image offers them to do. Each is
 * looked up when it is shown, in the browser's language.
 */
export interface UserMessage {
  message: string;
  action?: JobAction;
}

export const UNCERTAIN = (): UserMessage => ({ message: i18n.t('engine.uncertain'), action: 'retry' });

export const NO_TEXT = (): UserMessage => ({ message: i18n.t('engine.noText') });

export const UNKNOWN_TASK = (): UserMessage => ({ message: i18n.t('engine.unknownTask'), action: 'retry' });

export const UNREACHABLE = (): UserMessage => ({ message: i18n.t('engine.unreachable'), action: 'retry' });

export const PICTURE_GONE = (): UserMessage => ({ message: i18n.t('engine.pictureGone') });

export const NO_KEY = (): UserMessage => ({ message: i18n.t('engine.noKey'), action: 'open-settings' });

export const ENDPOINT_CHANGED = (): UserMessage => ({ message: i18n.t('engine.endpointChanged') });

export const MONTHLY_LIMIT = (limit: number): UserMessage => ({
  message: i18n.t('engine.monthlyLimit', { limit }),
  action: 'open-settings',
});

/** "Model not exist." (HTTP 400 InvalidParameter, as documented) or ModelNotFound: the region does not offer it. */
export function isModelNotOffered(code: string, serviceMessage: string): boolean {
  return code === 'ModelNotFound' || (code.startsWith('InvalidParameter') && /model not exist/i.test(serviceMessage));
}

/** A refusal of the language pair: only another model's, since qwen-mt-image's pairs are checked before sending. */
const LANGUAGE_REFUSAL = /source_lang|target_lang|language/i;

/** A failure reported by the service, whether in a reply or in a failed task, in plain words. */
export function messageForCode(code: string, serviceMessage: string): UserMessage {
  /** The message, with the service's own words in it when it gave any. */
  const told = (key: 'engine.accessDenied' | 'engine.invalidParameter' | 'engine.failed') =>
    serviceMessage ? i18n.t(`${key}.withDetail`, { detail: serviceMessage }) : i18n.t(`${key}.plain`);
  if (code === 'InvalidApiKey') return { message: i18n.t('engine.invalidKey'), action: 'open-settings' };
  // Each region offers its own model: saying which is most of the fix for both.
  if (code === 'AccessDenied')
    return { message: `${told('engine.accessDenied')} ${i18n.t('engine.regionModels')}`, action: 'open-settings' };
  if (isModelNotOffered(code, serviceMessage)) {
    return { message: `${i18n.t('engine.modelNotOffered')} ${i18n.t('engine.regionModels')}`, action: 'open-settings' };
  }
  if (code === 'Arrearage') return { message: i18n.t('engine.arrearage'), action: 'retry' };
  if (code === 'Throttling.AllocationQuota') {
    // "Free allocated quota exceeded" and "Allocated quota exceeded" ask for different changes in the console.
    const free = /free/i.test(serviceMessage);
    return { message: i18n.t(free ? 'engine.freeQuotaExhausted' : 'engine.quotaExhausted'), action: 'retry' };
  }
  if (code === 'AllocationQuota.FreeTierOnly') return { message: i18n.t('engine.freeTierOnly'), action: 'retry' };
  if (isContentRefusal(code)) return { message: i18n.t('engine.contentRejected') };
  if (code.startsWith('InvalidParameter') && LANGUAGE_REFUSAL.test(serviceMessage)) {
    return { message: i18n.t('engine.pairRefused', { detail: serviceMessage }) };
  }
  if (code.startsWith('InvalidParameter')) return { message: told('engine.invalidParameter'), action: 'retry' };
  if (code === 'CANCELED') return { message: i18n.t('engine.canceled'), action: 'retry' };
  return { message: told('engine.failed'), action: 'retry' };
}

export function messageForError(error: unknown): UserMessage {
  if (error instanceof DashScopeError) {
    if (error.kind === 'network') return UNREACHABLE();
    if (error.kind === 'malformed') return { message: i18n.t('engine.malformed'), action: 'retry' };
    if (error.kind === 'bad-download') return { message: error.message, action: 'retry' };
    return messageForCode(error.code ?? '', error.message);
  }
  return { message: i18n.t('engine.unexpected', { error: String(error) }), action: 'retry' };
}

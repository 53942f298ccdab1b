import { i18n } from '#i18n';
import type { Failure } from './failure';
import { pairProblemWords } from './languages';
import { MAX_ASPECT, MIN_SIDE } from './limits';
import type { JobAction, JobView } from './protocol';

/**
 * What the user reads when something goes wrong, and what they are offered to do: made where it is shown (on the
 * image, in the popup or options, on the toolbar), in the browser's language at that moment.
 */
export interface Words {
  message: string;
  action?: JobAction;
}

/** The message, with the service's own words in it when it gave any. */
function told(key: 'engine.accessDenied' | 'engine.invalidParameter' | 'engine.failed', detail: string | undefined): string {
  return detail ? i18n.t(`${key}.withDetail`, { detail }) : i18n.t(`${key}.plain`);
}

/** The one mapping from a failure to words. */
export function failureWords(failure: Failure): Words {
  const retry = (message: string): Words => ({ message, action: 'retry' });
  const settings = (message: string): Words => ({ message, action: 'open-settings' });
  switch (failure.kind) {
    case 'invalid-key':
      return settings(i18n.t('engine.invalidKey'));
    // Each region offers its own model: saying which is most of the fix for both.
    case 'access-denied':
      return settings(`${told('engine.accessDenied', failure.detail)} ${i18n.t('engine.regionModels')}`);
    case 'model-not-offered':
      return settings(`${i18n.t('engine.modelNotOffered')} ${i18n.t('engine.regionModels')}`);
    case 'arrearage':
      return retry(i18n.t('engine.arrearage'));
    case 'quota-exhausted':
      return retry(i18n.t('engine.quotaExhausted'));
    case 'free-quota-exhausted':
      return retry(i18n.t('engine.freeQuotaExhausted'));
    case 'free-tier-only':
      return retry(i18n.t('engine.freeTierOnly'));
    case 'content-refused':
      return { message: i18n.t('engine.contentRejected') };
    case 'pair-refused':
      return { message: i18n.t('engine.pairRefused', { detail: failure.detail }) };
    case 'invalid-parameter':
      return retry(told('engine.invalidParameter', failure.detail));
    case 'task-canceled':
      return retry(i18n.t('engine.canceled'));
    case 'service-failed':
      return retry(told('engine.failed', failure.detail));
    case 'network':
      return retry(i18n.t('engine.unreachable'));
    case 'malformed':
      return retry(i18n.t('engine.malformed'));
    case 'upload-too-large':
      return retry(told('engine.failed', i18n.t('errors.uploadTooLarge', { size: failure.detail.sizeMb, max: failure.detail.maxMb })));
    case 'upload-failed': {
      const { status, code, message, refusal } = failure.detail;
      const said = `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
      return failureWords({ kind: refusal, code: failure.code, detail: i18n.t('errors.uploadFailed', { detail: said }) });
    }
    case 'download-failed':
      return retry(told('engine.failed', i18n.t('errors.downloadFailed', { status: failure.detail.status })));
    case 'not-an-image':
      return retry(i18n.t('errors.downloadNotImage', { type: failure.detail.type }));
    case 'result-too-large':
      return retry(i18n.t('errors.downloadTooLarge', { max: failure.detail.maxMb }));
    case 'uncertain':
      return retry(i18n.t('engine.uncertain'));
    case 'unknown-task':
      return retry(i18n.t('engine.unknownTask'));
    case 'picture-gone':
      return { message: i18n.t('engine.pictureGone') };
    case 'no-key':
      return settings(i18n.t('engine.noKey'));
    case 'endpoint-changed':
      return { message: i18n.t('engine.endpointChanged') };
    case 'monthly-limit':
      return settings(i18n.t('engine.monthlyLimit', { limit: failure.detail.limit }));
    case 'unexpected':
      return retry(i18n.t('engine.unexpected', { error: failure.detail }));
    case 'pair-not-offered':
      return { message: i18n.t('limits.pairRefused', { problem: pairProblemWords(failure.detail) }) };
    case 'image-refused': {
      const problem = failure.detail;
      if (problem.problem === 'no-address') return { message: i18n.t('limits.noAddress') };
      const { width, height } = problem;
      return {
        message:
          problem.problem === 'too-small'
            ? i18n.t('limits.tooSmall', { width, height, min: MIN_SIDE })
            : i18n.t('limits.tooNarrow', { width, height, ratio: MAX_ASPECT }),
      };
    }
    case 'unreadable': {
      const problem = failure.detail;
      if (problem.problem === 'failed') return { message: i18n.t('read.failed', { error: problem.error }) };
      if (problem.problem === 'canvas-tainted') return { message: i18n.t('read.canvasTainted') };
      if (problem.problem === 'too-large') return { message: i18n.t('read.tooLarge', { width: problem.width, height: problem.height }) };
      return {
        message: i18n.t(
          problem.problem === 'gone' ? 'read.gone' : problem.problem === 'not-redrawn' ? 'read.notRedrawn' : 'read.crossOrigin',
        ),
      };
    }
    case 'worded':
      return { message: failure.detail.message, action: failure.detail.action };
    default:
      // Every kind is worded above: a new one does not compile until it is.
      return failure satisfies never;
  }
}

/** What an image (or the history) says about a job: why it failed, or a note on a finished one; none while it works. */
export function jobWords(job: JobView): Words | undefined {
  if (job.failure) return failureWords(job.failure);
  if (job.noText) return { message: i18n.t('engine.noText') };
  return undefined;
}

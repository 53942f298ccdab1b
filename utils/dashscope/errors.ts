import type { Failure, RefusalKind } from '../failure';

/** How a call to DashScope failed, for what the engine does next: retry, back off, wait for the user, or stop. */
export type DashScopeErrorKind =
  | 'invalid-key' // 401 InvalidApiKey
  | 'access-denied' // 403 AccessDenied (also a missing async header)
  | 'arrearage' // 400 Arrearage: the account is overdue
  | 'invalid-parameter' // 400 InvalidParameter*: the request or the image is not accepted
  | 'content-rejected' // 400 DataInspectionFailed, IPInfringementSuspect, InvalidParameter.DataInspection
  | 'throttled' // 429 Throttling / Throttling.RateQuota: nothing was created, retry later
  | 'quota-exhausted' // 429 Throttling.AllocationQuota, 403 AllocationQuota.FreeTierOnly: retrying will not help
  | 'server' // 5xx with the service's own error reply (InternalError and the like): no task was created
  | 'gateway' // 5xx without it: a proxy or gateway answered, and the request may have reached the service
  | 'bad-download' // the result is not a picture we accept (type or size)
  | 'network' // no answer at all
  | 'malformed'; // an answer we cannot read

/**
 * A failed call, as a value: `kind` decides what the engine does, `failure` what the user is told (worded where it
 * is shown). The message is for developers and logs, in English: it is never shown to the user.
 */
export class DashScopeError extends Error {
  override readonly name = 'DashScopeError';
  /** What the user is told; read from the provider's code and message unless the client knows better. */
  readonly failure: Failure;
  constructor(
    readonly kind: DashScopeErrorKind,
    message: string,
    readonly code?: string,
    readonly httpStatus?: number,
    readonly requestId?: string,
    failure?: Failure,
  ) {
    super(message);
    this.failure =
      failure ??
      (kind === 'network' || kind === 'malformed'
        ? { kind, detail: message }
        : { kind: refusalKindFor(code ?? '', message), code: code ?? '', detail: message });
  }

  /** Whether the same request may simply be sent again later. */
  get retryable(): boolean {
    return (
      this.kind === 'throttled' || this.kind === 'server' || this.kind === 'gateway' || this.kind === 'network' || this.kind === 'malformed'
    );
  }
}

/** The codes by which the service refuses a picture's content: nothing to retry, nothing to change. */
const CONTENT_REFUSALS = new Set([
  'DataInspectionFailed',
  'IPInfringementSuspect',
  'InvalidParameter.DataInspection',
  'data_inspection_failed',
]);

export function errorKindFor(code: string, httpStatus?: number): DashScopeErrorKind {
  if (code === 'InvalidApiKey' || httpStatus === 401) return 'invalid-key';
  if (code === 'Throttling.AllocationQuota' || code === 'AllocationQuota.FreeTierOnly') return 'quota-exhausted';
  if (code.startsWith('Throttling') || httpStatus === 429) return 'throttled';
  if (code === 'Arrearage') return 'arrearage';
  if (CONTENT_REFUSALS.has(code)) return 'content-rejected';
  if (code.startsWith('InvalidParameter')) return 'invalid-parameter';
  if (code === 'AccessDenied' || httpStatus === 403) return 'access-denied';
  if (httpStatus !== undefined && httpStatus >= 500) return 'server';
  return httpStatus !== undefined && httpStatus >= 400 ? 'invalid-parameter' : 'server';
}

/**
 * A task that failed with this code may have failed because the service could not download the picture by its
 * address (a login, a firewall): the picture read by the page and uploaded may get through.
 */
export function mayBeUnreachablePicture(code: string): boolean {
  return code.startsWith('InvalidParameter');
}

/** A refusal of the language pair: only another model's, since qwen-mt-image's pairs are checked before sending. */
const LANGUAGE_REFUSAL = /source_lang|target_lang|language/i;

/** What a provider's code and message mean for the user, whether in an error reply or in a failed task. */
export function refusalKindFor(code: string, serviceMessage: string): RefusalKind {
  if (code === 'InvalidApiKey') return 'invalid-key';
  if (code === 'AccessDenied') return 'access-denied';
  // "Model not exist." (HTTP 400 InvalidParameter, as documented) or ModelNotFound.
  if (code === 'ModelNotFound' || (code.startsWith('InvalidParameter') && /model not exist/i.test(serviceMessage))) {
    return 'model-not-offered';
  }
  if (code === 'Arrearage') return 'arrearage';
  // "Free allocated quota exceeded" and "Allocated quota exceeded" ask for different changes in the console.
  if (code === 'Throttling.AllocationQuota') return /free/i.test(serviceMessage) ? 'free-quota-exhausted' : 'quota-exhausted';
  if (code === 'AllocationQuota.FreeTierOnly') return 'free-tier-only';
  if (CONTENT_REFUSALS.has(code)) return 'content-refused';
  if (code.startsWith('InvalidParameter')) return LANGUAGE_REFUSAL.test(serviceMessage) ? 'pair-refused' : 'invalid-parameter';
  if (code === 'CANCELED') return 'task-canceled';
  return 'service-failed';
}

/** A failed or cancelled task, as the user is told about it. */
export function taskFailure(code: string, serviceMessage: string): Failure {
  return { kind: refusalKindFor(code, serviceMessage), code, detail: serviceMessage };
}

/** What the user is told of an error thrown on a job's way: the provider's failure, or a fault of our own. */
export function failureOf(error: unknown): Failure {
  return error instanceof DashScopeError ? error.failure : { kind: 'unexpected', detail: String(error) };
}

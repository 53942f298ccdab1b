/** Every way a call to DashScope can fail, as one typed value the engine decides on. */
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

export class DashScopeError extends Error {
  override readonly name = 'DashScopeError';
  constructor(
    readonly kind: DashScopeErrorKind,
    message: string,
    readonly code?: string,
    readonly httpStatus?: number,
    readonly requestId?: string,
  ) {
    super(message);
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

export function isContentRefusal(code: string): boolean {
  return CONTENT_REFUSALS.has(code);
}

export function errorKindFor(code: string, httpStatus?: number): DashScopeErrorKind {
  if (code === 'InvalidApiKey' || httpStatus === 401) return 'invalid-key';
  if (code === 'Throttling.AllocationQuota' || code === 'AllocationQuota.FreeTierOnly') return 'quota-exhausted';
  if (code.startsWith('Throttling') || httpStatus === 429) return 'throttled';
  if (code === 'Arrearage') return 'arrearage';
  if (isContentRefusal(code)) return 'content-rejected';
  if (code.startsWith('InvalidParameter')) return 'invalid-parameter';
  if (code === 'AccessDenied' || httpStatus === 403) return 'access-denied';
  if (httpStatus !== undefined && httpStatus >= 500) return 'server';
  return httpStatus !== undefined && httpStatus >= 400 ? 'invalid-parameter' : 'server';
}

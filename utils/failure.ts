import type { PairProblem } from './languages';
import type { ImageProblem } from './limits';
import type { JobAction } from './protocol';

/**
 * The provider's refusals, as utils/dashscope/errors.ts reads its codes: `code` is the provider's own, `detail`
 * the message it gave (possibly empty).
 */
export type RefusalKind =
  | 'invalid-key' // InvalidApiKey
  | 'access-denied' // AccessDenied
  | 'model-not-offered' // ModelNotFound, or InvalidParameter "Model not exist.": the region does not offer it
  | 'arrearage' // Arrearage: the account is overdue
  | 'quota-exhausted' // Throttling.AllocationQuota, "Allocated quota exceeded"
  | 'free-quota-exhausted' // Throttling.AllocationQuota, "Free allocated quota exceeded"
  | 'free-tier-only' // AllocationQuota.FreeTierOnly
  | 'content-refused' // DataInspectionFailed and its kin
  | 'pair-refused' // InvalidParameter naming the languages: another model's pairs
  | 'invalid-parameter' // any other InvalidParameter*
  | 'task-canceled' // a task the service cancelled
  | 'service-failed'; // any other code: InternalError, a gateway's HTTP502…

/**
 * Why a job failed or may have, as data: stored with the job and carried to the page, which words it in the
 * user's language when it shows it (utils/failure-words.ts). Nothing here is a sentence.
 */
export type Failure =
  | { kind: RefusalKind; code: string; detail: string }
  // On the way to and from the provider:
  | { kind: 'network'; detail: string }
  | { kind: 'malformed'; detail: string }
  | { kind: 'upload-too-large'; detail: { sizeMb: string; maxMb: number } }
  /**
   * `code`: the storage's own (from its XML reply), or HTTP<status>; `refusal`: what that code means as the
   * service's would (its AccessDenied is worded as the service's).
   */
  | { kind: 'upload-failed'; code: string; detail: { status: number; code?: string; message?: string; refusal: RefusalKind } }
  | { kind: 'download-failed'; code: string; detail: { status: number } }
  | { kind: 'not-an-image'; code: string; detail: { type: string } }
  | { kind: 'result-too-large'; code: string; detail: { maxMb: number } }
  // The engine's own:
  /** Sent, and no answer came: a task may exist (and be billed). */
  | { kind: 'uncertain' }
  | { kind: 'unknown-task' }
  | { kind: 'picture-gone' }
  | { kind: 'no-key' }
  | { kind: 'endpoint-changed' }
  | { kind: 'monthly-limit'; detail: { limit: number } }
  /** A fault of the extension's own; `detail` is the error as the browser words it. */
  | { kind: 'unexpected'; detail: string }
  // Checks before sending, which bill nothing:
  | { kind: 'pair-not-offered'; detail: PairProblem }
  | { kind: 'image-refused'; detail: ImageProblem }
  /** The page could not read the picture for an upload. */
  | { kind: 'unreadable'; detail: ReadProblem }
  /**
   * A job stored by an older version, which kept the sentence itself: shown as it was (`overLimit` for one
   * refused by the monthly limit).
   */
  | { kind: 'worded'; detail: { message: string; action?: JobAction; overLimit?: boolean } };

export type FailureKind = Failure['kind'];

/**
 * Why the page could not read a picture: gone from the page, a canvas that would not redraw it, or tainted; a
 * canvas of the page's own that holds another site's picture (`canvas-tainted`).
 */
export type ReadProblem =
  | { problem: 'gone' | 'not-redrawn' | 'cross-origin' | 'canvas-tainted' }
  | { problem: 'failed'; error: string }
  /** Larger than a canvas of this browser can hold, so it cannot be cut into parts. */
  | { problem: 'too-large'; width: number; height: number };

/** A failure of the monthly limit, which the page's progress and the popup count apart. */
export function isOverLimit(failure: Failure): boolean {
  return failure.kind === 'monthly-limit' || (failure.kind === 'worded' && failure.detail.overLimit === true);
}

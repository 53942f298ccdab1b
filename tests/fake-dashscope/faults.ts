/** Injected faults: each is consumed, first in first out per `on` kind, by the next matching request (or created task). */

export type Fault =
  /** 'gateway': the task is created, but a gateway in front answers 502 with its own HTML page. */
  | {
      on: 'submit';
      reply:
        | 'throttle'
        | 'allocation-quota' // 429 "Free allocated quota exceeded."
        | 'allocated-quota' // 429 "Allocated quota exceeded."
        | 'free-tier-only' // 403 AllocationQuota.FreeTierOnly
        | 'arrearage'
        | 'content-rejected' // 400 DataInspectionFailed
        | 'ip-infringement' // 400 IPInfringementSuspect
        | 'inspection-parameter' // 400 InvalidParameter.DataInspection
        | 'server-error'
        | 'drop'
        | 'gateway';
    }
  | { on: 'query'; reply: 'malformed' | 'server-error' | 'throttle' | 'drop' }
  /** 'content-rejected': the task fails with `data_inspection_failed`, as an output inspected after the fact does. */
  | { on: 'task'; outcome: 'fail' | 'no-text' | 'canceled' | 'content-rejected' }
  /** Consumed by the next GET of a task's result: 429 from the storage in front of it. */
  | { on: 'download'; reply: 'throttle' }
  /** Consumed by the next GET /api/v1/uploads (with a good key and parameters). */
  | { on: 'policy'; reply: 'server-error' }
  /** Consumed by the next POST /oss-upload, whatever it holds: 500 InternalError or 403 AccessDenied (OSS XML). */
  | { on: 'upload'; reply: 'server-error' | 'forbidden' };

export type FaultKind = Fault['on'];
/** The fault of one kind. */
export type FaultOn<K extends FaultKind> = Extract<Fault, { on: K }>;
/** The faults waiting, one queue per kind. */
export type FaultQueues = { [K in FaultKind]: FaultOn<K>[] };

export function emptyFaultQueues(): FaultQueues {
  return { submit: [], query: [], task: [], policy: [], upload: [], download: [] };
}

export function queueFault(queues: FaultQueues, fault: Fault): void {
  (queues[fault.on] as Fault[]).push(fault);
}

/** Consumes the next fault of a kind, if one waits. */
export function takeFault<K extends FaultKind>(queues: FaultQueues, on: K): FaultOn<K> | undefined {
  return queues[on].shift();
}

export function clearFaults(queues: FaultQueues): void {
  for (const queue of Object.values(queues)) queue.length = 0;
}

/** The one state of a running fake: settings, records, tasks, the temporary storage and the faults waiting. */
import { randomBytes } from 'node:crypto';
import type {
  FakeDashScopeOptions,
  FakeDashScopeSettings,
  PolicyRecord,
  QueryRecord,
  StoredUpload,
  SubmissionRecord,
  UploadRecord,
} from './contract';
import { clearFaults, emptyFaultQueues, type FaultQueues } from './faults';
import type { Task } from './task';

/** A policy handed out by GET /api/v1/uploads, by its base64 text: what an upload under it must match. */
export interface IssuedPolicy {
  signature: string;
  uploadDir: string;
  acl: string;
  forbidOverwrite: string;
  expiresAt: number;
}

export interface FakeState {
  readonly options: FakeDashScopeOptions;
  /** The settings given at start, restored by a reset. */
  readonly defaults: FakeDashScopeSettings;
  /** The live settings. */
  readonly settings: FakeDashScopeSettings;
  /** e.g. http://127.0.0.1:PORT, known once the server listens. */
  baseUrl: string;
  readonly submissions: SubmissionRecord[];
  readonly queries: QueryRecord[];
  readonly tasks: Map<string, Task>;
  readonly faults: FaultQueues;
  lastAcceptedAt: number;
  /** Tasks whose duration was drawn from the range since start or reset. */
  drawn: number;
  // The temporary file storage.
  readonly policyRequests: PolicyRecord[];
  readonly uploads: UploadRecord[];
  readonly uploadedFiles: Map<string, StoredUpload>;
  readonly issuedPolicies: Map<string, IssuedPolicy>;
  readonly ossAccessKeyId: string;
  readonly ossSecret: string;
  log(line: string): void;
}

export function createState(options: FakeDashScopeOptions): FakeState {
  const defaults: FakeDashScopeSettings = {
    apiKey: options.apiKey ?? 'sk-test-key',
    taskDurationMs: options.taskDurationMs ?? 6000,
    taskDurationRange: options.taskDurationRange,
    minSubmitIntervalMs: options.minSubmitIntervalMs ?? 1000,
    maxConcurrentTasks: options.maxConcurrentTasks ?? 2,
    resultFor: options.resultFor,
    log: options.log ?? false,
    policyNumbersAsText: false,
  };
  const settings: FakeDashScopeSettings = { ...defaults };
  return {
    options,
    defaults,
    settings,
    baseUrl: '',
    submissions: [],
    queries: [],
    tasks: new Map(),
    faults: emptyFaultQueues(),
    lastAcceptedAt: -Infinity,
    drawn: 0,
    policyRequests: [],
    uploads: [],
    uploadedFiles: new Map(),
    issuedPolicies: new Map(),
    ossAccessKeyId: `LTAI5tFake${randomBytes(6).toString('hex')}`,
    ossSecret: randomBytes(20).toString('base64'),
    log(line) {
      if (settings.log) console.log(`[fake-dashscope] ${line}`);
    },
  };
}

/** Stops every source download under way. */
export function abortTasks(state: FakeState): void {
  for (const task of state.tasks.values()) task.abort.abort();
}

/** Clears records, tasks, uploads (policies and files) and faults; restores the settings given at start. */
export function resetState(state: FakeState): void {
  abortTasks(state);
  state.submissions.length = 0;
  state.queries.length = 0;
  state.tasks.clear();
  clearFaults(state.faults);
  state.policyRequests.length = 0;
  state.uploads.length = 0;
  state.uploadedFiles.clear();
  state.issuedPolicies.clear();
  state.lastAcceptedAt = -Infinity;
  state.drawn = 0;
  Object.assign(state.settings, state.defaults);
}

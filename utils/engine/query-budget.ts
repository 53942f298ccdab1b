/**
 * One pace for every status query the extension sends, whatever the number of tabs, jobs and tasks.
 *
 * DashScope limits status queries to 20 a second per Alibaba Cloud account, shared by every key, RAM user,
 * device and script of that account (Model Studio, "Asynchronous task management API"). This browser takes at
 * most 3 of them in any second: 15 % of the account's, so several browsers and the user's own scripts still fit,
 * and enough for what qwen-mt-image allows at a time — two tasks in flight, each asked about every ~0.7 s near its
 * end, or one every ~0.35 s. A short burst (the 3 may go as close as 100 ms apart) serves a query just before and
 * one just after an expected end; the 100 ms between any two makes two tasks due at the same moment take turns
 * rather than be asked together. A 429 on a query pauses them all: the account is over its pace, whoever caused it.
 *
 * Pure: the engine keeps the value and passes the clock. It lives in the worker's memory only: a worker is
 * stopped after ~30 s without events, by when any budget has long refilled.
 */
export const QUERIES_PER_WINDOW = 3;
export const QUERY_WINDOW_MS = 1_000;
export const MIN_QUERY_GAP_MS = 100;

export interface QueryBudget {
  /** When the last queries were sent, oldest first (no more than the window holds). */
  readonly sent: readonly number[];
  /** No query before this (after the service answered 429 to one). */
  readonly pausedUntil: number;
}

export const FRESH_BUDGET: QueryBudget = { sent: [], pausedUntil: 0 };

/** The earliest moment, `now` or later, at which one more query keeps within the budget. */
export function nextQueryAllowedAt(budget: QueryBudget, now: number): number {
  const { sent } = budget;
  let at = Math.max(now, budget.pausedUntil);
  const last = sent.at(-1);
  if (last !== undefined) at = Math.max(at, last + MIN_QUERY_GAP_MS);
  if (sent.length >= QUERIES_PER_WINDOW) at = Math.max(at, sent[sent.length - QUERIES_PER_WINDOW]! + QUERY_WINDOW_MS);
  return at;
}

export function spendQuery(budget: QueryBudget, at: number): QueryBudget {
  return { ...budget, sent: [...budget.sent, at].slice(-QUERIES_PER_WINDOW) };
}

export function pauseQueries(budget: QueryBudget, until: number): QueryBudget {
  return { ...budget, pausedUntil: Math.max(budget.pausedUntil, until) };
}

export interface DueQuery {
  nextQueryAt: number;
  /** When this task was last asked about (none yet: first). */
  lastAskedAt?: number;
  submittedAt: number;
}

/**
 * Which of the queries due now may go, and when the next of the rest may: a query that has to wait is delayed,
 * never dropped. Longest due first; between tasks due at the same moment, the one asked about longest ago, so
 * that two tasks near their end take turns.
 */
export function allotQueries<T>(
  due: readonly T[],
  view: (item: T) => DueQuery,
  budget: QueryBudget,
  now: number,
): { go: T[]; budget: QueryBudget; retryAt?: number } {
  const order = [...due].sort((a, b) => {
    const x = view(a);
    const y = view(b);
    return x.nextQueryAt - y.nextQueryAt || (x.lastAskedAt ?? -Infinity) - (y.lastAskedAt ?? -Infinity) || x.submittedAt - y.submittedAt;
  });
  const go: T[] = [];
  let left = budget;
  for (const item of order) {
    const at = nextQueryAllowedAt(left, now);
    if (at > now) return { go, budget: left, retryAt: at };
    go.push(item);
    left = spendQuery(left, now);
  }
  return { go, budget: left };
}

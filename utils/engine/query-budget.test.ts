import { describe, expect, it } from 'vitest';
import {
  allotQueries,
  FRESH_BUDGET,
  MIN_QUERY_GAP_MS,
  nextQueryAllowedAt,
  pauseQueries,
  QUERIES_PER_WINDOW,
  QUERY_WINDOW_MS,
  spendQuery,
  type DueQuery,
} from './query-budget';

describe('the status-query budget', () => {
  it('lets a short burst go, then holds the rest of the second', () => {
    let budget = FRESH_BUDGET;
    const sent: number[] = [];
    let now = 0;
    while (sent.length < 10) {
      now = nextQueryAllowedAt(budget, now);
      sent.push(now);
      budget = spendQuery(budget, now);
    }
    expect(sent.slice(0, QUERIES_PER_WINDOW)).toEqual([0, MIN_QUERY_GAP_MS, 2 * MIN_QUERY_GAP_MS]);
    sent.forEach((at, i) => {
      if (i >= QUERIES_PER_WINDOW) expect(at - sent[i - QUERIES_PER_WINDOW]!).toBeGreaterThanOrEqual(QUERY_WINDOW_MS);
    });
  });

  it('holds every query after a 429 until the pause ends', () => {
    const paused = pauseQueries(FRESH_BUDGET, 5_000);
    expect(nextQueryAllowedAt(paused, 1_000)).toBe(5_000);
    expect(nextQueryAllowedAt(pauseQueries(paused, 2_000), 1_000)).toBe(5_000);
  });

  it('gives the turn to the longest due, then to the task asked about longest ago; the others wait', () => {
    const due: (DueQuery & { id: string })[] = [
      { id: 'recent', nextQueryAt: 900, lastAskedAt: 800, submittedAt: 0 },
      { id: 'long-ago', nextQueryAt: 900, lastAskedAt: 100, submittedAt: 50 },
      { id: 'first-due', nextQueryAt: 500, lastAskedAt: 400, submittedAt: 90 },
    ];
    const allotted = allotQueries(due, (d) => d, FRESH_BUDGET, 1_000);
    expect(allotted.go.map((d) => d.id)).toEqual(['first-due']);
    expect(allotted.retryAt).toBe(1_000 + MIN_QUERY_GAP_MS);
    const next = allotQueries(
      due.filter((d) => d.id !== 'first-due'),
      (d) => d,
      allotted.budget,
      allotted.retryAt!,
    );
    expect(next.go.map((d) => d.id)).toEqual(['long-ago']);
  });
});

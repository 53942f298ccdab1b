import { describe, expect, it } from 'vitest';
import type { JobPhase, JobView } from '../protocol';
import { partsSummary } from './long-image';

const part = (index: number, phase: JobPhase, extra: Partial<JobView> = {}): JobView => ({
  jobId: `job-${index}`,
  srcUrl: 'ref:strip',
  phase,
  requestedAt: 100 + index,
  ...extra,
});

describe("a long picture's parts, seen as one image", () => {
  it('waits while any part does, counting those done; a part not heard of yet waits too', () => {
    expect(partsSummary([part(0, 'queued'), part(1, 'submitting')], 3)).toMatchObject({
      view: { phase: 'queued', requestedAt: 100 },
      done: 0,
    });
    expect(partsSummary([part(0, 'done'), part(1, 'translating'), part(2, 'queued')], 3)).toMatchObject({
      view: { phase: 'translating' },
      done: 1,
    });
    expect(partsSummary([part(0, 'done'), part(1, 'failed', { failure: { kind: 'picture-gone' } })], 3).view.phase).toBe('queued');
  });

  it('fails with the failed part once the others ended', () => {
    const failure = { kind: 'picture-gone' } as const;
    const { view, done } = partsSummary([part(0, 'done'), part(1, 'failed', { failure }), part(2, 'done')], 3);
    expect(view).toMatchObject({ jobId: 'job-1', phase: 'failed', failure, requestedAt: 100 });
    expect(done).toBe(2);
  });

  it('is done when every part is, with no text only when no part had any', () => {
    expect(partsSummary([part(0, 'done'), part(1, 'done', { noText: true })], 2).view).toMatchObject({ phase: 'done', noText: undefined });
    expect(partsSummary([part(0, 'done', { noText: true }), part(1, 'done', { noText: true })], 2).view).toMatchObject({ noText: true });
  });
});

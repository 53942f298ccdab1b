import { pruneFinished, readEngineMemory, type EngineMemory, type Job } from './jobs';
import type { EngineDeps } from './engine-deps';

/** The engine's stored memory, as one worker holds it. */
export interface MemoryHolder {
  mem(): Promise<EngineMemory>;
  persist(): Promise<void>;
  /** Jobs the last worker left mid-submission, now `uncertain`: their images are told at `resume`. */
  interrupted: Job[];
}

export function holdMemory(deps: EngineDeps): MemoryHolder {
  /**
   * Loaded once per worker, and every caller shares the one load: two copies would each decide on their own
   * jobs (a `submitting` converted in one, still filling a slot in the other).
   */
  let loading: Promise<EngineMemory> | undefined;
  const interrupted: Job[] = [];
  function mem(): Promise<EngineMemory> {
    loading ??= deps.load().then((stored) => {
      const { memory, dropped } = readEngineMemory(stored);
      if (dropped) deps.problem?.({ kind: 'dropped-jobs', count: dropped });
      // No submission of this worker can be under way yet: a `submitting` job is one the last worker left.
      for (const job of Object.values(memory.jobs)) {
        if (job.state.name !== 'submitting') continue;
        // Stopped while uploading, no task can exist yet, so the job simply goes on; stopped between sending
        // and hearing back, a task may exist.
        job.state = job.upload && !job.upload.ossUrl ? { name: 'queued', throttled: 0 } : { name: 'uncertain' };
        if (job.state.name === 'uncertain') interrupted.push(job);
      }
      return memory;
    });
    return loading;
  }

  /**
   * Writes the memory. A failed write is reported and the engine goes on from what it holds: a job is never
   * failed (and its task never lost) because storage refused a write.
   */
  async function persist(): Promise<void> {
    const m = await mem();
    const kept = pruneFinished(m.jobs, deps.now());
    const dropped = Object.keys(m.jobs).filter((id) => !(id in kept));
    m.jobs = kept;
    try {
      await deps.save(m);
      await Promise.all(dropped.map((id) => deps.pending.delete(id)));
    } catch (error) {
      deps.problem?.({ kind: 'save-failed', error });
    }
  }

  return { mem, persist, interrupted };
}

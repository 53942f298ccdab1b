import type { EngineMemory } from './jobs';
import type { EngineCore } from './core';

/**
 * The user's monthly limit when one more submission would pass it, else null. Sent tasks count from the
 * moment they are sent (they may be billed) until they are known to have failed or are billed.
 */
export async function limitReached(core: EngineCore, m: EngineMemory): Promise<number | null> {
  const { limit } = (await core.deps.spending?.()) ?? { limit: null };
  if (limit === null) return null;
  // A task seen ended counts as billed once its charge is recorded, and no longer as sent.
  await Promise.all(core.charging.values());
  const { billedThisMonth } = (await core.deps.spending?.()) ?? { billedThisMonth: 0 };
  const sent = Object.values(m.jobs).filter(
    (j) => ['submitting', 'polling', 'uncertain'].includes(j.state.name) && !core.charging.has(j.id),
  ).length;
  return billedThisMonth + sent >= limit ? limit : null;
}

import type { EngineMemory } from './jobs';
import type { EngineCore } from './core';

/**
 * What is left of the user's monthly limit, or null without one. Sent tasks count from the moment they are sent
 * (they may be billed) until they are known to have failed or are billed; with `queued`, jobs waiting to be sent
 * count too (they go first).
 */
export async function spendingRoom(core: EngineCore, m: EngineMemory, queued = false): Promise<{ limit: number; room: number } | null> {
  const { limit } = (await core.deps.spending?.()) ?? { limit: null };
  if (limit === null) return null;
  // A task seen ended counts as billed once its charge is recorded, and no longer as sent.
  await Promise.all(core.charging.values());
  const { billedThisMonth } = (await core.deps.spending?.()) ?? { billedThisMonth: 0 };
  const counted = ['submitting', 'polling', 'uncertain', ...(queued ? ['queued'] : [])];
  const sent = Object.values(m.jobs).filter((j) => counted.includes(j.state.name) && !core.charging.has(j.id)).length;
  return { limit, room: limit - billedThisMonth - sent };
}

/** The user's monthly limit when one more submission would pass it, else null. */
export async function limitReached(core: EngineCore, m: EngineMemory): Promise<number | null> {
  const spending = await spendingRoom(core, m);
  return spending && spending.room <= 0 ? spending.limit : null;
}

import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { targetCodes, type LanguageCode } from './languages';
import { exclusively } from './locks';

/** The target languages used last, newest first, for the "Translate image to" menu. */
export const MAX_RECENT_TARGETS = 4;

const recentSchema = z.array(z.enum(targetCodes)).catch([]);
/** Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration. */
const recentItem = storage.defineItem<unknown>('local:recent-targets', { fallback: [], version: 1 });

export function withRecent(recent: readonly LanguageCode[], used: LanguageCode): LanguageCode[] {
  return [used, ...recent.filter((code) => code !== used)].slice(0, MAX_RECENT_TARGETS);
}

export async function loadRecentTargets(): Promise<LanguageCode[]> {
  return recentSchema.parse(await recentItem.getValue());
}

/** Remembers a target; true when the list changed (and the menu needs rebuilding). */
export function rememberTarget(used: LanguageCode): Promise<boolean> {
  return exclusively(recentItem.key, async () => {
    const recent = await loadRecentTargets();
    const next = withRecent(recent, used);
    if (next.join() === recent.join()) return false;
    await recentItem.setValue(next);
    return true;
  });
}

export function watchRecentTargets(callback: () => void): void {
  recentItem.watch(callback);
}

import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadRecentTargets, rememberTarget, withRecent } from './recent-targets';

describe('recent target languages', () => {
  it('keep the newest first, without repeats, at most four', () => {
    expect(withRecent(['en', 'ja'], 'ja')).toEqual(['ja', 'en']);
    expect(withRecent(['en', 'ja', 'ko', 'fr'], 'ar')).toEqual(['ar', 'en', 'ja', 'ko']);
  });

  it('are stored, and an unreadable stored list reads as empty', async () => {
    fakeBrowser.reset();
    expect(await rememberTarget('ja')).toBe(true);
    expect(await rememberTarget('ja')).toBe(false);
    expect(await loadRecentTargets()).toEqual(['ja']);
    await fakeBrowser.storage.local.set({ 'recent-targets': ['de', 42] });
    expect(await loadRecentTargets()).toEqual([]);
  });
});

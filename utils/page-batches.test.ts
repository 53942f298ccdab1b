import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeText, createPageBatches } from './page-batches';
import type { PageCounts } from './protocol';
import { pageCountsItem } from './session-items';

const counts = (facts: Partial<PageCounts>): PageCounts => ({ total: 12, done: 0, failed: 0, waiting: 0, overLimit: 0, ...facts });

describe('the badge of a batch', () => {
  it('shows done of total while it fits, then what is left, and nothing or "!" at the end', () => {
    expect(badgeText(counts({ done: 3 }))).toBe('3/12');
    expect(badgeText(counts({ total: 120, done: 30, failed: 2 }))).toBe('88');
    expect(badgeText(counts({ done: 12 }))).toBe('');
    expect(badgeText(counts({ done: 11, failed: 1 }))).toBe('!');
  });
});

describe('page batches', () => {
  beforeEach(() => fakeBrowser.reset());

  function batches(current: PageCounts) {
    const asked: { tabId: number; since: number }[] = [];
    const shown: { tabId: number; badge: string; title: string }[] = [];
    const tracker = createPageBatches({
      counts: async (tabId, since) => {
        asked.push({ tabId, since });
        return current;
      },
      showOnButton: async (tabId, badge, title) => void shown.push({ tabId, badge, title }),
    });
    return { tracker, asked, shown };
  }

  it('publishes nothing for a tab with no batch started', async () => {
    const { tracker, asked, shown } = batches(counts({ done: 1 }));
    await tracker.refresh(7);
    expect(asked).toEqual([]);
    expect(shown).toEqual([]);
    expect(await pageCountsItem(7).getValue()).toBeNull();
  });

  it('counts the jobs since the batch started, for the popup and on the button', async () => {
    const { tracker, asked, shown } = batches(counts({ done: 3, waiting: 9 }));
    await tracker.start(7, 1_000);
    await tracker.refresh(7);
    expect(asked).toEqual([{ tabId: 7, since: 1_000 }]);
    expect(await pageCountsItem(7).getValue()).toEqual(counts({ done: 3, waiting: 9 }));
    expect(shown).toEqual([{ tabId: 7, badge: '3/12', title: expect.stringContaining('3') }]);
  });

  it('says on the button how many images the monthly limit left untranslated', async () => {
    const { tracker, shown } = batches(counts({ done: 2, overLimit: 10 }));
    await tracker.start(7, 1_000);
    await tracker.refresh(7);
    expect(shown[0]!.title).toContain('10');
  });
});

/**
 * Every item the extension stores, read from a frozen copy of its current stored version through the reader the
 * extension uses. The copies in tests/fixtures/stored/ are never edited: a change of an item's shape raises its
 * WXT `version` with a migration and adds a copy of the new version, and the old copies keep loading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readStoredApiKey } from '@/utils/api-key';
import { cacheUsage } from '@/utils/cache';
import { engineMemoryItem, readEngineMemory } from '@/utils/engine/jobs';
import { isHoverButtonOn } from '@/utils/hover-button-setting';
import { loadRecentTargets } from '@/utils/recent-targets';
import { loadSettings } from '@/utils/settings';
import { loadHistory } from '@/utils/history';
import { loadPrice } from '@/utils/price';
import { loadBilled, recordBilled } from '@/utils/usage';

const FIXTURES = new URL('../fixtures/stored/', import.meta.url);
const fixture = (file: string): unknown => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
/** Puts a fixture where the extension keeps it, as the browser holds it. */
const store = (key: string, file: string) => fakeBrowser.storage.local.set({ [key]: fixture(file) });

/** Each fixture, and what the extension reads from it. */
const reads: Record<string, () => Promise<void>> = {
  'settings.v1.json': async () => {
    await store('settings', 'settings.v1.json');
    // Settings stored before the sites translated automatically have none: the field is added, not a new shape to migrate.
    const stored = fixture('settings.v1.json') as object;
    expect(stored).not.toHaveProperty('autoSites');
    expect(await loadSettings()).toEqual({ settings: { ...stored, autoSites: [] }, repaired: [] });
  },
  'recent-targets.v1.json': async () => {
    await store('recent-targets', 'recent-targets.v1.json');
    expect(await loadRecentTargets()).toEqual(['en', 'ja']);
  },
  // v1 kept failures as sentences and one submission time: it moves on to v2 through the item's migration.
  'engine.v1.json': async () => {
    await store('engine', 'engine.v1.json');
    await engineMemoryItem.migrate();
    const { memory, dropped } = readEngineMemory(await engineMemoryItem.getValue());
    expect(dropped).toBe(0);
    expect(memory).toEqual(fixture('engine.v2.json'));
    expect(Object.keys(memory.jobs)).toHaveLength(9);
  },
  'engine.v2.json': async () => {
    await fakeBrowser.storage.local.set({ engine: fixture('engine.v2.json'), engine$: { v: 2 } });
    await engineMemoryItem.migrate();
    const { memory, dropped } = readEngineMemory(await engineMemoryItem.getValue());
    expect(dropped).toBe(0);
    expect(memory).toEqual(fixture('engine.v2.json'));
  },
  'usage.v1.json': async () => {
    await store('usage', 'usage.v1.json');
    const { billed } = fixture('usage.v1.json') as { billed: unknown[] };
    expect(await loadBilled()).toEqual(billed);
    // The task ids it holds are read too: a task counted before is not counted again.
    await recordBilled(Date.UTC(2026, 10, 3, 9), false, 'task-2');
    expect(await loadBilled()).toHaveLength(billed.length);
  },
  'usage-price.v1.json': async () => {
    await store('usage-price', 'usage-price.v1.json');
    expect(await loadPrice()).toBe(0.5);
  },
  'history.v1.json': async () => {
    await store('history', 'history.v1.json');
    expect(await loadHistory()).toEqual(fixture('history.v1.json'));
  },
  'cache-index.v1.json': async () => {
    await store('cache-index', 'cache-index.v1.json');
    expect(await cacheUsage()).toEqual({ images: 2, bytes: 48213 + 1024 });
  },
  'hover-button.v1.json': async () => {
    await store('hover-button', 'hover-button.v1.json');
    expect(await isHoverButtonOn()).toBe(true);
  },
  // The API key is kept in the extension's IndexedDB, not in storage.local (see utils/api-key.ts): its reader is
  // given the stored value. v0 is a key saved before keys were bound to an endpoint.
  'api-key.v1.json': async () => {
    expect(readStoredApiKey(fixture('api-key.v1.json'), null)).toEqual({
      apiKey: 'sk-fixture-0123456789',
      endpoint: 'https://dashscope.aliyuncs.com',
    });
  },
  'api-key.v0.json': async () => {
    expect(readStoredApiKey(fixture('api-key.v0.json'), 'https://dashscope-intl.aliyuncs.com')).toEqual({
      apiKey: 'sk-fixture-0123456789',
      endpoint: 'https://dashscope-intl.aliyuncs.com',
    });
  },
};

describe('stored items, from their frozen versions', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each(Object.keys(reads))('%s loads through its reader, nothing lost or repaired', async (file) => {
    await reads[file]!();
  });

  it('has a reading for every frozen version', () => {
    const files = readdirSync(FIXTURES).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(reads).sort());
  });
});

import { storage } from 'wxt/utils/storage';
import { exclusively } from './locks';
import { isRecord, repairSettings, type Repair, type RepairedSettings } from './settings-repair';
import { settingsSchema, type Settings } from './settings-schema';

/** Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration. */
const settingsItem = storage.defineItem<Record<string, unknown>>('local:settings', {
  fallback: {},
  version: 1,
});

export async function loadSettings(): Promise<RepairedSettings> {
  return repairSettings(await settingsItem.getValue());
}

/** A save refused because it would make a repair permanent where the user is not told of it. */
export class SettingsNeedReviewError extends Error {
  constructor(readonly fields: (keyof Settings)[]) {
    super(`Saved settings need review in the options first: ${fields.join(', ')}`);
    this.name = 'SettingsNeedReviewError';
  }
}

export interface SaveOptions {
  /**
   * The calling page shows the user what `loadSettings` repaired (the options page, with its notice): the save
   * may then write the repaired settings back, leaving out for good what could not be read.
   */
  repairsShown?: boolean;
}

/**
 * Stores changes to the settings; given a function, it computes them from the settings as they are stored
 * (repaired). A repair is written back only with `repairsShown`. Without it, every field the changes do not
 * name is written back exactly as stored, unreadable parts included, so a save from the popup never drops
 * them unseen; and a change to a field that needed repair is refused (SettingsNeedReviewError), since its new
 * value was most likely computed from the repaired one and would drop the unreadable elements with it.
 */
export function saveSettings(
  changes: Partial<Settings> | ((stored: Settings) => Partial<Settings>),
  { repairsShown = false }: SaveOptions = {},
): Promise<Settings> {
  return exclusively(settingsItem.key, async () => {
    const raw = await settingsItem.getValue();
    const { settings, repaired } = repairSettings(raw);
    const changed = typeof changes === 'function' ? changes(settings) : changes;
    const given = Object.keys(changed) as (keyof Settings)[];
    const validChanges = pick(settingsSchema.partial().parse(changed), given);
    if (!repairsShown) {
      const needReview = given.filter((field) => repaired.some((repair) => repair.field === field));
      if (needReview.length) throw new SettingsNeedReviewError(needReview);
    }
    const next = repairsShown ? settingsSchema.parse({ ...settings, ...validChanges }) : { ...(isRecord(raw) ? raw : {}), ...validChanges };
    await settingsItem.setValue(next);
    return repairSettings(next).settings;
  });
}

/** The named fields of a parsed partial: zod's `.partial()` fills defaults in, which a change must not carry. */
function pick(values: Partial<Settings>, fields: (keyof Settings)[]): Partial<Settings> {
  return Object.fromEntries(fields.map((field) => [field, values[field]]));
}

export function watchSettings(callback: (settings: Settings, repaired: Repair[]) => void): () => void {
  return settingsItem.watch((value) => {
    const { settings, repaired } = repairSettings(value);
    callback(settings, repaired);
  });
}

import { browser } from 'wxt/browser';
import { siteAllowed } from '@/utils/auto-site-access';
import { siteOrigins } from '@/utils/auto-sites';
import type { Engine } from '@/utils/engine/engine';
import { AUTO_PORT } from '@/utils/protocol';
import { loadSettings, watchSettings } from '@/utils/settings';
import { PAGE_SCRIPT } from './worker-translation';
import { reportFailures } from './toolbar';

const AUTO_TRANSLATE_SCRIPT_ID = 'auto-translate';
/** The look-ahead's page script (entrypoints/auto-translate). */
const AUTO_TRANSLATE_SCRIPT = '/auto-translate.js';

/** Registers the look-ahead on the listed sites the user gave access to (each with its subdomains); on none otherwise. */
async function syncRegistration(): Promise<void> {
  const { settings } = await loadSettings();
  const allowed = await Promise.all(settings.autoSites.map(siteAllowed));
  const matches = settings.autoSites.filter((_, i) => allowed[i]).flatMap(siteOrigins);
  const registered = (await browser.scripting.getRegisteredContentScripts({ ids: [AUTO_TRANSLATE_SCRIPT_ID] })).length > 0;
  if (registered) await browser.scripting.unregisterContentScripts({ ids: [AUTO_TRANSLATE_SCRIPT_ID] });
  if (matches.length === 0) return;
  await browser.scripting.registerContentScripts([
    {
      id: AUTO_TRANSLATE_SCRIPT_ID,
      // The page script first: the look-ahead asks it which pictures are translated already.
      js: [PAGE_SCRIPT, AUTO_TRANSLATE_SCRIPT],
      matches,
      allFrames: true,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}

/**
 * Keeps the look-ahead's registration in step with the list of sites and the access the user gave, from the
 * worker's start; and withdraws what a page's frame left unsent when its document goes (a job nobody else waits
 * for is then cancelled, unbilled; one already submitted goes on, its charge recorded).
 */
export function registerAutoTranslate(engine: Pick<Engine, 'cancelWaiting'>): void {
  // One registration at a time: two at once would register the same id twice.
  let syncing = Promise.resolve();
  const sync = () => {
    syncing = syncing.then(syncRegistration, syncRegistration);
    reportFailures(syncing);
  };
  watchSettings(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  browser.runtime.onConnect.addListener((port) => {
    const tabId = port.sender?.tab?.id;
    if (port.name !== AUTO_PORT || tabId === undefined) return;
    const frameId = port.sender?.frameId ?? 0;
    port.onDisconnect.addListener(() => reportFailures(engine.cancelWaiting(tabId, frameId), tabId));
  });
  sync();
}

import { autoSiteFor } from '@/utils/auto-sites';
import type { PageBatches } from '@/utils/page-batches';
import type { sendToFrame } from '@/utils/protocol';
import { loadSettings } from '@/utils/settings';
import { settingsForPage } from '@/utils/site-profiles';
import type { Translation } from './translate';

export interface NearDeps {
  /** The checks before billing and the way the service gets each picture: those of "Translate all". */
  translation: Pick<Translation, 'prepare' | 'send' | 'showProblem'>;
  sendToFrame: typeof sendToFrame;
  hasApiKey(): Promise<boolean>;
  /** Whether the user gave the extension access to a site of the list (and has not taken it back). */
  siteAllowed(site: string): Promise<boolean>;
  batches: Pick<PageBatches, 'start' | 'refresh'>;
  now(): number;
}

/** Who sent the pictures, as the browser (not the page) tells it. */
export interface NearSender {
  tabId: number;
  frameId: number;
  /** The sending frame's address: it decides whether the site is translated automatically. */
  frameUrl?: string;
  /** The tab's address, which decides the settings profile (as for every translation of the tab). */
  pageUrl?: string;
  /** The sending document: a reload is a new one. */
  documentId?: string;
}

/**
 * Pictures near the viewport on an automatic site, sent by its look-ahead script: each is checked and handed to
 * the engine as "Translate all" does, nearest first. Only a frame whose own address and whose tab's page are on
 * the list, with access given, gets anything sent: a page elsewhere cannot cause a charge however it asks.
 */
export function createNearTranslation(deps: NearDeps) {
  /** Documents heard from: their batch is counted on the badge, and a missing key was said once. */
  const heard = new Set<string>();
  /** Tabs whose badge counts a batch started here. */
  const counted = new Set<number>();

  return async function translateNear(sender: NearSender, srcUrls: readonly string[]): Promise<void> {
    const { tabId, frameId } = sender;
    const stored = (await loadSettings()).settings;
    const site = autoSiteFor(stored.autoSites, sender.frameUrl);
    // The tab's page must be on the list too: a listed site framed by another page (hidden, cycling chapters)
    // is not the reader's standing rule. Without access to that page its address is unknown, and nothing goes.
    if (!site || !autoSiteFor(stored.autoSites, sender.pageUrl) || !(await deps.siteAllowed(site))) return;
    const documentKey = sender.documentId ?? `${tabId}/${frameId}/${sender.frameUrl}`;
    const first = !heard.has(documentKey);
    heard.add(documentKey);
    const locate = (srcUrl: string) => deps.sendToFrame(tabId, frameId, { type: 'locate', srcUrl });
    if (!(await deps.hasApiKey())) {
      // Said on the first picture of the page only, not on every picture that comes near.
      const located = first && srcUrls[0] !== undefined ? await locate(srcUrls[0]) : null;
      if (located) await deps.translation.showProblem({ tabId, frameId, srcUrl: located.srcUrl }, { kind: 'no-key' });
      return;
    }
    // A page's pictures count like a batch of "Translate all" on the badge, from its first.
    if (first && (frameId === 0 || !counted.has(tabId))) {
      await deps.batches.start(tabId, deps.now());
      counted.add(tabId);
    }
    const settings = settingsForPage(stored, sender.pageUrl);
    for (const srcUrl of srcUrls) {
      const located = await locate(srcUrl);
      if (!located) continue;
      const target = { tabId, frameId, srcUrl: located.srcUrl };
      const prepared = await deps.translation.prepare(target, located, settings);
      // What the service would refuse is left alone, as "Translate all" leaves it: a click on it says why.
      if (!('kind' in prepared)) await deps.translation.send(prepared, settings.endpoint, target);
    }
    await deps.batches.refresh(tabId);
  };
}

export type TranslateNear = ReturnType<typeof createNearTranslation>;

import { browser } from 'wxt/browser';
import { viewKey, type View } from '@/utils/protocol';
import { reportFailures } from './toolbar';

export const TOGGLE_VIEW_COMMAND = 'toggle-view';

/** Shows originals or translations for every image in a tab, and remembers the choice for the popup. */
export async function setView(tabId: number, view: View): Promise<void> {
  await browser.storage.session.set({ [viewKey(tabId)]: view });
  // A tab where nothing was translated has no content script to tell; that is not an error.
  await browser.tabs.sendMessage(tabId, { type: 'set-view', view }).catch(() => undefined);
}

export async function toggleView(tabId: number): Promise<void> {
  const current = (await browser.storage.session.get(viewKey(tabId)))[viewKey(tabId)];
  await setView(tabId, current === 'original' ? 'translated' : 'original');
}

/** The keyboard shortcut (Alt+Shift+T unless the user chose another in the browser's shortcut settings). */
export function registerViewCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_VIEW_COMMAND && tab?.id !== undefined) reportFailures(toggleView(tab.id), tab.id);
  });
}

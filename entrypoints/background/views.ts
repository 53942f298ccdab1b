import { browser } from 'wxt/browser';
import { sendToFrame, type View } from '@/utils/protocol';
import { viewItem } from '@/utils/session-items';
import { reportFailures } from './toolbar';

export const TOGGLE_VIEW_COMMAND = 'toggle-view';

/** Shows originals or translations for every image in a tab, and remembers the choice for the popup. */
export async function setView(tabId: number, view: View): Promise<void> {
  await viewItem(tabId).setValue(view);
  // A tab where nothing was translated has no page script to tell; that is not an error.
  await sendToFrame(tabId, undefined, { type: 'set-view', view }).catch(() => undefined);
}

export async function toggleView(tabId: number): Promise<void> {
  const current = await viewItem(tabId).getValue();
  await setView(tabId, current === 'original' ? 'translated' : 'original');
}

/** The keyboard shortcut (Alt+Shift+T unless the user chose another in the browser's shortcut settings). */
export function registerViewCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === TOGGLE_VIEW_COMMAND && tab?.id !== undefined) reportFailures(toggleView(tab.id), tab.id);
  });
}

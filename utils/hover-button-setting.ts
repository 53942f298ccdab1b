// Not the polyfill: the hover button's page script imports this module (see utils/protocol.ts).
import { browser } from '@wxt-dev/browser';

/**
 * The opt-in "Translate image" button shown on images under the pointer. Off by default: it needs the
 * content script on every site, so turning it on asks for access to all sites at that moment, and turning
 * it off gives that access back. Plain storage (no zod, no WXT storage item: with them the page script would
 * outgrow its 5 KB budget); the flag holds nothing secret and a wrong value reads as off. Its stored version is
 * frozen in tests/fixtures/stored/ like the items'.
 */
export const HOVER_BUTTON_KEY = 'hover-button';
export const HOVER_BUTTON_SCRIPT_ID = 'hover-button';
export const HOVER_ORIGINS = ['https://*/*', 'http://*/*'];

export async function isHoverButtonOn(): Promise<boolean> {
  return (await browser.storage.local.get(HOVER_BUTTON_KEY))[HOVER_BUTTON_KEY] === true;
}

export async function setHoverButton(on: boolean): Promise<void> {
  await browser.storage.local.set({ [HOVER_BUTTON_KEY]: on });
}

import { browser } from 'wxt/browser';
import { HOVER_BUTTON_KEY, HOVER_BUTTON_SCRIPT_ID, HOVER_ORIGINS, isHoverButtonOn } from '@/utils/hover-button-setting';
import { PAGE_SCRIPT } from './worker-translation';
import { reportFailures } from './toolbar';

const HOVER_BUTTON_SCRIPT = '/hover-button.js';

/** Registers the page script and the hover button's script on every site while the button is on and allowed; unregisters them otherwise. */
async function syncRegistration(): Promise<void> {
  const wanted = (await isHoverButtonOn()) && (await browser.permissions.contains({ origins: HOVER_ORIGINS }));
  const registered = (await browser.scripting.getRegisteredContentScripts({ ids: [HOVER_BUTTON_SCRIPT_ID] })).length > 0;
  if (wanted && !registered) {
    await browser.scripting.registerContentScripts([
      {
        id: HOVER_BUTTON_SCRIPT_ID,
        // The page script first: the button asks it which images are translated already.
        js: [PAGE_SCRIPT, HOVER_BUTTON_SCRIPT],
        matches: HOVER_ORIGINS,
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  } else if (!wanted && registered) {
    await browser.scripting.unregisterContentScripts({ ids: [HOVER_BUTTON_SCRIPT_ID] });
  }
}

/** Keeps the registration in step with the setting and the access the user gave. */
export function registerHoverButtonScripts(): void {
  browser.storage.local.onChanged.addListener((changes) => {
    if (HOVER_BUTTON_KEY in changes) reportFailures(syncRegistration());
  });
  // Taking the access back in the browser's own settings turns the button off.
  browser.permissions.onRemoved.addListener(() => reportFailures(syncRegistration()));
  reportFailures(syncRegistration());
}

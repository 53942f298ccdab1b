import { browser } from '@wxt-dev/browser';
import { HOVER_BUTTON_KEY, isHoverButtonOn } from '@/utils/hover-button-setting';
import { installHoverButton } from '@/utils/page/hover-button-in-page';
import { PAGE_IMAGES, sendToWorker, type PageImages } from '@/utils/protocol';

/**
 * The opt-in button on images under the pointer. Registered on every site, after the content script, only
 * while the user has it on: pages where it is off never load this code. It asks the page script which
 * images are translated already, and takes itself away when the user turns it off.
 */
export default defineUnlistedScript({
  main() {
    const images = (globalThis as { [PAGE_IMAGES]?: PageImages })[PAGE_IMAGES];
    let remove: (() => void) | undefined;
    const sync = async () => {
      const on = await isHoverButtonOn();
      if (on && !remove) {
        remove = installHoverButton(
          (img) => void sendToWorker({ type: 'translate-from-page', srcUrl: img.currentSrc || img.src }),
          (img) => images?.has(img) ?? false,
        );
      } else if (!on && remove) {
        remove();
        remove = undefined;
      }
    };
    void sync();
    browser.storage.local.onChanged.addListener((changes) => {
      if (HOVER_BUTTON_KEY in changes) void sync();
    });
  },
});

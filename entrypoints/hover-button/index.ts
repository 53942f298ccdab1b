import { browser } from '@wxt-dev/browser';
import { HOVER_BUTTON_KEY, isHoverButtonOn } from '@/utils/hover-button';
import { installHoverButton } from '@/utils/page/hover-button';
import { PAGE_IMAGES, type PageImages, type ToWorkerMessage } from '@/utils/protocol';

/**
 * The opt-in button on images under the pointer. Registered on every site, after the content script, only
 * while the user has it on: pages where it is off never load this code. It asks the content script which
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
          (img) => {
            const message: ToWorkerMessage = { type: 'translate-from-page', srcUrl: img.currentSrc || img.src };
            void browser.runtime.sendMessage(message);
          },
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

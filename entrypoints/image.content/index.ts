import { browser, type Browser } from 'wxt/browser';
import { HOVER_BUTTON_KEY, isHoverButtonOn } from '@/utils/hover-button';
import { installHoverButton } from '@/utils/page/hover-button';
import { createTranslatedImages } from '@/utils/page/translated-images';
import { JOBS_PORT, type ToContentMessage, type ToWorkerMessage } from '@/utils/protocol';

/** Set on the isolated world's global: the worker injects this script at every right-click. */
const LOADED = Symbol.for('qwen-image-translator');

export default defineContentScript({
  registration: 'runtime',
  main() {
    const scope = globalThis as { [LOADED]?: true };
    if (scope[LOADED]) return;
    scope[LOADED] = true;

    const send = (message: ToWorkerMessage) => browser.runtime.sendMessage(message);
    const images = createTranslatedImages({
      act: (action, jobId) => void send(action === 'retry' ? { type: 'retry', jobId } : { type: 'open-options' }),
    });

    let port: Browser.runtime.Port | undefined;
    function stayAttached(): void {
      if (!images.waiting()) {
        port?.disconnect();
        port = undefined;
      } else if (!port) {
        port = browser.runtime.connect({ name: JOBS_PORT });
        port.onDisconnect.addListener(() => {
          port = undefined;
          stayAttached();
        });
      }
    }

    // The opt-in button on images under the pointer, while the user has it on.
    let removeHoverButton: (() => void) | undefined;
    const syncHoverButton = async () => {
      const on = await isHoverButtonOn();
      if (on && !removeHoverButton) {
        removeHoverButton = installHoverButton(
          (img) => void send({ type: 'translate-from-page', srcUrl: img.currentSrc || img.src }),
          (img) => images.has(img),
        );
      } else if (!on && removeHoverButton) {
        removeHoverButton();
        removeHoverButton = undefined;
      }
    };
    void syncHoverButton();
    browser.storage.local.onChanged.addListener((changes) => {
      if (HOVER_BUTTON_KEY in changes) void syncHoverButton();
    });

    browser.runtime.onMessage.addListener((message: ToContentMessage) => {
      switch (message.type) {
        case 'locate':
          return Promise.resolve(images.locate(message.srcUrl));
        case 'locate-pointer':
          return images.locateUnderPointer();
        case 'collect':
          return Promise.resolve(images.collect());
        case 'read':
          return images.read(message.srcUrl);
        case 'job':
          images.update(message.job);
          stayAttached();
          return undefined;
        case 'set-view':
          images.setView(message.view);
          return undefined;
      }
    });
  },
});

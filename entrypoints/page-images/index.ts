import { browser, type Browser } from '@wxt-dev/browser';
import { HOVER_BUTTON_KEY, isHoverButtonOn } from '@/utils/hover-button';
import { installHoverButton } from '@/utils/page/hover-button';
import { createTranslatedImages } from '@/utils/page/translated-images';
import { JOBS_PORT, type ToContentMessage, type ToWorkerMessage } from '@/utils/protocol';

/** Set on the isolated world's global: the worker injects this script at every right-click. */
const LOADED = Symbol.for('qwen-image-translator');

/**
 * The content script, injected by the worker into a frame at a right-click (or registered on every site while
 * the hover button is on). An unlisted script rather than a WXT content script: WXT's content-script wrapper
 * brings the browser polyfill, and this script needs neither.
 */
export default defineUnlistedScript({
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

    /** Answers a request from the worker; `true` keeps the channel open for a reply that comes later. */
    const reply = (answer: unknown, sendResponse: (response: unknown) => void): boolean => {
      if (!(answer instanceof Promise)) {
        sendResponse(answer);
        return false;
      }
      void answer.then(sendResponse);
      return true;
    };
    // Replies go through `sendResponse`, not a returned promise: without the polyfill, that is what every
    // browser supports.
    browser.runtime.onMessage.addListener((message: ToContentMessage, _sender, sendResponse) => {
      switch (message.type) {
        case 'locate':
          return reply(images.locate(message.srcUrl), sendResponse);
        case 'locate-pointer':
          return reply(images.locateUnderPointer(), sendResponse);
        case 'collect':
          return reply(images.collect(), sendResponse);
        case 'read':
          return reply(images.read(message.srcUrl), sendResponse);
        case 'job':
          images.update(message.job);
          stayAttached();
          return false;
        case 'set-view':
          images.setView(message.view);
          return false;
      }
    });
  },
});

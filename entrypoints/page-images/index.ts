import { browser, type Browser } from '@wxt-dev/browser';
import { createTranslatedImages } from '@/utils/page/translated-images';
import { JOBS_PORT, PAGE_IMAGES, type PageImages, type ToContentMessage, type ToWorkerMessage } from '@/utils/protocol';

/**
 * The content script, injected by the worker into a frame at a right-click (or registered on every site, with
 * the hover button's script, while that button is on). An unlisted script rather than a WXT content script: WXT's content-script wrapper
 * brings the browser polyfill, and this script needs neither.
 */
export default defineUnlistedScript({
  main() {
    // The worker injects this script at every right-click: once per frame is enough.
    const scope = globalThis as { [PAGE_IMAGES]?: PageImages };
    if (scope[PAGE_IMAGES]) return;

    const send = (message: ToWorkerMessage) => browser.runtime.sendMessage(message);
    const images = createTranslatedImages({
      act: (action, jobId) => void send(action === 'retry' ? { type: 'retry', jobId } : { type: 'open-options' }),
    });
    scope[PAGE_IMAGES] = images;

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

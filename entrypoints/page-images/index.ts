import { browser, type Browser } from '@wxt-dev/browser';
import { createTranslatedImages } from '@/utils/page/translated-images';
import {
  dispatchMessage,
  JOBS_PORT,
  PAGE_IMAGES,
  sendToWorker,
  type Handlers,
  type PageImages,
  type PageScriptProtocol,
  type ToPageScriptMessage,
} from '@/utils/protocol';

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

    const images = createTranslatedImages({
      act: (action, jobId) => void (action === 'retry' ? sendToWorker({ type: 'retry', jobId }) : sendToWorker({ type: 'open-options' })),
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

    const handlers: Handlers<PageScriptProtocol> = {
      locate: ({ srcUrl }) => images.locate(srcUrl),
      'locate-pointer': () => images.locateUnderPointer(),
      collect: () => images.collect(),
      read: ({ srcUrl, rect }) => images.read(srcUrl, rect),
      'read-parts': ({ srcUrl }) => images.readParts(srcUrl),
      job: async ({ job }) => {
        await images.update(job);
        stayAttached();
        return undefined;
      },
      'set-view': ({ view }) => {
        images.setView(view);
        return undefined;
      },
    };
    // Replies go through `sendResponse`, not a returned promise: without the polyfill, that is what every
    // browser supports. `true` keeps the channel open for a reply that comes later.
    browser.runtime.onMessage.addListener((message: ToPageScriptMessage, _sender, sendResponse) => {
      const answer = dispatchMessage(handlers, message, undefined);
      if (!(answer instanceof Promise)) {
        sendResponse(answer);
        return false;
      }
      // A handler that failed still answers, so the worker's step never waits for ever.
      void answer.then(sendResponse, () => sendResponse(undefined));
      return true;
    });
  },
});

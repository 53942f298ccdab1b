import { browser, type Browser } from 'wxt/browser';
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

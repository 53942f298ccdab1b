import { browser, type Browser } from 'wxt/browser';
import type { Engine } from '@/utils/engine/engine';
import { isHoverButtonOn } from '@/utils/hover-button-setting';
import { dispatchMessage, type Handlers, type View, type WorkerProtocol } from '@/utils/protocol';
import { parseToWorker, SENDERS } from '@/utils/protocol-schema';
import { checkKey } from './check-key';
import type { Translation } from './translate';
import type { TranslateNear } from './translate-near';

export type WorkerHandlers = Handlers<WorkerProtocol, Browser.runtime.MessageSender>;

export interface WorkerMessageDeps {
  engine: Pick<Engine, 'retry' | 'cancelWaiting'>;
  translation: Pick<Translation, 'translateClickedImage' | 'translatePage' | 'translateAgain'>;
  translateNear: TranslateNear;
  /** Publishes a tab's "Translate all" counts again. */
  refreshBatch(tabId: number): Promise<void>;
  setView(tabId: number, view: View): Promise<void>;
  openOptionsPage(): Promise<void>;
}

/** What the worker does for each message, once the router let it through. */
export function createWorkerHandlers(deps: WorkerMessageDeps): WorkerHandlers {
  return {
    async retry({ jobId }, sender) {
      if (sender.tab?.id !== undefined) await deps.engine.retry(jobId, sender.tab.id);
      return undefined;
    },
    async 'open-options'() {
      await deps.openOptionsPage();
      return undefined;
    },
    async 'set-view'({ tabId, view }) {
      await deps.setView(tabId, view);
      return undefined;
    },
    'check-key': ({ apiKey, endpoint, model }) => checkKey(apiKey, endpoint, model),
    async 'translate-from-page'({ srcUrl }, sender) {
      // The page's own button (opt-in): only while it is on, and only in the frame that asked.
      if (sender.tab?.id === undefined || !(await isHoverButtonOn())) return undefined;
      return deps.translation.translateClickedImage({ tabId: sender.tab.id, frameId: sender.frameId ?? 0, srcUrl });
    },
    async 'translate-near'({ srcUrls }, sender) {
      // The frame and its address as the browser reports them: the use case checks the site against the list.
      if (sender.tab?.id === undefined) return undefined;
      const from = { tabId: sender.tab.id, frameId: sender.frameId ?? 0, frameUrl: sender.url, pageUrl: sender.tab.url };
      await deps.translateNear({ ...from, documentId: sender.documentId }, srcUrls);
      return undefined;
    },
    'translate-page': ({ tabId, confirmed }) => deps.translation.translatePage(tabId, confirmed ?? false),
    async 'cancel-page'({ tabId }) {
      await deps.engine.cancelWaiting(tabId);
      await deps.refreshBatch(tabId);
      return undefined;
    },
    'translate-again': ({ entryId }) => deps.translation.translateAgain(entryId),
  };
}

function fromExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

/**
 * The worker's one message listener: every message is validated, must come from this extension, and one that
 * only its pages may send must come from them (see `SENDERS`). Anything else gets no reply. What a handler
 * throws goes to `report` (the toolbar); the sender then gets no reply either.
 */
export function listenToWorkerMessages(handlers: WorkerHandlers, report: (work: Promise<unknown>, tabId?: number) => void): void {
  // The reply is the returned promise, as the browser's onMessage takes it (its typing says void).
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((raw: unknown, sender: Browser.runtime.MessageSender) => {
    const message = parseToWorker(raw);
    if (!message || sender.id !== browser.runtime.id) return undefined;
    if (SENDERS[message.type] === 'extension-pages' && !fromExtensionPage(sender)) return undefined;
    // Async, so that a handler throwing at once is a rejected reply like any other.
    const reply = (async () => dispatchMessage(handlers, message, sender))();
    report(reply, sender.tab?.id);
    return reply.catch(() => undefined);
  });
}

import { beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setHoverButton } from '@/utils/hover-button-setting';
import type { ToWorkerMessage, WorkerProtocol } from '@/utils/protocol';
import { SENDERS } from '@/utils/protocol-schema';
import { createWorkerHandlers, listenToWorkerMessages } from './worker-messages';

const TAB = 7;
const extensionPage: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const pageScript: Browser.runtime.MessageSender = {
  id: fakeBrowser.runtime.id,
  url: 'https://shop.example/item',
  tab: { id: TAB } as Browser.tabs.Tab,
  frameId: 3,
};
const otherExtension: Browser.runtime.MessageSender = { id: 'another-extension', url: 'chrome-extension://another-extension/page.html' };
/** A page script whose page claims an extension page's address: the browser sets `url` to the frame's own. */
const pageNamedLikeUs: Browser.runtime.MessageSender = { ...pageScript, url: 'https://evil.example/chrome-extension://test-extension-id/' };

/** One valid message of each key. */
const valid: { [K in keyof WorkerProtocol]: Extract<ToWorkerMessage, { type: K }> } = {
  retry: { type: 'retry', jobId: 'job-1' },
  'translate-from-page': { type: 'translate-from-page', srcUrl: 'https://cdn.example/1.png' },
  'open-options': { type: 'open-options' },
  'translate-near': { type: 'translate-near', srcUrls: ['https://cdn.example/1.png', 'https://cdn.example/2.png'] },
  'set-view': { type: 'set-view', tabId: TAB, view: 'original' },
  'check-key': { type: 'check-key', apiKey: 'sk-1', endpoint: 'not an endpoint', model: 'qwen-mt-image' },
  'translate-page': { type: 'translate-page', tabId: TAB, confirmed: true },
  'cancel-page': { type: 'cancel-page', tabId: TAB },
  'translate-again': { type: 'translate-again', entryId: 'job-1' },
};

/** The worker's router with its real handlers, over use cases that record what they were asked. */
function router({ failWith }: { failWith?: Error } = {}) {
  const calls: unknown[][] = [];
  const reported: (number | undefined)[] = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      if (failWith) throw failWith;
      return undefined;
    };
  const handlers = createWorkerHandlers({
    engine: { retry: record('retry'), cancelWaiting: record('cancelWaiting') },
    translation: {
      translateClickedImage: record('translateClickedImage'),
      translatePage: async (...args) => {
        calls.push(['translatePage', ...args]);
        return { started: true };
      },
      translateAgain: async (...args) => {
        calls.push(['translateAgain', ...args]);
        return { jobId: 'job-again' };
      },
    },
    translateNear: record('translateNear'),
    refreshBatch: record('refreshBatch'),
    setView: record('setView'),
    openOptionsPage: record('openOptionsPage'),
  });
  listenToWorkerMessages(handlers, (work, tabId) => void work.catch(() => reported.push(tabId)));
  /** The reply the sender gets (the fake browser awaits the listener's promise); undefined for none. */
  const send = async (raw: unknown, sender: Browser.runtime.MessageSender) => {
    const [reply] = (await fakeBrowser.runtime.onMessage.trigger(raw, sender, () => undefined)) as unknown[];
    return reply;
  };
  return { send, calls, reported };
}

beforeEach(() => fakeBrowser.reset());

describe('the worker’s message router', () => {
  it('refuses what does not match a message’s schema, and calls nothing', async () => {
    const { send, calls } = router();
    const refused: unknown[] = [
      null,
      'retry',
      { jobId: 'job-1' },
      { type: 'paint-everything' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 'retry' },
      { type: 'retry', jobId: '' },
      { type: 'retry', jobId: 'x'.repeat(65) },
      { type: 'translate-from-page', srcUrl: 42 },
      { type: 'set-view', tabId: TAB, view: 'both' },
      { type: 'set-view', tabId: -1, view: 'original' },
      { type: 'translate-page', tabId: 1.5 },
      { type: 'translate-page', tabId: TAB, confirmed: 'yes' },
      { type: 'check-key', apiKey: 'k'.repeat(513), endpoint: 'https://e.example', model: 'm' },
      { type: 'translate-again' },
      { type: 'translate-near', srcUrls: [] },
      { type: 'translate-near', srcUrls: [''] },
      { type: 'translate-near', srcUrls: Array.from({ length: 21 }, (_, n) => `https://cdn.example/${n}.png`) },
    ];
    for (const raw of refused) {
      expect(await send(raw, extensionPage), JSON.stringify(raw)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });

  it('hands a handler only the fields its message has', async () => {
    const { send, calls } = router();
    await send({ ...valid['translate-page'], tabId: TAB, confirmed: false, evil: 'payload' }, extensionPage);
    expect(calls).toEqual([['translatePage', TAB, false]]);
  });

  it('refuses every message from another extension', async () => {
    const { send, calls } = router();
    for (const message of Object.values(valid)) expect(await send(message, otherExtension)).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('lets page scripts send only retry, open-options, the hover button’s translate and the look-ahead’s pictures', () => {
    const fromPageScripts = Object.entries(SENDERS)
      .filter(([, senders]) => senders === 'extension-pages-and-page-scripts')
      .map(([type]) => type);
    expect(fromPageScripts.sort()).toEqual(['open-options', 'retry', 'translate-from-page', 'translate-near']);
  });

  it('refuses from page scripts what only the extension’s pages may send', async () => {
    const { send, calls } = router();
    const pageOnly = Object.values(valid).filter((message) => SENDERS[message.type] === 'extension-pages');
    expect(pageOnly).toHaveLength(5);
    for (const message of pageOnly) {
      expect(await send(message, pageScript)).toBeUndefined();
      expect(await send(message, pageNamedLikeUs)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });

  it('answers the extension’s pages', async () => {
    const { send, calls } = router();
    expect(await send(valid['translate-page'], extensionPage)).toEqual({ started: true });
    expect(await send(valid['translate-again'], extensionPage)).toEqual({ jobId: 'job-again' });
    // Refused before any call to the service: the endpoint is not one.
    expect(await send(valid['check-key'], extensionPage)).toEqual({ ok: false, typed: 'invalid-endpoint' });
    await send(valid['set-view'], extensionPage);
    await send(valid['cancel-page'], extensionPage);
    expect(calls).toEqual([
      ['translatePage', TAB, true],
      ['translateAgain', 'job-1'],
      ['setView', TAB, 'original'],
      // Withdrawn first, then counted again.
      ['cancelWaiting', TAB],
      ['refreshBatch', TAB],
    ]);
  });

  it('retries for the page script’s own tab only', async () => {
    const { send, calls } = router();
    await send(valid.retry, pageScript);
    await send(valid['open-options'], pageScript);
    // An extension page has no tab of its own: nothing to retry for.
    await send(valid.retry, extensionPage);
    expect(calls).toEqual([['retry', 'job-1', TAB], ['openOptionsPage']]);
  });

  it('translates from the hover button only while the user has it on, in the frame that asked', async () => {
    const { send, calls } = router();
    await send(valid['translate-from-page'], pageScript);
    expect(calls).toEqual([]);
    await setHoverButton(true);
    await send(valid['translate-from-page'], pageScript);
    await send(valid['translate-from-page'], extensionPage);
    expect(calls).toEqual([['translateClickedImage', { tabId: TAB, frameId: 3, srcUrl: 'https://cdn.example/1.png' }]]);
  });

  it('hands the look-ahead’s pictures on with the frame and addresses the browser reports, not the page', async () => {
    const { send, calls } = router();
    await send({ ...valid['translate-near'], tabId: 99, frameUrl: 'https://manga.example/' }, { ...pageScript, documentId: 'doc-1' });
    // From an extension page there is no tab, so no site to check: nothing.
    await send(valid['translate-near'], extensionPage);
    expect(calls).toEqual([
      [
        'translateNear',
        { tabId: TAB, frameId: 3, frameUrl: 'https://shop.example/item', pageUrl: undefined, documentId: 'doc-1' },
        valid['translate-near'].srcUrls,
      ],
    ]);
  });

  it('reports what a handler throws, for the sender’s tab, and the sender gets no answer', async () => {
    const { send, reported } = router({ failWith: new Error('storage is full') });
    expect(await send(valid.retry, pageScript)).toBeUndefined();
    await send(valid['set-view'], extensionPage);
    expect(reported).toEqual([TAB, undefined]);
  });
});

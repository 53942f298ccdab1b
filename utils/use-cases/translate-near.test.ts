import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TranslationRequest } from '@/utils/dashscope/request';
import type { Target } from '@/utils/engine/jobs';
import {
  dispatchMessage,
  type Handlers,
  type JobView,
  type LocatedImage,
  type PageScriptProtocol,
  type ToPageScriptMessage,
} from '@/utils/protocol';
import { saveSettings } from '@/utils/settings';
import { createTranslation } from './translate';
import { createNearTranslation, type NearDeps, type NearSender } from './translate-near';

const TAB = 7;
const picture = (n: number): LocatedImage => ({
  srcUrl: `https://cdn.example/${n}.png`,
  url: `https://cdn.example/${n}.png`,
  width: 800,
  height: 1200,
});
/** Smaller than the service takes. */
const TINY: LocatedImage = { srcUrl: 'https://cdn.example/tiny.png', url: 'https://cdn.example/tiny.png', width: 5, height: 5 };
const onSite = (facts: Partial<NearSender> = {}): NearSender => ({
  tabId: TAB,
  frameId: 0,
  frameUrl: 'https://www.manga.example/read/1',
  pageUrl: 'https://www.manga.example/read/1',
  documentId: 'doc-1',
  ...facts,
});

/** A frame holding pictures 1–5, an engine and a toolbar badge that record what the look-ahead did with them. */
function harness({ key = true, allowed = ['manga.example'] } = {}) {
  const requests: { request: TranslationRequest; target: Target }[] = [];
  const shown: JobView[] = [];
  const batches: string[] = [];
  const page: Handlers<PageScriptProtocol> = {
    locate: ({ srcUrl }) => [...[1, 2, 3, 4, 5].map(picture), TINY].find((p) => p.srcUrl === srcUrl) ?? null,
    'locate-pointer': () => null,
    collect: () => [],
    read: () => ({ error: { problem: 'gone' } }),
    'read-parts': () => ({ error: { problem: 'gone' } }),
    job: ({ job }) => void shown.push(job),
    'set-view': () => undefined,
  };
  const sendToFrame: NearDeps['sendToFrame'] = async (_tabId, _frameId, message) =>
    dispatchMessage(page, message as ToPageScriptMessage, undefined) as never;
  const engine = {
    request: async (request: TranslationRequest, _endpoint: string, target: Target) => void requests.push({ request, target }),
  };
  const hasApiKey = async () => key;
  const translation = createTranslation({
    engine: { ...engine, again: async () => 'job', estimateMs: async () => 0, limitFor: async () => null },
    injectPageScript: async () => [0],
    sendToFrame,
    showOnToolbar: async () => undefined,
    pageUrlOf: async () => undefined,
    hasApiKey,
    confirmInTab: async () => false,
    batches: { start: async () => undefined, refresh: async () => undefined },
  });
  const translateNear = createNearTranslation({
    translation,
    sendToFrame,
    hasApiKey,
    siteAllowed: async (site) => allowed.includes(site),
    batches: {
      start: async (tabId, at) => void batches.push(`start ${tabId} ${at}`),
      refresh: async (tabId) => void batches.push(`refresh ${tabId}`),
    },
    now: () => 1000,
  });
  return { translateNear, requests, shown, batches };
}

const urls = (...numbers: number[]) => numbers.map((n) => picture(n).srcUrl);

beforeEach(async () => {
  fakeBrowser.reset();
  await saveSettings({ autoSites: ['manga.example'] });
});

describe('translating the pictures near the viewport of an automatic site', () => {
  it('hands each picture to the engine in the order the page sent them, and counts them on the badge', async () => {
    const h = harness();
    await h.translateNear(onSite(), urls(3, 1, 2));
    expect(h.requests.map((r) => r.request.imageUrl)).toEqual(urls(3, 1, 2));
    expect(h.requests[0]?.target).toEqual({ tabId: TAB, frameId: 0, srcUrl: picture(3).srcUrl });
    await h.translateNear(onSite(), urls(4));
    // One batch for the page, started with its first pictures; counted again after each.
    expect(h.batches).toEqual([`start ${TAB} 1000`, `refresh ${TAB}`, `refresh ${TAB}`]);
  });

  it('sends nothing for a frame whose own address is not on the list, whatever the tab shows', async () => {
    const h = harness();
    await h.translateNear(onSite({ frameUrl: 'https://ads.example/frame', pageUrl: 'https://manga.example/' }), urls(1));
    await h.translateNear(onSite({ frameUrl: 'https://notmanga.example/' }), urls(1));
    await h.translateNear(onSite({ frameUrl: undefined }), urls(1));
    expect(h.requests).toEqual([]);
    expect(h.batches).toEqual([]);
  });

  it('sends nothing for a listed site framed by a page that is not on the list, or whose address is unknown', async () => {
    const h = harness();
    await h.translateNear(onSite({ frameUrl: 'https://manga.example/chapter/2', pageUrl: 'https://evil.example/' }), urls(1));
    await h.translateNear(onSite({ frameUrl: 'https://manga.example/chapter/2', pageUrl: undefined }), urls(1));
    expect(h.requests).toEqual([]);
    // Framed by a page of the site itself, it goes.
    await h.translateNear(onSite({ frameId: 3, frameUrl: 'https://cdn.manga.example/viewer', pageUrl: 'https://manga.example/' }), urls(1));
    expect(h.requests).toHaveLength(1);
  });

  it('sends nothing for a listed site whose access the user took back', async () => {
    const h = harness({ allowed: [] });
    await h.translateNear(onSite(), urls(1, 2));
    expect(h.requests).toEqual([]);
  });

  it('skips a picture the frame no longer has, and one the service would refuse, and sends the rest', async () => {
    const h = harness();
    await h.translateNear(onSite(), ['https://cdn.example/gone.png', TINY.srcUrl, ...urls(1)]);
    expect(h.requests.map((r) => r.request.imageUrl)).toEqual(urls(1));
  });

  it('without a key sends nothing, and says so on the page’s first picture only', async () => {
    const h = harness({ key: false });
    await h.translateNear(onSite(), urls(1, 2));
    await h.translateNear(onSite(), urls(3));
    expect(h.requests).toEqual([]);
    expect(h.shown.map((job) => [job.srcUrl, job.failure?.kind])).toEqual([[picture(1).srcUrl, 'no-key']]);
    // The page reloaded: a new document is told again.
    await h.translateNear(onSite({ documentId: 'doc-2' }), urls(4));
    expect(h.shown).toHaveLength(2);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TranslationRequest } from '@/utils/dashscope/request';
import type { Target } from '@/utils/engine/jobs';
import { loadRecentTargets } from '@/utils/recent-targets';
import { addHistory, type HistoryEntry } from '@/utils/history';
import {
  dispatchMessage,
  type CandidateImage,
  type Handlers,
  type JobView,
  type PageScriptProtocol,
  type PartOf,
  type ToPageScriptMessage,
} from '@/utils/protocol';
import { CONFIRM_ABOVE, createTranslation, type TranslateDeps } from './translate';
import { jobWords } from '@/utils/failure-words';
import { estimatedCost, formatCost, loadPrice } from '@/utils/price';

const TAB = 7;
const PAGE = 'https://shop.example/item';
const image = (n: number, facts: Partial<CandidateImage> = {}): CandidateImage => ({
  srcUrl: `https://cdn.example/${n}.png`,
  url: `https://cdn.example/${n}.png`,
  width: 800,
  height: 600,
  distance: n * 100,
  ...facts,
});
/** 1×1 PNG. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A tab whose frames hold images, a toolbar and an engine that record what the use cases did to them. */
function harness({
  frames = { 0: [image(1)] } as Record<number, CandidateImage[]>,
  key = true,
  locked = false,
  answer = false,
  /** What the engine says the batch takes at the model's pace. */
  batchMs = 10_000,
  /** Images the monthly limit (of 10) has room for. */
  room = Infinity,
} = {}) {
  const requests: { request: TranslationRequest; endpoint: string; target: Target; upload?: Blob; part?: PartOf }[] = [];
  const again: { request: TranslationRequest; pageUrl?: string }[] = [];
  const shown: { frameId: number; job: JobView }[] = [];
  const toolbar: string[] = [];
  const questions: string[] = [];
  const batches: string[] = [];
  const reads: string[] = [];
  /** The page script of each frame, answering as it would. */
  const pageScript = (frameId: number): Handlers<PageScriptProtocol> => ({
    locate: ({ srcUrl }) => frames[frameId]?.find((i) => i.srcUrl === srcUrl) ?? null,
    'locate-pointer': () => frames[frameId]?.[0] ?? null,
    collect: () => frames[frameId] ?? [],
    read: ({ srcUrl }) => {
      reads.push(srcUrl);
      return srcUrl.includes('unreadable')
        ? { error: { problem: 'cross-origin' as const } }
        : { dataUrl: PNG, width: 1, height: 1, origin: 'https://shop.example' };
    },
    'read-parts': ({ srcUrl }) => {
      reads.push(srcUrl);
      if (srcUrl.includes('huge')) return { error: { problem: 'too-large' as const, width: 600, height: 90_000 } };
      // Three slices of a 600 × 15000 strip, scrolled to its middle; the bottom one alike to the top one.
      const slice = (y: number, distance: number) => ({ dataUrl: PNG, rect: { x: 0, y, width: 600, height: 5000 }, distance });
      return { parts: [slice(0, 300), slice(5000, 0), slice(10_000, 900)], origin: 'https://shop.example' };
    },
    job: ({ job }) => {
      shown.push({ frameId, job });
      return undefined;
    },
    'set-view': () => undefined,
  });
  const deps: TranslateDeps = {
    engine: {
      request: async (request, endpoint, target, upload, part) => void requests.push({ request, endpoint, target, upload, part }),
      again: async (request, _endpoint, pageUrl) => {
        again.push({ request, pageUrl });
        return 'job-again';
      },
      estimateMs: async () => batchMs,
      limitFor: async (images) => (images > room ? 10 : null),
    },
    injectPageScript: async (_tabId, frameId) => {
      if (locked) throw new Error('Cannot access contents of the page');
      return frameId === undefined ? Object.keys(frames).map(Number) : [frameId];
    },
    sendToFrame: async (_tabId, frameId, message) =>
      dispatchMessage(pageScript(frameId ?? 0), message as ToPageScriptMessage, undefined) as never,
    showOnToolbar: async (_tabId, problem) => void toolbar.push(problem),
    pageUrlOf: async () => PAGE,
    hasApiKey: async () => key,
    confirmInTab: async (_tabId, question) => {
      questions.push(question);
      return answer;
    },
    batches: {
      start: async (tabId) => void batches.push(`start ${tabId}`),
      refresh: async (tabId) => void batches.push(`refresh ${tabId}`),
    },
  };
  return { translation: createTranslation(deps), requests, again, shown, toolbar, questions, batches, reads };
}

beforeEach(() => fakeBrowser.reset());

describe('translating the image the user clicked', () => {
  it('hands a picture the service can download to the engine by its address, and remembers the target', async () => {
    const h = harness();
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: image(1).srcUrl, targetLang: 'ja' });
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]).toMatchObject({
      request: { imageUrl: image(1).url, sourceLang: 'auto', targetLang: 'ja' },
      target: { tabId: TAB, frameId: 0, srcUrl: image(1).srcUrl },
      upload: undefined,
    });
    expect(h.reads).toEqual([]);
    expect(await loadRecentTargets()).toEqual(['ja']);
  });

  it('takes the picture under the pointer when the browser named none', async () => {
    const h = harness();
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0 });
    expect(h.requests.map((r) => r.request.imageUrl)).toEqual([image(1).url]);
  });

  it('uploads a picture the page read, named by its bytes and kept to the origin that read it', async () => {
    const embedded = image(1, { srcUrl: 'ref:1', url: PNG });
    const h = harness({ frames: { 0: [embedded] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: 'ref:1' });
    expect(h.reads).toEqual(['ref:1']);
    expect(h.requests[0]!.request.imageUrl).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.requests[0]!.request.scope).toBe('https://shop.example');
    expect(h.requests[0]!.upload?.type).toBe('image/png');
  });

  it('sends a picture beyond 10:1 as the parts the page cut, nearest the viewport first, each read for upload', async () => {
    const strip = image(1, { srcUrl: 'ref:strip', url: 'https://cdn.example/strip.png', width: 600, height: 15_000 });
    const h = harness({ frames: { 0: [strip] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: 'ref:strip' });
    expect(h.reads).toEqual(['ref:strip']);
    expect(h.requests.map((r) => [r.part?.index, r.part?.rect.y])).toEqual([
      [1, 5000],
      [0, 0],
      [2, 10_000],
    ]);
    const groups = new Set(h.requests.map((r) => r.part?.group));
    expect(groups.size).toBe(1);
    for (const r of h.requests) {
      expect(r.part?.count).toBe(3);
      expect(r.upload?.type).toBe('image/png');
      expect(r.request.imageUrl).toMatch(/^sha256:/);
      expect(r.request.scope).toBe('https://shop.example');
    }
    expect(h.shown).toEqual([]);
  });

  it('starts no part of a long picture whose parts would pass the monthly limit', async () => {
    const strip = image(1, { srcUrl: 'ref:strip', url: 'https://cdn.example/strip.png', width: 600, height: 15_000 });
    const h = harness({ frames: { 0: [strip] }, room: 2 });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: 'ref:strip' });
    expect(h.requests).toEqual([]);
    expect(h.shown.map((s) => s.job.failure)).toEqual([{ kind: 'monthly-limit', detail: { limit: 10 } }]);
  });

  it('says plainly that a picture too large for a canvas cannot be cut', async () => {
    const huge = image(1, { srcUrl: 'ref:huge', url: 'https://cdn.example/huge.png', width: 600, height: 90_000 });
    const h = harness({ frames: { 0: [huge] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: 'ref:huge' });
    expect(h.requests).toEqual([]);
    expect(jobWords(h.shown[0]!.job)?.message).toBe(i18n.t('read.tooLarge', { width: 600, height: 90_000 }));
  });

  it('uploads a private address under its own address', async () => {
    const intranet = image(1, { srcUrl: 'http://intranet/a.png', url: 'http://intranet/a.png' });
    const h = harness({ frames: { 0: [intranet] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: intranet.srcUrl });
    expect(h.requests[0]!.request.imageUrl).toBe('http://intranet/a.png');
    expect(h.requests[0]!.upload).toBeDefined();
  });

  it('shows on the image why a picture the page cannot read is not sent', async () => {
    const unreadable = image(1, { srcUrl: 'http://intranet/unreadable.png', url: 'http://intranet/unreadable.png' });
    const h = harness({ frames: { 0: [unreadable] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: unreadable.srcUrl });
    expect(h.requests).toEqual([]);
    expect(h.shown.map((s) => s.job)).toMatchObject([{ phase: 'failed', srcUrl: unreadable.srcUrl }]);
    expect(jobWords(h.shown[0]!.job)?.message).toBe(i18n.t('read.crossOrigin'));
  });

  it('checks before billing: a picture the service would refuse is shown failed on the image, never sent', async () => {
    const tiny = image(1, { width: 10, height: 10 });
    const h = harness({ frames: { 0: [tiny] } });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: tiny.srcUrl });
    expect(h.requests).toEqual([]);
    expect(h.shown).toHaveLength(1);
    expect(h.shown[0]!.job).toMatchObject({ phase: 'failed', srcUrl: tiny.srcUrl });
    expect(jobWords(h.shown[0]!.job)?.message).toMatch(/10/);
  });

  it('without a key, offers the settings on the image and sends nothing', async () => {
    const h = harness({ key: false });
    await h.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: image(1).srcUrl });
    expect(h.requests).toEqual([]);
    expect(h.shown[0]!.job).toMatchObject({ phase: 'failed' });
    expect(jobWords(h.shown[0]!.job)?.action).toBe('open-settings');
  });

  it('says on the toolbar what no image can: a locked page, an image gone, nothing under the pointer', async () => {
    const locked = harness({ locked: true });
    await locked.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: image(1).srcUrl });
    const gone = harness();
    await gone.translation.translateClickedImage({ tabId: TAB, frameId: 0, srcUrl: 'https://cdn.example/other.png' });
    const empty = harness({ frames: { 0: [] } });
    await empty.translation.translateClickedImage({ tabId: TAB, frameId: 0 });
    for (const h of [locked, gone, empty]) {
      expect(h.toolbar).toHaveLength(1);
      expect(h.requests).toEqual([]);
    }
    expect(locked.toolbar[0]).toContain('Cannot access contents of the page');
    expect(gone.toolbar[0]).not.toEqual(empty.toolbar[0]);
  });
});

describe('translating a whole page', () => {
  it('sends every image of every frame, nearest first, within one batch', async () => {
    const h = harness({ frames: { 0: [image(3), image(1)], 4: [image(2)] } });
    expect(await h.translation.translatePage(TAB, false)).toEqual({ started: true });
    expect(h.requests.map((r) => [r.target.frameId, r.request.imageUrl])).toEqual([
      [0, image(1).url],
      [4, image(2).url],
      [0, image(3).url],
    ]);
    expect(h.batches).toEqual([`start ${TAB}`, `refresh ${TAB}`]);
  });

  it('leaves alone the images the service would refuse', async () => {
    const h = harness({ frames: { 0: [image(1), image(2, { width: 10 })] } });
    expect(await h.translation.translatePage(TAB, false)).toEqual({ started: true });
    expect(h.requests.map((r) => r.request.imageUrl)).toEqual([image(1).url]);
    expect(h.shown).toEqual([]);
  });

  it(`asks first, with the count and cost, above ${CONFIRM_ABOVE} images; confirmed, sends them all`, async () => {
    const many = Array.from({ length: CONFIRM_ABOVE + 1 }, (_, n) => image(n));
    const h = harness({ frames: { 0: many } });
    expect(await h.translation.translatePage(TAB, false)).toEqual({ confirm: { images: CONFIRM_ABOVE + 1, cost: '$0.0091' } });
    expect(h.requests).toEqual([]);
    expect(h.batches).toEqual([]);
    expect(await h.translation.translatePage(TAB, true)).toEqual({ started: true });
    expect(h.requests).toHaveLength(CONFIRM_ABOVE + 1);
  });

  it("asks also before a few images that take more than a minute at the model's pace, saying how many minutes", async () => {
    const few = Array.from({ length: 3 }, (_, n) => image(n));
    const slow = harness({ frames: { 0: few }, batchMs: 3 * 60_000 });
    expect(await slow.translation.translatePage(TAB, false)).toEqual({ confirm: { images: 3, cost: '$0.0013', minutes: 3 } });
    expect(slow.requests).toEqual([]);
    const menu = harness({ frames: { 0: few }, batchMs: 3 * 60_000 });
    await menu.translation.translatePageFromMenu(TAB);
    expect(menu.questions).toHaveLength(1);
    expect(menu.questions[0]).toContain('3 minutes');
    const quick = harness({ frames: { 0: few }, batchMs: 50_000 });
    expect(await quick.translation.translatePage(TAB, false)).toEqual({ started: true });
  });

  it('counts the parts of a long picture in the cost asked about', async () => {
    const strips = Array.from({ length: CONFIRM_ABOVE + 1 }, (_, n) => image(n, { width: 600, height: 9000 }));
    const h = harness({ frames: { 0: strips } });
    const cost = formatCost(estimatedCost(2 * strips.length, await loadPrice()));
    expect(await h.translation.translatePage(TAB, false)).toEqual({ confirm: { images: CONFIRM_ABOVE + 1, cost } });
  });

  it(`asks for fewer than ${CONFIRM_ABOVE} long pictures whose parts, each billed, are more`, async () => {
    const strips = Array.from({ length: CONFIRM_ABOVE / 2 + 1 }, (_, n) => image(n, { width: 600, height: 9000 }));
    const h = harness({ frames: { 0: strips } });
    expect(await h.translation.translatePage(TAB, false)).toHaveProperty('confirm.images', strips.length);
    expect(h.requests).toEqual([]);
  });

  it('from the menu, asks in the browser dialog and goes on only when the user agrees', async () => {
    const many = Array.from({ length: CONFIRM_ABOVE + 1 }, (_, n) => image(n));
    const declined = harness({ frames: { 0: many }, answer: false });
    await declined.translation.translatePageFromMenu(TAB);
    expect(declined.questions).toHaveLength(1);
    expect(declined.questions[0]).toContain(String(CONFIRM_ABOVE + 1));
    expect(declined.requests).toEqual([]);
    const agreed = harness({ frames: { 0: many }, answer: true });
    await agreed.translation.translatePageFromMenu(TAB);
    expect(agreed.requests).toHaveLength(CONFIRM_ABOVE + 1);
    const small = harness();
    await small.translation.translatePageFromMenu(TAB);
    expect(small.questions).toEqual([]);
    expect(small.requests).toHaveLength(1);
  });

  it('starts nothing on a page without images, a locked page, or without a key', async () => {
    const empty = harness({ frames: { 0: [] } });
    const locked = harness({ locked: true });
    const noKey = harness({ key: false });
    for (const h of [empty, locked, noKey]) {
      expect(await h.translation.translatePage(TAB, true)).toEqual({ started: false });
      expect(h.requests).toEqual([]);
      expect(h.batches).toEqual([]);
    }
    expect(empty.toolbar).toHaveLength(1);
    expect(locked.toolbar).toHaveLength(1);
    // Without a key, the nearest image says so, with the way to the settings.
    expect(noKey.shown.map((s) => jobWords(s.job)?.action)).toEqual(['open-settings']);
  });
});

describe('translating a history entry again', () => {
  const entry = (facts: Partial<HistoryEntry> = {}): HistoryEntry => ({
    jobId: 'job-1',
    cacheKey: 'k',
    at: 1,
    sourceLang: 'zh',
    targetLang: 'ja',
    pageUrl: PAGE,
    imageUrl: image(1).url,
    noText: false,
    byAddress: true,
    ...facts,
  });

  it('asks the engine for a new task with the entry’s picture and languages', async () => {
    await addHistory(entry());
    const h = harness();
    expect(await h.translation.translateAgain('job-1')).toEqual({ jobId: 'job-again' });
    expect(h.again).toMatchObject([{ request: { imageUrl: image(1).url, sourceLang: 'zh', targetLang: 'ja' }, pageUrl: PAGE }]);
  });

  it('says why not for an entry gone, a picture only its page could read, or no key', async () => {
    await addHistory(entry({ jobId: 'read-by-page', byAddress: false }));
    await addHistory(entry());
    const h = harness();
    const noKey = harness({ key: false });
    const replies = [
      await h.translation.translateAgain('gone'),
      await h.translation.translateAgain('read-by-page'),
      await noKey.translation.translateAgain('job-1'),
    ];
    for (const reply of replies) expect(reply).toEqual({ error: expect.any(String) });
    expect(new Set(replies.map((r) => ('error' in r ? r.error : ''))).size).toBe(3);
    expect([...h.again, ...noKey.again]).toEqual([]);
  });
});

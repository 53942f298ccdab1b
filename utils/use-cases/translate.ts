import { i18n } from '#i18n';
import { buildExt, type TranslationRequest } from '@/utils/dashscope/request';
import type { Engine } from '@/utils/engine/engine';
import type { Target } from '@/utils/engine/jobs';
import { minutesToTell } from '@/utils/engine/pace';
import { pageQuestionText } from '@/utils/page-question';
import { contentAddress, dataUrlToBlob } from '@/utils/data-url';
import type { Failure } from '@/utils/failure';
import { failureWords } from '@/utils/failure-words';
import { deliveryFor, requestProblem } from '@/utils/limits';
import type { LocatedImage, PartOf, sendToFrame, TranslateAgainReply, TranslatePageReply } from '@/utils/protocol';
import { isLong, partCount } from '@/utils/slices';
import { loadHistory } from '@/utils/history';
import { estimatedCost, formatCost, loadPrice } from '@/utils/price';
import { rememberTarget } from '@/utils/recent-targets';
import { loadSettings } from '@/utils/settings';
import type { Settings } from '@/utils/settings-schema';
import { settingsForPage } from '@/utils/site-profiles';
import { termsFor } from '@/utils/terminology';
import type { LanguageCode } from '@/utils/languages';

/**
 * What the user asks the worker to translate: one image (the menu, the hover button), a whole page, a history
 * entry again. Settings, history and prices come from extension storage; the browser's tabs, frames and toolbar
 * are passed in, so that these run (and are tested) without a browser.
 */
export interface TranslateDeps {
  engine: Pick<Engine, 'request' | 'again' | 'estimateMs' | 'limitFor'>;
  /**
   * Puts the page script into one frame of a tab, or into every frame when `frameId` is left out; the frames it
   * is in now. Throws where the browser allows no script (its own pages, the web store).
   */
  injectPageScript(tabId: number, frameId?: number): Promise<number[]>;
  sendToFrame: typeof sendToFrame;
  /** Says what happened on the toolbar button, when no image can say it itself. */
  showOnToolbar(tabId: number, problem: string): Promise<void>;
  /** The tab's address, which decides its settings profile; undefined for a tab closed meanwhile. */
  pageUrlOf(tabId: number): Promise<string | undefined>;
  hasApiKey(): Promise<boolean>;
  /** Asks in the browser's own dialog, which no page script can answer. */
  confirmInTab(tabId: number, question: string): Promise<boolean>;
  /** The tab's "Translate all" batch: when it started, and its counts published again. */
  batches: { start(tabId: number, at: number): Promise<void>; refresh(tabId: number): Promise<void> };
}

/** "Translate all" on a page with more images than this first asks, with the count and the estimated cost. */
export const CONFIRM_ABOVE = 20;

interface Prepared {
  request: TranslationRequest;
  /** The picture itself, when the service cannot download it by address. */
  upload?: Blob;
  /** The slice of a long picture this is. */
  part?: PartOf;
}

/** What the service is asked for a picture, with the settings that apply to its page. */
function requestFor(settings: Settings, imageUrl: string): TranslationRequest {
  return {
    model: settings.model,
    imageUrl,
    sourceLang: settings.sourceLang,
    targetLang: settings.targetLang,
    ext: buildExt({ ...settings, terminologies: termsFor(settings.terminologies, settings.sourceLang, settings.targetLang) }),
  };
}

export function createTranslation(deps: TranslateDeps) {
  /** Shows a problem found before anything was sent: nothing is billed, and nothing is retried. */
  function showProblem(target: Target, failure: Failure): Promise<unknown> {
    const job = {
      jobId: `check-${crypto.randomUUID()}`,
      srcUrl: target.srcUrl,
      phase: 'failed' as const,
      requestedAt: Date.now(),
      failure,
    };
    return deps.sendToFrame(target.tabId, target.frameId, { type: 'job', job });
  }

  async function settingsFor(pageUrl: string | undefined): Promise<Settings> {
    return settingsForPage((await loadSettings()).settings, pageUrl);
  }

  /**
   * The checks before billing, then how the service gets the picture: by address, or read by the page. A long
   * picture is cut by the page, which holds it decoded (and stitches it back), into slices sent as parts, nearest
   * the viewport first: each is one billed image, and the engine retries each on its own rules.
   */
  async function prepare(target: Target, image: LocatedImage, settings: Settings): Promise<Prepared[] | Failure> {
    const problem = requestProblem(image, settings.sourceLang, settings.targetLang, settings.model);
    if (problem) return problem;
    const request = (imageUrl: string) => requestFor(settings, imageUrl);
    // What a page could read is translated for its origin alone (see `TranslationRequest.scope`).
    const byBytes = async (dataUrl: string, origin: string) => {
      const upload = dataUrlToBlob(dataUrl);
      return { request: { ...request(await contentAddress(upload)), scope: origin }, upload };
    };
    if (isLong(image.width, image.height)) {
      const read = await deps.sendToFrame(target.tabId, target.frameId, { type: 'read-parts', srcUrl: target.srcUrl });
      if ('error' in read) return { kind: 'unreadable', detail: read.error };
      const count = read.parts.length;
      // Half a picture is no use: one whose parts would pass the monthly limit is not started.
      const limit = await deps.engine.limitFor(count);
      if (limit !== null) return { kind: 'monthly-limit', detail: { limit } };
      const group = crypto.randomUUID();
      const parts = await Promise.all(
        read.parts.map(async ({ dataUrl, rect, distance }, index) => ({
          ...(await byBytes(dataUrl, read.origin)),
          part: { group, index, count, rect },
          distance,
        })),
      );
      return parts.sort((a, b) => a.distance - b.distance).map(({ distance: _, ...prepared }) => prepared);
    }
    const delivery = deliveryFor(image);
    if (delivery.kind === 'url') return [{ request: request(image.url) }];
    const read = await deps.sendToFrame(target.tabId, target.frameId, { type: 'read', srcUrl: target.srcUrl });
    if ('error' in read) return { kind: 'unreadable', detail: read.error };
    // data: and blob: addresses do not last, and a very long one is not kept: the same bytes are the same picture.
    if (delivery.reason === 'embedded' || delivery.reason === 'long') return [await byBytes(read.dataUrl, read.origin)];
    return [{ request: { ...request(image.url), scope: read.origin }, upload: dataUrlToBlob(read.dataUrl) }];
  }

  /** Hands what `prepare` made to the engine, part after part. */
  async function send(prepared: Prepared[], endpoint: string, target: Target): Promise<void> {
    for (const { request, upload, part } of prepared) await deps.engine.request(request, endpoint, target, upload, part);
  }

  /**
   * The right-click on an image: find it in its frame, check it, and hand it to the engine. Without a
   * `srcUrl` (a CSS background, reported as a click on the page) the picture under the pointer is taken.
   */
  async function translateClickedImage({
    tabId,
    frameId,
    srcUrl,
    targetLang,
  }: {
    tabId: number;
    frameId: number;
    srcUrl?: string;
    targetLang?: LanguageCode;
  }): Promise<undefined> {
    try {
      await deps.injectPageScript(tabId, frameId);
    } catch (error) {
      await deps.showOnToolbar(tabId, i18n.t('translate.pageLocked', { error: String(error) }));
      return;
    }
    const located = srcUrl
      ? await deps.sendToFrame(tabId, frameId, { type: 'locate', srcUrl })
      : await deps.sendToFrame(tabId, frameId, { type: 'locate-pointer' });
    if (!located) {
      await deps.showOnToolbar(tabId, srcUrl ? i18n.t('translate.imageGone') : i18n.t('translate.nothingUnderPointer'));
      return;
    }
    // The frame's own name for the picture: a data: URL, megabytes long, is not kept in storage.
    const target: Target = { tabId, frameId, srcUrl: located.srcUrl };
    if (!(await deps.hasApiKey())) {
      await showProblem(target, { kind: 'no-key' });
      return;
    }
    const stored = await settingsFor(await deps.pageUrlOf(tabId));
    // "Translate image to ▸ Japanese" overrides the default target for this one image.
    const settings = targetLang ? { ...stored, targetLang } : stored;
    const prepared = await prepare(target, located, settings);
    if ('kind' in prepared) {
      await showProblem(target, prepared);
      return;
    }
    await send(prepared, settings.endpoint, target);
    await rememberTarget(settings.targetLang);
  }

  /**
   * "Translate all images on this page": every image worth translating in every frame we may enter, nearest
   * the viewport first. Images the service would refuse are left alone; one click on them says why. More than
   * `CONFIRM_ABOVE` images, or more than a minute's worth at the model's pace, are sent only once the user
   * `confirmed` the count, its estimated cost and the time it takes.
   */
  async function translatePage(tabId: number, confirmed: boolean): Promise<TranslatePageReply> {
    let frames: number[];
    try {
      frames = await deps.injectPageScript(tabId);
    } catch (error) {
      await deps.showOnToolbar(tabId, i18n.t('translate.pageLocked', { error: String(error) }));
      return { started: false };
    }
    const perFrame = await Promise.all(
      frames.map((frameId) =>
        deps.sendToFrame(tabId, frameId, { type: 'collect' }).then(
          (images) => images.map((image) => ({ image, target: { tabId, frameId, srcUrl: image.srcUrl } })),
          // A frame that navigated away since the injection has nothing to offer.
          () => [],
        ),
      ),
    );
    const candidates = perFrame.flat().sort((a, b) => a.image.distance - b.image.distance);
    if (candidates.length === 0) {
      await deps.showOnToolbar(tabId, i18n.t('translate.noImages'));
      return { started: false };
    }
    if (!(await deps.hasApiKey())) {
      await showProblem(candidates[0]!.target, { kind: 'no-key' });
      return { started: false };
    }
    const settings = await settingsFor(await deps.pageUrlOf(tabId));
    // A few images of a slow model (qwen-mt-image-2.0: one a minute) are asked about too, for the time they take.
    // A long picture is billed once per part.
    const billed = candidates.reduce((sum, { image }) => sum + partCount(image.width, image.height), 0);
    const minutes = minutesToTell(await deps.engine.estimateMs(billed, settings.model));
    if ((billed > CONFIRM_ABOVE || minutes !== undefined) && !confirmed) {
      const cost = formatCost(estimatedCost(billed, await loadPrice()));
      return { confirm: { images: candidates.length, cost, minutes } };
    }
    await deps.batches.start(tabId, Date.now());
    await rememberTarget(settings.targetLang);
    for (const { image, target } of candidates) {
      const prepared = await prepare(target, image, settings);
      if (!('kind' in prepared)) await send(prepared, settings.endpoint, target);
    }
    await deps.batches.refresh(tabId);
    return { started: true };
  }

  return {
    translateClickedImage,
    translatePage,
    // The look-ahead of automatic sites (translate-near.ts) checks and sends each picture the same way.
    prepare,
    send,
    showProblem,

    /**
     * The same from the page's menu, which has no window of its own to ask in: a large page is confirmed in the
     * browser's own dialog, opened from the extension's isolated world, which no page script can answer.
     */
    async translatePageFromMenu(tabId: number): Promise<void> {
      const reply = await translatePage(tabId, false);
      if (!('confirm' in reply)) return;
      if (await deps.confirmInTab(tabId, pageQuestionText(reply.confirm))) await translatePage(tabId, true);
    },

    /**
     * "Translate again" in the history: the same picture and languages, with the settings its page has now (so a
     * changed term or hint applies), as a new task. Only a picture the service downloaded by its address can be
     * sent again without its page.
     */
    async translateAgain(entryId: string): Promise<TranslateAgainReply> {
      const entry = (await loadHistory()).find((e) => e.jobId === entryId);
      if (!entry) return { error: i18n.t('translate.again.gone') };
      if (!entry.byAddress) return { error: i18n.t('translate.again.needsPage') };
      if (!(await deps.hasApiKey())) return { error: failureWords({ kind: 'no-key' }).message };
      const stored = await settingsFor(entry.pageUrl);
      const settings = { ...stored, sourceLang: entry.sourceLang, targetLang: entry.targetLang };
      return { jobId: await deps.engine.again(requestFor(settings, entry.imageUrl), settings.endpoint, entry.pageUrl) };
    },
  };
}

export type Translation = ReturnType<typeof createTranslation>;

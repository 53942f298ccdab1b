import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getApiKey } from '@/utils/api-key';
import { buildExt, type TranslationRequest } from '@/utils/dashscope/request';
import type { Engine } from '@/utils/engine/engine';
import type { Target } from '@/utils/engine/jobs';
import { minutesToTell } from '@/utils/engine/pace';
import { pageQuestionText } from '@/utils/page-question';
import { NO_KEY, type UserMessage } from '@/utils/engine/user-messages';
import { contentAddress, dataUrlToBlob } from '@/utils/data-url';
import { deliveryFor, requestProblem } from '@/utils/limits';
import { sendToFrame, type LocatedImage, type TranslateAgainReply, type TranslatePageReply } from '@/utils/protocol';
import { estimatedCost, formatCost, loadHistory, loadPrice } from '@/utils/usage';
import { rememberTarget } from '@/utils/recent-targets';
import { loadSettings, settingsForPage, type Settings } from '@/utils/settings';
import { termsFor } from '@/utils/terminology';
import type { LanguageCode } from '@/utils/languages';
import type { createPageProgress } from './page-progress';
import { showOnToolbar } from './toolbar';

type PageProgress = ReturnType<typeof createPageProgress>;

export const CONTENT_SCRIPT = '/page-images.js';
/** "Translate all" on a page with more images than this first asks, with the count and the estimated cost. */
export const CONFIRM_ABOVE = 20;

/** Shows a problem found before anything was sent: nothing is billed, and nothing is retried. */
function showProblem(target: Target, problem: UserMessage): Promise<unknown> {
  const job = {
    jobId: `check-${crypto.randomUUID()}`,
    srcUrl: target.srcUrl,
    phase: 'failed' as const,
    requestedAt: Date.now(),
    ...problem,
  };
  return sendToFrame(target.tabId, target.frameId, { type: 'job', job });
}

/** The page's address, which decides its profile; known after the user acted on the tab. */
async function pageUrlOf(tabId: number): Promise<string | undefined> {
  // A tab closed meanwhile has no address, and then no profile but the default.
  return (await browser.tabs.get(tabId).catch(() => undefined))?.url;
}

interface Prepared {
  request: TranslationRequest;
  /** The picture itself, when the service cannot download it by address. */
  upload?: Blob;
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

/** The checks before billing, then how the service gets the picture: by address, or read by the page. */
async function prepare(target: Target, image: LocatedImage, settings: Settings): Promise<Prepared | UserMessage> {
  const problem = requestProblem(image, settings.sourceLang, settings.targetLang, settings.model);
  if (problem) return { message: problem };
  const request = (imageUrl: string) => requestFor(settings, imageUrl);
  const delivery = deliveryFor(image);
  if (delivery.kind === 'url') return { request: request(image.url) };
  const read = await sendToFrame(target.tabId, target.frameId, { type: 'read', srcUrl: target.srcUrl });
  if ('error' in read) return { message: read.error };
  const upload = dataUrlToBlob(read.dataUrl);
  // data: and blob: addresses do not last, and a very long one is not kept: the same bytes are the same picture.
  const byBytes = delivery.reason === 'embedded' || delivery.reason === 'long';
  // What a page could read is translated for its origin alone (see `TranslationRequest.scope`).
  return { request: { ...request(byBytes ? await contentAddress(upload) : image.url), scope: read.origin }, upload };
}

/**
 * The right-click on an image: find it in its frame, check it, and hand it to the engine. Without a
 * `srcUrl` (a CSS background, reported as a click on the page) the picture under the pointer is taken.
 */
export async function translateClickedImage(
  engine: Engine,
  { tabId, frameId, srcUrl, targetLang }: { tabId: number; frameId: number; srcUrl?: string; targetLang?: LanguageCode },
): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [CONTENT_SCRIPT] });
  } catch (error) {
    return showOnToolbar(tabId, i18n.t('translate.pageLocked', { error: String(error) }));
  }
  const located = srcUrl
    ? await sendToFrame(tabId, frameId, { type: 'locate', srcUrl })
    : await sendToFrame(tabId, frameId, { type: 'locate-pointer' });
  if (!located) {
    return showOnToolbar(tabId, srcUrl ? i18n.t('translate.imageGone') : i18n.t('translate.nothingUnderPointer'));
  }
  // The frame's own name for the picture: a data: URL, megabytes long, is not kept in storage.
  const target: Target = { tabId, frameId, srcUrl: located.srcUrl };
  if (!(await getApiKey())) {
    await showProblem(target, NO_KEY());
    return;
  }
  const stored = settingsForPage((await loadSettings()).settings, await pageUrlOf(tabId));
  // "Translate image to ▸ Japanese" overrides the default target for this one image.
  const settings = targetLang ? { ...stored, targetLang } : stored;
  const prepared = await prepare(target, located, settings);
  if ('message' in prepared) {
    await showProblem(target, prepared);
    return;
  }
  await engine.request(prepared.request, settings.endpoint, target, prepared.upload);
  await rememberTarget(settings.targetLang);
}

/**
 * "Translate all images on this page": every image worth translating in every frame we may enter, nearest
 * the viewport first. Images the service would refuse are left alone; one click on them says why. More than
 * `CONFIRM_ABOVE` images, or more than a minute's worth at the model's pace, are sent only once the user
 * `confirmed` the count, its estimated cost and the time it takes.
 */
export async function translatePage(
  engine: Engine,
  progress: PageProgress,
  tabId: number,
  confirmed: boolean,
): Promise<TranslatePageReply> {
  let frames: number[];
  try {
    const injected = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [CONTENT_SCRIPT] });
    frames = injected.map((result) => result.frameId);
  } catch (error) {
    await showOnToolbar(tabId, i18n.t('translate.pageLocked', { error: String(error) }));
    return { started: false };
  }
  const perFrame = await Promise.all(
    frames.map((frameId) =>
      sendToFrame(tabId, frameId, { type: 'collect' }).then(
        (images) => images.map((image) => ({ image, target: { tabId, frameId, srcUrl: image.srcUrl } })),
        // A frame that navigated away since the injection has nothing to offer.
        () => [],
      ),
    ),
  );
  const candidates = perFrame.flat().sort((a, b) => a.image.distance - b.image.distance);
  if (candidates.length === 0) {
    await showOnToolbar(tabId, i18n.t('translate.noImages'));
    return { started: false };
  }
  if (!(await getApiKey())) {
    await showProblem(candidates[0]!.target, NO_KEY());
    return { started: false };
  }
  const settings = settingsForPage((await loadSettings()).settings, await pageUrlOf(tabId));
  // A few images of a slow model (qwen-mt-image-2.0: one a minute) are asked about too, for the time they take.
  const minutes = minutesToTell(await engine.estimateMs(candidates.length, settings.model));
  if ((candidates.length > CONFIRM_ABOVE || minutes !== undefined) && !confirmed) {
    const cost = formatCost(estimatedCost(candidates.length, await loadPrice()));
    return { confirm: { images: candidates.length, cost, minutes } };
  }
  await progress.start(tabId, Date.now());
  await rememberTarget(settings.targetLang);
  for (const { image, target } of candidates) {
    const prepared = await prepare(target, image, settings);
    if (!('message' in prepared)) await engine.request(prepared.request, settings.endpoint, target, prepared.upload);
  }
  await progress.refresh(tabId);
  return { started: true };
}

/**
 * The same from the page's menu, which has no window of its own to ask in: a large page is confirmed in the
 * browser's own dialog, opened from the extension's isolated world, which no page script can answer.
 */
export async function translatePageFromMenu(engine: Engine, progress: PageProgress, tabId: number): Promise<void> {
  const reply = await translatePage(engine, progress, tabId, false);
  if (!('confirm' in reply)) return;
  const [asked] = await browser.scripting.executeScript({
    target: { tabId },
    func: (question: string) => confirm(question),
    args: [pageQuestionText(reply.confirm)],
  });
  if (asked?.result === true) await translatePage(engine, progress, tabId, true);
}

/**
 * "Translate again" in the history: the same picture and languages, with the settings its page has now (so a
 * changed term or hint applies), as a new task. Only a picture the service downloaded by its address can be
 * sent again without its page.
 */
export async function translateAgain(engine: Engine, entryId: string): Promise<TranslateAgainReply> {
  const entry = (await loadHistory()).find((e) => e.jobId === entryId);
  if (!entry) return { error: i18n.t('translate.again.gone') };
  if (!entry.byAddress) return { error: i18n.t('translate.again.needsPage') };
  if (!(await getApiKey())) return { error: NO_KEY().message };
  const stored = settingsForPage((await loadSettings()).settings, entry.pageUrl);
  const settings = { ...stored, sourceLang: entry.sourceLang, targetLang: entry.targetLang };
  return { jobId: await engine.again(requestFor(settings, entry.imageUrl), settings.endpoint, entry.pageUrl) };
}

import { createImageOverlay, type ImageOverlay } from '@/components/ImageOverlay';
import overlayCss from '@/components/ImageOverlay.css?inline';
import {
  WAITING_PHASES,
  type CandidateImage,
  type JobAction,
  type JobView,
  type LocatedImage,
  type PartOf,
  type PartsReply,
  type ReadReply,
  type View,
} from '../protocol';
import type { SliceRect } from '../slices';
import {
  absolute,
  candidateUrls,
  distanceFromViewport,
  findImage,
  pictureUnderPointer,
  transferSize,
  worthTranslating,
} from './find-image';
import { readCanvas, sampleCanvas, watchCanvas } from './canvas-picture';
import { createOverlayHost, type OverlayHost } from './overlay-host';
import { blobToDataUrl, dataUrlToBlob } from '../data-url';
import type { ReadProblem } from '../failure';
import { cutWhole, drawWhole, partsSummary, sliceBytes, sliceDistance, stitch } from './long-image';
import { paintInLayer, paintTranslation, type PaintedImage } from './paint';
import { fetchBytes, ImageReadError, readImage, type ReadImage } from './read-image';
import { createRefs } from './refs';

/** One image this frame is translating or has translated: an <img>, an element with a CSS background, or a canvas. */
interface TrackedImage {
  img: HTMLElement;
  /** The address the user right-clicked, kept after the image shows a blob: URL. */
  originalUrl: string;
  host: OverlayHost;
  overlay: ImageOverlay;
  job: JobView;
  painted?: PaintedImage;
  dismissed: boolean;
  /** A translated canvas, watched for the page drawing another picture on it. */
  watch?: { stop(): void };
  /** A long picture translated in parts: how many are done. */
  parts?: { done: number; count: number };
}

/** A long picture translated in parts: the original with the translated parts stitched over it, and each part's job. */
interface Strip {
  whole: HTMLCanvasElement;
  /** The translation the parts belong to: the first part that reports names it. */
  group?: string;
  views: JobView[];
  /** Parts are stitched one after another, each painted with those before it. */
  stitched: Promise<void>;
}

function readProblemOf(error: unknown): ReadProblem {
  return error instanceof ImageReadError ? error.problem : { problem: 'failed', error: String(error) };
}

/** A translation this frame received: any image showing its original gets it, with no new task. */
interface Translation {
  job: JobView;
  image: Blob;
}

export interface PageActions {
  act(action: JobAction, jobId: string): void;
}

/** The images of one frame and their jobs, as the worker reports them. DOM only: no network, no key. */
export function createTranslatedImages(actions: PageActions) {
  const tracked = new Map<HTMLElement, TrackedImage>();
  const translations = new Map<string, Translation>();
  const strips = new Map<HTMLElement, Strip>();
  /** Pictures found under the pointer, by address: CSS backgrounds cannot be found again by `srcUrl`. */
  const pointed = new Map<string, { element: HTMLElement; decoded: HTMLImageElement }>();
  /**
   * Canvases have no address: each gets a name in this frame (a new one once its translation is dropped, so that
   * no news of the old job lands on the new picture), and keeps the fingerprint of what was read for translation.
   */
  const canvases = new WeakMap<HTMLCanvasElement, { name: string; fingerprint?: Uint8ClampedArray | null }>();
  /** The worker names pictures by ref: every `srcUrl` it sends back is resolved first. */
  const { refOf, resolve } = createRefs();
  let preferredView: View = 'translated';

  const originals = () =>
    new Map([...tracked.values()].filter((t) => t.img instanceof HTMLImageElement).map((t) => [t.img as HTMLImageElement, t.originalUrl]));

  const canvasNamed = (name: string) => [...document.querySelectorAll('canvas')].find((canvas) => canvases.get(canvas)?.name === name);

  /** The element a job's `srcUrl` names: one found under the pointer, a canvas, or an <img> of this frame. */
  function pictureFor(srcUrl: string): HTMLElement | null {
    return pointed.get(absolute(srcUrl))?.element ?? canvasNamed(srcUrl) ?? findImage(srcUrl, originals());
  }

  /** The picture a job names, read for an upload; null when it is gone. A canvas keeps the fingerprint of what was read. */
  async function readPicture(srcUrl: string, rect?: SliceRect): Promise<ReadImage | null> {
    const canvas = canvasNamed(srcUrl);
    const known = canvas && canvases.get(canvas);
    if (canvas && known) {
      const read = await readCanvas(canvas);
      known.fingerprint = read.fingerprint;
      return read;
    }
    const element = pictureFor(srcUrl);
    const decoded = element && (rect ? await originalOf(element, srcUrl) : decodedFor(element, srcUrl));
    if (!element || !decoded) return null;
    if (rect)
      return { dataUrl: await blobToDataUrl(await sliceBytes(decoded, rect)), width: rect.width, height: rect.height, converted: true };
    return readImage(decoded, tracked.get(element)?.originalUrl ?? (decoded.currentSrc || decoded.src));
  }

  /**
   * A picture's own bytes decoded, where the page may fetch them (its origin, or a CDN that allows it): an <img>
   * without `crossorigin` taints a canvas even when its server allows CORS. Else the element, as it was decoded.
   */
  async function bytesOf(img: HTMLImageElement): Promise<HTMLImageElement | ImageBitmap> {
    const bytes = await fetchBytes(img.currentSrc || img.src);
    return (bytes && (await createImageBitmap(bytes).catch(() => undefined))) ?? img;
  }

  /** A canvas as a picture to translate: named, with the size of its bitmap, which the service would get. */
  function canvasCandidate(canvas: HTMLCanvasElement): CandidateImage {
    let known = canvases.get(canvas);
    if (!known) canvases.set(canvas, (known = { name: `canvas:${Math.random()}` }));
    return { srcUrl: known.name, url: known.name, width: canvas.width, height: canvas.height, distance: distanceFromViewport(canvas) };
  }

  /** The decoded picture behind an element: the <img> itself, or the loaded CSS background. */
  function decodedFor(element: HTMLElement, srcUrl: string): HTMLImageElement | undefined {
    return element instanceof HTMLImageElement ? element : pointed.get(absolute(srcUrl))?.decoded;
  }

  /** The picture as the page shows it untranslated: a translated <img> shows our translation now. */
  async function originalOf(element: HTMLElement, srcUrl: string): Promise<HTMLImageElement | undefined> {
    const item = tracked.get(element);
    if (!item?.painted || !(element instanceof HTMLImageElement)) return decodedFor(element, srcUrl);
    const original = new Image();
    original.src = item.originalUrl;
    await original.decode().catch(() => undefined);
    return original;
  }

  function draw(item: TrackedImage): void {
    item.overlay.show(item.job, item.painted ? item.painted.view : null, item.dismissed, item.parts);
  }

  /** "Try again" on a long picture sends its failed parts only: parts done stay done. */
  function jobsOf(item: TrackedImage): string[] {
    const failed = strips.get(item.img)?.views.filter((v) => v.phase === 'failed' || v.phase === 'uncertain');
    return failed?.length ? failed.map((v) => v.jobId) : [item.job.jobId];
  }

  async function updatePart(item: TrackedImage, job: JobView, part: PartOf): Promise<void> {
    const strip = strips.get(item.img);
    // Cut by another reading of the page (translated again since): not this picture's parts.
    if (!strip || (strip.group ??= part.group) !== part.group) return;
    strip.views[part.index] = { ...job, image: undefined };
    const { view, done } = partsSummary(strip.views, part.count);
    item.job = view;
    item.parts = { done, count: part.count };
    if (job.phase === 'done' && job.image) {
      const translated = dataUrlToBlob(job.image);
      strip.stitched = strip.stitched
        .catch(() => undefined)
        .then(async () => {
          const image = await stitch(strip.whole, part.rect, translated);
          translations.set(item.originalUrl, { job: item.job, image });
          paint(item, image);
        });
    }
    // The worker waits for this reply: a stitch that failed (a picture the browser would not decode) leaves that
    // part's original showing rather than the engine waiting for ever.
    await strip.stitched.catch(() => undefined);
    // Every part in: the picture as stitched is painted, and its canvas (megabytes) is let go.
    if (done === part.count) strips.delete(item.img);
    draw(item);
  }

  function track(img: HTMLElement, job: JobView, originalUrl: string): TrackedImage {
    const existing = tracked.get(img);
    if (existing) return existing;
    const host = createOverlayHost(img, overlayCss);
    const item: TrackedImage = {
      img,
      originalUrl,
      host,
      overlay: createImageOverlay(host.mount, {
        onToggle() {
          item.painted?.show(item.painted.view === 'translated' ? 'original' : 'translated');
          draw(item);
        },
        onAction: (action) => (action === 'retry' ? jobsOf(item) : [item.job.jobId]).forEach((jobId) => actions.act(action, jobId)),
        onDismiss() {
          item.dismissed = true;
          draw(item);
        },
      }),
      job,
      dismissed: false,
    };
    tracked.set(img, item);
    return item;
  }

  function untrack(item: TrackedImage): void {
    item.watch?.stop();
    strips.delete(item.img);
    item.overlay.destroy();
    item.host.destroy();
    tracked.delete(item.img);
  }

  function paint(item: TrackedImage, image: Blob): void {
    item.painted?.restore();
    item.painted =
      item.img instanceof HTMLImageElement
        ? paintTranslation(item.img, image, item.originalUrl)
        : paintInLayer(item.img, item.host.layer, image);
    item.painted.show(preferredView);
    const canvas = item.img;
    if (!(canvas instanceof HTMLCanvasElement)) return;
    // The translation is of what was read: once the page draws another picture, it goes, and the canvas is new.
    item.watch?.stop();
    item.watch = watchCanvas(canvas, canvases.get(canvas)?.fingerprint ?? sampleCanvas(canvas), () => {
      item.painted?.restore();
      untrack(item);
      translations.delete(item.originalUrl);
      canvases.delete(canvas);
    });
  }

  /** Gives an image that shows a translated original its translation (re-rendered, lazy-loaded, or a copy). */
  function adopt(img: HTMLImageElement): void {
    if (tracked.has(img) || !img.isConnected) return;
    const url = candidateUrls(img).find((u) => translations.has(u));
    if (!url) return;
    const translation = translations.get(url)!;
    const item = track(img, translation.job, url);
    paint(item, translation.image);
    draw(item);
  }

  /** The page changed a translated image: put the translation back, or let go if it shows another picture. */
  function pageChanged(item: TrackedImage): void {
    if (!item.img.isConnected) return untrack(item);
    const painted = item.painted;
    const img = item.img;
    if (!(img instanceof HTMLImageElement) || !painted || painted.view !== 'translated') return;
    if ((img.getAttribute('srcset') ?? img.src).startsWith(painted.translatedUrl)) return;
    if (candidateUrls(img).includes(item.originalUrl)) {
      painted.show('translated');
    } else {
      painted.release();
      untrack(item);
      adopt(img);
    }
  }

  const watcher = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof HTMLImageElement) {
        const item = tracked.get(record.target);
        if (item) pageChanged(item);
        else adopt(record.target);
      }
      for (const node of record.addedNodes) {
        if (node instanceof HTMLImageElement) adopt(node);
        else if (node instanceof Element) node.querySelectorAll('img').forEach(adopt);
      }
      if (record.removedNodes.length) for (const item of tracked.values()) if (!item.img.isConnected) untrack(item);
    }
  });
  watcher.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src', 'srcset'] });

  return {
    /** The picture under the pointer, for a right-click the browser did not report as on an image. */
    async locateUnderPointer(): Promise<CandidateImage | null> {
      const found = pictureUnderPointer();
      if (!found) return null;
      if (found instanceof HTMLCanvasElement) return canvasCandidate(found);
      let decoded = found.element instanceof HTMLImageElement ? found.element : undefined;
      if (!decoded) {
        decoded = new Image();
        decoded.src = found.url;
        await decoded.decode().catch(() => undefined);
      }
      if (!decoded.naturalWidth) return null;
      pointed.set(found.url, { element: found.element, decoded });
      const size = { width: decoded.naturalWidth, height: decoded.naturalHeight };
      return { srcUrl: refOf(found.url), url: found.url, ...size, byteSize: transferSize(found.url), distance: 0 };
    },

    locate(srcUrl: string): LocatedImage | null {
      const canvas = canvasNamed(srcUrl);
      if (canvas) return canvasCandidate(canvas);
      const img = findImage(srcUrl, originals());
      if (!img) return null;
      const item = tracked.get(img);
      // A painted image reports its original: the one to translate is what the page itself shows.
      const url = item?.originalUrl ?? (img.currentSrc || img.src);
      return {
        srcUrl: refOf(srcUrl),
        url,
        width: img.naturalWidth,
        height: img.naturalHeight,
        byteSize: item ? undefined : transferSize(url),
      };
    },

    /** The picture's bytes, read as only the page can, for an upload; with `rect`, that slice of a long picture. */
    async read(ref: string, rect?: SliceRect): Promise<ReadReply> {
      try {
        const read = await readPicture(resolve(ref), rect);
        return read ? { dataUrl: read.dataUrl, width: read.width, height: read.height, origin } : { error: { problem: 'gone' } };
      } catch (error) {
        return { error: readProblemOf(error) };
      }
    },

    /** A long picture cut into slices the service takes, each read for upload; the page keeps it to stitch the parts. */
    async readParts(ref: string): Promise<PartsReply> {
      const srcUrl = resolve(ref);
      const element = pictureFor(srcUrl);
      // A long canvas is cut from what it shows now.
      const decoded = element instanceof HTMLCanvasElement ? element : element && (await originalOf(element, srcUrl));
      const size = decoded instanceof HTMLCanvasElement ? decoded.width : decoded?.naturalWidth;
      if (!element || !decoded || !size) return { error: { problem: 'gone' } };
      try {
        const whole = drawWhole(decoded instanceof HTMLCanvasElement ? decoded : await bytesOf(decoded));
        const rects = cutWhole(whole);
        const parts = await Promise.all(
          rects.map(async (rect) => ({
            dataUrl: await blobToDataUrl(await sliceBytes(whole, rect)),
            rect,
            distance: sliceDistance(element, rect, whole),
          })),
        );
        strips.set(element, { whole, views: [], stitched: Promise.resolve() });
        return { parts, origin };
      } catch (error) {
        return { error: readProblemOf(error) };
      }
    },

    /** The images of this frame worth translating that are not translated or under way already. */
    collect(): CandidateImage[] {
      const drawn = [...document.querySelectorAll('canvas')].filter((canvas) => !tracked.has(canvas) && worthTranslating(canvas));
      const images = [...document.images]
        .filter((img) => !tracked.has(img) && worthTranslating(img))
        .map((img) => {
          const url = img.currentSrc || img.src;
          return {
            srcUrl: refOf(url),
            url,
            width: img.naturalWidth,
            height: img.naturalHeight,
            byteSize: transferSize(url),
            distance: distanceFromViewport(img),
          };
        });
      return [...images, ...drawn.map(canvasCandidate)];
    },

    update(job: JobView): Promise<void> | void {
      const known = [...tracked.values()].find((t) => t.job.jobId === job.jobId && t.img.isConnected);
      const srcUrl = resolve(job.srcUrl);
      const img = known?.img ?? pictureFor(srcUrl);
      if (!img) return;
      const item = track(img, job, absolute(srcUrl));
      if (job.phase === 'cancelled') return untrack(item);
      item.job = { ...job, image: undefined };
      item.dismissed = false;
      if (job.part) return updatePart(item, job, job.part);
      if (job.phase === 'done' && job.image) {
        const image = dataUrlToBlob(job.image);
        translations.set(item.originalUrl, { job: item.job, image });
        paint(item, image);
        document.querySelectorAll('img').forEach(adopt);
      }
      draw(item);
    },

    /** Whether this image is translated or under way here already. */
    has(picture: HTMLElement): boolean {
      return tracked.has(picture);
    },

    /** A canvas's name in this frame, which the worker uses as its address. */
    canvasName: (canvas: HTMLCanvasElement) => canvasCandidate(canvas).srcUrl,

    /** Whether any image here still waits for its job: the frame then stays attached to the worker. */
    waiting(): boolean {
      return [...tracked.values()].some((t) => WAITING_PHASES.has(t.job.phase));
    },

    setView(view: View): void {
      preferredView = view;
      for (const item of tracked.values()) {
        if (!item.painted) continue;
        item.painted.show(view);
        draw(item);
      }
    },
  };
}

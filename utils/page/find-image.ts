/** Finds the image the user right-clicked, from the click's `srcUrl`, in this frame. DOM only. */
import { distanceFrom, type Box } from '../look-ahead';
import { sampleCanvas } from './canvas-picture';
import { isBlank } from './fingerprint';

/** An address made absolute against the page's base; left as it is when it is not one. */
export function absolute(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    return url;
  }
}

/**
 * The candidates of a `srcset` as the browser reads them: each address, made absolute, with its descriptor
 * (`2x`, `600w`, or none). An address may hold commas (`data:`); commas right after it end its candidate.
 */
export function srcsetCandidates(srcset: string | null): { url: string; descriptor: string }[] {
  return [...(srcset ?? '').matchAll(/[\s,]*(?:(\S+?),+(?=\s|$)|(\S+)([^,]*))/g)].map(([, bare, url, descriptor]) => ({
    url: absolute((bare ?? url)!),
    descriptor: descriptor?.trim() ?? '',
  }));
}

const srcsetUrls = (srcset: string | null) => srcsetCandidates(srcset).map((candidate) => candidate.url);

function pictureSourceUrls(img: HTMLImageElement): string[] {
  const picture = img.parentElement instanceof HTMLPictureElement ? img.parentElement : null;
  if (!picture) return [];
  return [...picture.querySelectorAll('source')].flatMap((source) => srcsetUrls(source.getAttribute('srcset')));
}

/** Every address an image may show: what it shows now, its `src`, and its `srcset` and `<picture>` candidates. */
export function candidateUrls(img: HTMLImageElement): string[] {
  const src = img.getAttribute('src');
  return [img.currentSrc, src ? absolute(src) : '', ...srcsetUrls(img.getAttribute('srcset')), ...pictureSourceUrls(img)].filter(Boolean);
}

/**
 * The browser reports the address it shows (`currentSrc`) as the click's `srcUrl`, so that is matched first;
 * then `src`, then any `srcset` or `<picture>` candidate, for a page that swapped sources since the click.
 * `known` maps images this script already painted to their original address.
 */
export function findImage(srcUrl: string, known: ReadonlyMap<HTMLImageElement, string> = new Map()): HTMLImageElement | null {
  const wanted = absolute(srcUrl);
  const images = [...document.images];
  for (const [img, original] of known) if (img.isConnected && original === wanted) return img;
  return (
    images.find((img) => img.currentSrc === wanted) ??
    images.find((img) => absolute(img.getAttribute('src') ?? '') === wanted) ??
    images.find((img) => candidateUrls(img).includes(wanted)) ??
    null
  );
}

/** Smaller than this on screen, an image is an icon or a thumbnail: not worth a translation of its own. */
const MIN_SHOWN_PX = 48;

/** Loaded (a canvas: drawn on, and ours to read), shown, and large enough on screen to hold text worth translating. */
export function worthTranslating(picture: HTMLImageElement | HTMLCanvasElement): boolean {
  if (picture instanceof HTMLImageElement && (!picture.complete || picture.naturalWidth === 0)) return false;
  const box = picture.getBoundingClientRect();
  if (box.width < MIN_SHOWN_PX || box.height < MIN_SHOWN_PX) return false;
  if (!picture.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  if (!(picture instanceof HTMLCanvasElement)) return true;
  const sample = sampleCanvas(picture);
  return sample !== null && !isBlank(sample);
}

/** CSS pixels between an element and the viewport; 0 when any of it is on screen. */
export function distanceFromViewport(element: Element): number {
  return boxDistance(element.getBoundingClientRect());
}

/** CSS pixels from a box in the viewport's coordinates to the viewport (0 when on screen). */
export function boxDistance(box: Box): number {
  return distanceFrom(box, { width: innerWidth, height: innerHeight });
}

/** Bytes on the wire, where the page may know them (cross-origin servers must allow it). */
export function transferSize(url: string): number | undefined {
  const entry = performance.getEntriesByName(url).find((e): e is PerformanceResourceTiming => 'encodedBodySize' in e);
  return entry && entry.encodedBodySize > 0 ? entry.encodedBodySize : undefined;
}

/** The address of an element's CSS background image, if it has one. */
export function backgroundUrl(element: Element): string | undefined {
  const match = /url\(["']?([^"')]+)["']?\)/.exec(getComputedStyle(element).backgroundImage);
  return match ? absolute(match[1]!) : undefined;
}

/**
 * The picture under the pointer after a right-click that the browser did not report as an image (a CSS
 * background, or an image under a transparent layer). Nothing of ours ran before the click, but `:hover`
 * still says which element the pointer is over; every element stacked at that spot, top first, is a
 * candidate: an <img>, a <canvas> (which has no address), or anything with a background image.
 */
export function pictureUnderPointer(): HTMLCanvasElement | { element: HTMLElement; url: string } | null {
  const hovered = [...document.querySelectorAll<HTMLElement>(':hover')].at(-1);
  if (!hovered) return null;
  const box = hovered.getBoundingClientRect();
  const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  for (const element of stack) {
    if (element instanceof HTMLCanvasElement) return element;
    if (!(element instanceof HTMLElement)) continue;
    if (element instanceof HTMLImageElement && (element.currentSrc || element.src))
      return { element, url: element.currentSrc || element.src };
    const url = backgroundUrl(element);
    if (url) return { element, url };
  }
  return null;
}

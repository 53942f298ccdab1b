import type { View } from '../protocol';
import { srcsetCandidates } from './find-image';
import { layerFit } from './layer-fit';

/**
 * Swaps an image between its original and its translation. Nothing is set in pixels: the translation takes the
 * box the page gives the original, at every window size, and "Show original" gives the original back. DOM only.
 */
export interface PaintedImage {
  show(view: View): void;
  readonly view: View;
  /** The address the translation shows under, in `srcset` or else in `src`: to tell our own changes from the page's. */
  readonly translatedUrl: string;
  /** Back to the page's own image, and the translation's object URL released. */
  restore(): void;
  /** Lets go of an image the page has since given another picture: nothing is put back. */
  release(): void;
}

function attributes(element: Element, names: readonly string[]): Map<string, string | null> {
  return new Map(names.map((name) => [name, element.getAttribute(name)]));
}

function setAttributes(element: Element, values: ReadonlyMap<string, string | null>): void {
  for (const [name, value] of values) {
    if (value === null) element.removeAttribute(name);
    else element.setAttribute(name, value);
  }
}

/** A translation under an object URL, shown or hidden by `apply`, which starts showing it. */
function painted(translated: Blob, apply: (view: View, translatedUrl: string) => void): PaintedImage {
  const translatedUrl = URL.createObjectURL(translated);
  let view: View = 'original';
  const show = (next: View) => {
    apply(next, translatedUrl);
    view = next;
  };
  show('translated');
  return {
    show,
    get view() {
      return view;
    },
    translatedUrl,
    restore() {
      show('original');
      URL.revokeObjectURL(translatedUrl);
    },
    release() {
      URL.revokeObjectURL(translatedUrl);
    },
  };
}

/**
 * The translation has the original's pixel size, so it takes the original's box when it comes with the same
 * density: the descriptor (`2x`, `600w`) the original has in its `srcset`, in every `srcset` of the image and
 * of its `<picture>` sources, which the browser then cannot switch away from. `sizes`, `media` and the
 * page's CSS stay as they are, and with them the page's layout at every window size.
 */
export function paintTranslation(img: HTMLImageElement, translated: Blob, originalUrl: string): PaintedImage {
  const picture = img.parentElement instanceof HTMLPictureElement ? img.parentElement : null;
  const elements = [...(picture?.querySelectorAll('source') ?? []), img];
  const descriptor =
    elements.flatMap((element) => srcsetCandidates(element.getAttribute('srcset'))).find((candidate) => candidate.url === originalUrl)
      ?.descriptor ?? '';
  const originals = elements.map((element) => attributes(element, ['src', 'srcset']));
  return painted(translated, (next, translatedUrl) => {
    if (next === 'original') return elements.forEach((element, i) => setAttributes(element, originals[i]!));
    for (const element of elements) if (element.hasAttribute('srcset')) element.setAttribute('srcset', `${translatedUrl} ${descriptor}`);
    // Beside a `srcset` of `2x` candidates, a `src` would be one more, at 1x: the browser must have no other choice.
    if (img.hasAttribute('srcset')) img.removeAttribute('src');
    else img.src = translatedUrl;
  });
}

/**
 * Shows a translated CSS background or canvas in the overlay's layer, laid out as the background or the canvas's
 * bitmap is; the element itself is not touched, so neither its box nor the page's policy for images come into play.
 */
export function paintInLayer(element: HTMLElement, layer: HTMLImageElement, translated: Blob): PaintedImage {
  const style = getComputedStyle(element);
  const fit = () => Object.assign(layer.style, layerFit(element instanceof HTMLCanvasElement ? 'canvas' : 'background', style));
  fit();
  // The layer follows the element's box; at a new size the page's media queries may lay the picture out anew.
  // The observer goes with the layer.
  new ResizeObserver(fit).observe(layer);
  return painted(translated, (next, translatedUrl) => {
    layer.src = translatedUrl;
    layer.hidden = next === 'original';
  });
}

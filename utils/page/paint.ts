import type { View } from '../protocol';

/**
 * Swaps an image between its original and its translation while keeping its box: the same width, height and
 * place. `srcset`, `sizes` and `<picture>` sources are set aside while the translation shows, or the browser
 * would switch back to a source of its own choosing. DOM only.
 */
export interface PaintedImage {
  show(view: View): void;
  readonly view: View;
  /** The address the translation shows under, to tell our own changes from the page's. */
  readonly translatedUrl: string;
  /** Back to the page's own image, and the translation's object URL released. */
  restore(): void;
  /** Lets go of an image the page has since given another picture: nothing is put back. */
  release(): void;
}

const SET_ASIDE = ['srcset', 'sizes'] as const;

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

export function paintTranslation(img: HTMLImageElement, translated: Blob): PaintedImage {
  // Measured before anything changes: the content box the page gave the original.
  const box = img.getBoundingClientRect();
  const style = getComputedStyle(img);
  const px = (value: string) => parseFloat(value) || 0;
  const width = box.width - px(style.paddingLeft) - px(style.paddingRight) - px(style.borderLeftWidth) - px(style.borderRightWidth);
  const height = box.height - px(style.paddingTop) - px(style.paddingBottom) - px(style.borderTopWidth) - px(style.borderBottomWidth);

  const picture = img.parentElement instanceof HTMLPictureElement ? img.parentElement : null;
  const sources = picture ? [...picture.querySelectorAll('source')] : [];
  const original = {
    img: attributes(img, ['src', ...SET_ASIDE, 'style']),
    sources: sources.map((source) => attributes(source, ['srcset'])),
  };
  return painted(translated, (next, translatedUrl) => {
    if (next === 'translated') {
      sources.forEach((source) => source.removeAttribute('srcset'));
      SET_ASIDE.forEach((name) => img.removeAttribute(name));
      img.style.setProperty('width', `${width}px`, 'important');
      img.style.setProperty('height', `${height}px`, 'important');
      img.src = translatedUrl;
    } else {
      sources.forEach((source, i) => setAttributes(source, original.sources[i]!));
      setAttributes(img, original.img);
    }
  });
}

/** How a CSS background sits in its box, as object-fit and object-position say it for an <img>. */
export function objectFitFor(backgroundSize: string): string {
  if (backgroundSize === 'cover' || backgroundSize === 'contain') return backgroundSize;
  return /^100%( 100%)?$/.test(backgroundSize) ? 'fill' : 'none';
}

/**
 * Shows a translated CSS background in the overlay's layer, laid out as the background is; the element
 * itself is not touched, so neither its box nor the page's policy for images come into play.
 */
export function paintBackground(element: HTMLElement, layer: HTMLImageElement, translated: Blob): PaintedImage {
  const style = getComputedStyle(element);
  layer.style.objectFit = objectFitFor(style.backgroundSize);
  layer.style.objectPosition = style.backgroundPosition;
  return painted(translated, (next, translatedUrl) => {
    layer.src = translatedUrl;
    layer.hidden = next === 'original';
  });
}

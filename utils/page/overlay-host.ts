import { createPinnedHost } from './pinned-host';

/**
 * An element over an image, in a closed shadow root with pinned styles (see pinned-host.ts). It sits right
 * after the image (or after the link or <picture> around it) so that keyboard users reach its controls next to
 * the image, and follows the image's box when the page scrolls, resizes or reflows. DOM only.
 */
export interface OverlayHost {
  /** Where the on-image UI renders. */
  readonly mount: HTMLElement;
  /**
   * An image filling the host, under the controls: where a translated CSS background shows. An <img> made
   * by this isolated world may show a blob: URL even where the page's policy forbids it; a CSS url() may not.
   */
  readonly layer: HTMLImageElement;
  destroy(): void;
}

export function createOverlayHost(img: HTMLElement, css: string): OverlayHost {
  const { host, shadow, pin } = createPinnedHost(css, {
    position: 'absolute',
    top: '0',
    left: '0',
    'z-index': '2147483646',
    'pointer-events': 'none',
  });
  const mount = document.createElement('div');
  mount.className = 'overlay';
  const layer = document.createElement('img');
  layer.className = 'layer';
  layer.alt = '';
  layer.hidden = true;
  shadow.append(layer, mount);
  (img.closest('a, button, label, picture') ?? img).after(host);

  let frame = 0;
  function place(): void {
    frame = 0;
    const box = img.getBoundingClientRect();
    // Measured at 0,0 first, so whatever box contains the host, the difference is where the image is.
    pin({ top: '0', left: '0' });
    const origin = host.getBoundingClientRect();
    pin({ top: `${box.top - origin.top}px`, left: `${box.left - origin.left}px`, width: `${box.width}px`, height: `${box.height}px` });
  }
  const schedule = () => {
    frame ||= requestAnimationFrame(place);
  };
  // Inside the shadow root: the host's attributes are pinned, and the page cannot read this one either.
  const hover = (on: boolean) => () => mount.classList.toggle('hover', on);
  const enter = hover(true);
  const leave = hover(false);

  place();
  const resizes = new ResizeObserver(schedule);
  resizes.observe(img);
  resizes.observe(document.documentElement);
  addEventListener('scroll', schedule, { capture: true, passive: true });
  img.addEventListener('mouseenter', enter);
  img.addEventListener('mouseleave', leave);
  mount.addEventListener('mouseenter', enter);
  mount.addEventListener('mouseleave', leave);

  return {
    mount,
    layer,
    destroy() {
      cancelAnimationFrame(frame);
      resizes.disconnect();
      removeEventListener('scroll', schedule, { capture: true });
      img.removeEventListener('mouseenter', enter);
      img.removeEventListener('mouseleave', leave);
      host.remove();
    },
  };
}

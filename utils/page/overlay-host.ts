/**
 * An element over an image, in a shadow root the page's styles cannot reach. It sits right after the image
 * (or after the link or <picture> around it) so that keyboard users reach its controls next to the image,
 * and follows the image's box when the page scrolls, resizes or reflows. DOM only.
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

const HOST_TAG = 'qwen-image-translator';

export function createOverlayHost(img: HTMLElement, css: string): OverlayHost {
  const host = document.createElement(HOST_TAG);
  host.style.cssText = 'all: initial; position: absolute; top: 0; left: 0; z-index: 2147483646; pointer-events: none; display: block;';
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const mount = document.createElement('div');
  mount.className = 'overlay';
  const layer = document.createElement('img');
  layer.className = 'layer';
  layer.alt = '';
  layer.hidden = true;
  shadow.append(style, layer, mount);
  (img.closest('a, button, label, picture') ?? img).after(host);

  let frame = 0;
  function place(): void {
    frame = 0;
    const box = img.getBoundingClientRect();
    // Measured at 0,0 first, so whatever box contains the host, the difference is where the image is.
    host.style.top = '0px';
    host.style.left = '0px';
    const origin = host.getBoundingClientRect();
    host.style.top = `${box.top - origin.top}px`;
    host.style.left = `${box.left - origin.left}px`;
    host.style.width = `${box.width}px`;
    host.style.height = `${box.height}px`;
  }
  const schedule = () => {
    frame ||= requestAnimationFrame(place);
  };
  const hover = (on: boolean) => () => host.toggleAttribute('data-hover', on);
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

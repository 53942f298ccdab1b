import { i18n } from '#i18n';
import { worthTranslating } from './find-image';
import { createPinnedHost } from './pinned-host';

/**
 * The opt-in "Translate image" button that appears on an image under the pointer. Each press may be billed, so
 * a page must not press it for the user nor choose what it translates: it lives in a closed shadow root with
 * pinned styles (see pinned-host.ts), heeds only trusted events, and translates the image under the click
 * itself, not one a page pointed it at with a synthetic hover. DOM only.
 */
const HIDE_DELAY_MS = 400;
/** Smaller than this, an image is rarely worth a button of its own. */
const MIN_WIDTH = 100;
const MIN_HEIGHT = 60;

const css = `
button {
  all: initial;
  position: fixed;
  font: 600 12px/1 system-ui, sans-serif;
  padding: 6px 10px;
  border-radius: 999px;
  background: #4f46e5;
  color: #fff;
  cursor: pointer;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35);
}
button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
button[hidden] { display: none; }
`;

export function installHoverButton(translate: (img: HTMLImageElement) => void, skip: (img: HTMLImageElement) => boolean): () => void {
  const { host, shadow } = createPinnedHost(css, {
    position: 'fixed',
    top: '0',
    left: '0',
    'z-index': '2147483647',
  });
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = i18n.t('hoverButtonOnImage.label');
  button.hidden = true;
  shadow.append(button);
  document.documentElement.append(host);

  const offered = (img: HTMLImageElement) => {
    const box = img.getBoundingClientRect();
    return !skip(img) && worthTranslating(img) && box.width >= MIN_WIDTH && box.height >= MIN_HEIGHT;
  };
  /** The image the button shows on: only for hiding it when the pointer leaves. */
  let shownOn: HTMLImageElement | null = null;
  let hideTimer = 0;
  const hide = () => {
    button.hidden = true;
    shownOn = null;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  };

  const onOver = (event: MouseEvent) => {
    const img = event.target;
    if (!event.isTrusted || !(img instanceof HTMLImageElement) || !offered(img)) return;
    const box = img.getBoundingClientRect();
    clearTimeout(hideTimer);
    shownOn = img;
    button.hidden = false;
    button.style.top = `${Math.max(0, box.top) + 8}px`;
    button.style.left = `${box.right - button.offsetWidth - 8}px`;
  };
  const onOut = (event: MouseEvent) => {
    if (event.isTrusted && event.target === shownOn && event.relatedTarget !== host) hideSoon();
  };
  button.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  button.addEventListener('mouseleave', hideSoon);
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    if (!event.isTrusted) return;
    // A key press clicks at 0,0: the image is then the one under the button's middle.
    const box = button.getBoundingClientRect();
    const [x, y] = event.detail ? [event.clientX, event.clientY] : [box.x + box.width / 2, box.y + box.height / 2];
    const img = document.elementsFromPoint(x, y).find((e): e is HTMLImageElement => e instanceof HTMLImageElement);
    if (img && offered(img)) translate(img);
    hide();
  });
  addEventListener('mouseover', onOver, { capture: true, passive: true });
  addEventListener('mouseout', onOut, { capture: true, passive: true });
  addEventListener('scroll', hide, { capture: true, passive: true });

  return () => {
    removeEventListener('mouseover', onOver, { capture: true });
    removeEventListener('mouseout', onOut, { capture: true });
    removeEventListener('scroll', hide, { capture: true });
    host.remove();
  };
}

import { i18n } from '#i18n';
import { worthTranslating } from './find-image';

/**
 * The opt-in "Translate image" button that appears on an image under the pointer. Only a trusted click
 * counts, so a page cannot press it for the user (each press may be billed); the shadow root is open so
 * assistive technology and test tools can reach the button. DOM only.
 */
const HIDE_DELAY_MS = 400;
/** Smaller than this, an image is rarely worth a button of its own. */
const MIN_WIDTH = 100;
const MIN_HEIGHT = 60;

const css = `
button {
  all: initial;
  position: fixed;
  z-index: 2147483647;
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
  const host = document.createElement('qwen-image-translator-button');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = i18n.t('hoverButtonOnImage.label');
  button.hidden = true;
  shadow.append(style, button);
  document.documentElement.append(host);

  let current: HTMLImageElement | null = null;
  let hideTimer = 0;
  const hide = () => {
    button.hidden = true;
    current = null;
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  };

  const onOver = (event: MouseEvent) => {
    const img = event.target;
    if (!(img instanceof HTMLImageElement) || skip(img) || !worthTranslating(img)) return;
    const box = img.getBoundingClientRect();
    if (box.width < MIN_WIDTH || box.height < MIN_HEIGHT) return;
    clearTimeout(hideTimer);
    current = img;
    button.hidden = false;
    button.style.top = `${Math.max(0, box.top) + 8}px`;
    button.style.left = `${box.right - button.offsetWidth - 8}px`;
  };
  const onOut = (event: MouseEvent) => {
    if (event.target === current && event.relatedTarget !== host) hideSoon();
  };
  button.addEventListener('mouseenter', () => clearTimeout(hideTimer));
  button.addEventListener('mouseleave', hideSoon);
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    if (!event.isTrusted || !current) return;
    translate(current);
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

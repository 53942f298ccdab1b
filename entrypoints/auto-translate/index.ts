import { browser, type Browser } from '@wxt-dev/browser';
import { lookAheadChoice, LOOK_AHEAD_SCREENS } from '@/utils/look-ahead';
import { worthTranslating } from '@/utils/page/find-image';
import { AUTO_PORT, MAX_NEAR_PER_MESSAGE, PAGE_IMAGES, sendToWorker, type PageImages } from '@/utils/protocol';

/**
 * The look-ahead of a site the user has translated automatically: registered by the worker, after the page
 * script, on the listed sites only. Pictures worth translating are handed to the worker as they come within
 * about a screen of the viewport, nearest first: lazy ones once they load, and those the page adds later. The
 * worker checks the site again and sends each picture as "Translate all" does.
 */
export default defineUnlistedScript({
  main() {
    const scope = globalThis as { [PAGE_IMAGES]?: PageImages; [AUTO_PORT]?: true };
    if (scope[AUTO_PORT]) return;
    scope[AUTO_PORT] = true;
    const images = scope[PAGE_IMAGES];
    /** The address each picture was sent with: a lazy one that swaps its placeholder for the picture goes again. */
    const sent = new WeakMap<HTMLImageElement, string>();
    const addressOf = (img: HTMLImageElement) => img.currentSrc || img.src;
    /** Pictures within reach now, as the observer reports them. */
    const near = new Set<HTMLImageElement>();
    let port: Browser.runtime.Port | undefined;
    let planned = false;

    function sendNear(): void {
      planned = false;
      const candidates = [...near]
        .filter((img) => sent.get(img) !== addressOf(img) && !images?.has(img) && worthTranslating(img))
        .map((img) => ({ item: img, box: img.getBoundingClientRect() }));
      const chosen = lookAheadChoice(candidates, { width: innerWidth, height: innerHeight });
      if (chosen.length === 0) return;
      // Held while this document lives: its end tells the worker to withdraw what it did not send yet.
      if (!port) {
        port = browser.runtime.connect({ name: AUTO_PORT });
        port.onDisconnect.addListener(() => (port = undefined));
      }
      for (const img of chosen) sent.set(img, addressOf(img));
      for (let start = 0; start < chosen.length; start += MAX_NEAR_PER_MESSAGE) {
        const srcUrls = chosen.slice(start, start + MAX_NEAR_PER_MESSAGE).map(addressOf);
        void sendToWorker({ type: 'translate-near', srcUrls });
      }
    }
    /** Once per frame, however many pictures moved at once. */
    function plan(): void {
      if (planned) return;
      planned = true;
      requestAnimationFrame(sendNear);
    }

    const reach = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const img = entry.target as HTMLImageElement;
          if (entry.isIntersecting) near.add(img);
          else near.delete(img);
        }
        plan();
      },
      { rootMargin: `${LOOK_AHEAD_SCREENS * 100}% 0px` },
    );
    const watch = (root: ParentNode) => root.querySelectorAll('img').forEach((img) => reach.observe(img));
    watch(document);
    // Pictures the page adds later (infinite scroll); an observed one observed again is not reported twice.
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) {
          if (node instanceof HTMLImageElement) reach.observe(node);
          else if (node instanceof Element) watch(node);
        }
    }).observe(document, { subtree: true, childList: true });
    // A lazy picture is worth translating only once loaded; `load` does not bubble, but it is caught on its way down.
    document.addEventListener('load', (event) => event.target instanceof HTMLImageElement && plan(), true);
  },
});

import { browser, type Browser } from '@wxt-dev/browser';
import { lookAheadChoice, MAX_LOOK_AHEAD_SCREENS, reachScreens, scrollSpeed, SPEED_WINDOW_MS, type ScrollSample } from '@/utils/look-ahead';
import { sampleCanvas } from '@/utils/page/canvas-picture';
import { worthTranslating } from '@/utils/page/find-image';
import { stillness, type StillPicture } from '@/utils/page/fingerprint';
import { AUTO_PORT, MAX_NEAR_PER_MESSAGE, PAGE_IMAGES, sendToWorker, type PageImages } from '@/utils/protocol';

/**
 * The look-ahead of a site the user has translated automatically: registered by the worker, after the page
 * script, on the listed sites only. Pictures worth translating are handed to the worker as they come within
 * about a screen of the viewport (up to three for a reader scrolling steadily), nearest first: lazy ones once they
 * load, and those the page adds later. The worker checks the site again and sends each picture as "Translate all" does.
 */
/**
 * How long a canvas must show the same picture before it is sent: a comic page is read for longer, an animation
 * never holds still, and a slideshow's pictures seen again come from the cache (the same bytes).
 */
const STILL_MS = 2_000;

/** What the look-ahead sends: pictures and canvases (a comic reader that draws its pages). */
type Picture = HTMLImageElement | HTMLCanvasElement;

export default defineUnlistedScript({
  main() {
    const scope = globalThis as { [PAGE_IMAGES]?: PageImages; [AUTO_PORT]?: true };
    if (scope[AUTO_PORT]) return;
    scope[AUTO_PORT] = true;
    const images = scope[PAGE_IMAGES];
    /** The address each picture was sent with: a lazy one that swaps its placeholder for the picture goes again. */
    const sent = new WeakMap<Picture, string>();
    // A canvas has no address: the page script names it (anew once the page draws another picture on it).
    const addressOf = (picture: Picture) =>
      picture instanceof HTMLImageElement ? picture.currentSrc || picture.src : (images?.canvasName(picture) ?? '');
    /**
     * A canvas goes once its picture has held still (STILL_MS): a comic page drawn, not an animation, which would
     * be read, dropped as stale and sent again, a charge each time. Sampled once a second, never on scroll.
     */
    const stills = new WeakMap<HTMLCanvasElement, StillPicture>();
    function sampleNearCanvases(): boolean {
      const now = performance.now();
      let any = false;
      for (const picture of near) {
        if (!(picture instanceof HTMLCanvasElement)) continue;
        any = true;
        const sample = sampleCanvas(picture);
        if (sample) stills.set(picture, stillness(stills.get(picture), sample, now));
        else stills.delete(picture);
      }
      return any;
    }
    function heldStill(picture: Picture): boolean {
      if (picture instanceof HTMLImageElement) return true;
      const still = stills.get(picture);
      return still !== undefined && performance.now() - still.since >= STILL_MS;
    }
    /** Where the reader was lately, for their speed. */
    let samples: ScrollSample[] = [];
    /** Pictures within the farthest reach, as the observer reports them; the reader's speed decides how far is sent. */
    const near = new Set<Picture>();
    let port: Browser.runtime.Port | undefined;
    let planned = false;

    function sendNear(): void {
      planned = false;
      const candidates = [...near]
        .filter((img) => sent.get(img) !== addressOf(img) && !images?.has(img) && worthTranslating(img) && heldStill(img))
        .map((img) => ({ item: img, box: img.getBoundingClientRect() }));
      const screens = reachScreens(scrollSpeed(samples, performance.now()), innerHeight);
      const chosen = lookAheadChoice(candidates, { width: innerWidth, height: innerHeight }, screens);
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
          const img = entry.target as Picture;
          if (entry.isIntersecting) near.add(img);
          else near.delete(img);
        }
        plan();
      },
      { rootMargin: `${MAX_LOOK_AHEAD_SCREENS * 100}% 0px` },
    );
    const watch = (root: ParentNode) => root.querySelectorAll('img, canvas').forEach((picture) => reach.observe(picture));
    watch(document);
    // Pictures the page adds later (infinite scroll); an observed one observed again is not reported twice.
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes) {
          if (node instanceof HTMLImageElement || node instanceof HTMLCanvasElement) reach.observe(node);
          else if (node instanceof Element) watch(node);
        }
    }).observe(document, { subtree: true, childList: true });
    addEventListener(
      'scroll',
      () => {
        const now = performance.now();
        samples = [...samples.filter((sample) => now - sample.at <= SPEED_WINDOW_MS), { at: now, y: scrollY }];
        plan();
      },
      { passive: true },
    );
    // A canvas changes with no event to watch: drawn on at last, or a translated one drawn with the next page (and
    // named anew) is sampled and looked at again each second while near.
    setInterval(() => sampleNearCanvases() && plan(), 1_000);
    // A lazy picture is worth translating only once loaded; `load` does not bubble, but it is caught on its way down.
    document.addEventListener('load', (event) => event.target instanceof HTMLImageElement && plan(), true);
  },
});

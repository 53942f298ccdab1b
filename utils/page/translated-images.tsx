import { render } from 'preact';
import { ImageOverlay } from '@/components/ImageOverlay';
import overlayCss from '@/components/ImageOverlay.css?inline';
import type { JobAction, JobPhase, JobView, LocatedImage, View } from '../protocol';
import { findImage, transferSize } from './find-image';
import { createOverlayHost, type OverlayHost } from './overlay-host';
import { dataUrlToBlob, paintTranslation, type PaintedImage } from './paint';

const WAITING_PHASES: ReadonlySet<JobPhase> = new Set(['queued', 'submitting', 'translating', 'downloading']);

/** One image this frame is translating or has translated. */
interface TrackedImage {
  img: HTMLImageElement;
  /** The address the user right-clicked, kept after the image shows a blob: URL. */
  originalUrl: string;
  host: OverlayHost;
  job: JobView;
  painted?: PaintedImage;
  dismissed: boolean;
}

export interface PageActions {
  act(action: JobAction, jobId: string): void;
}

/** The images of one frame and their jobs, as the worker reports them. DOM only: no network, no key. */
export function createTranslatedImages(actions: PageActions) {
  const tracked = new Map<HTMLImageElement, TrackedImage>();
  let preferredView: View = 'translated';

  const originals = () => new Map([...tracked.values()].map((t) => [t.img, t.originalUrl]));

  function draw(item: TrackedImage): void {
    const content = item.dismissed ? null : (
      <ImageOverlay
        job={item.job}
        view={item.painted ? item.painted.view : null}
        onToggle={() => {
          item.painted?.show(item.painted.view === 'translated' ? 'original' : 'translated');
          draw(item);
        }}
        onAction={(action) => actions.act(action, item.job.jobId)}
        onDismiss={() => {
          item.dismissed = true;
          draw(item);
        }}
      />
    );
    render(content, item.host.mount);
  }

  function track(img: HTMLImageElement, job: JobView): TrackedImage {
    const existing = tracked.get(img);
    if (existing) return existing;
    const item: TrackedImage = { img, originalUrl: new URL(job.srcUrl, document.baseURI).href, host: createOverlayHost(img, overlayCss), job, dismissed: false };
    tracked.set(img, item);
    return item;
  }

  return {
    locate(srcUrl: string): LocatedImage | null {
      const img = findImage(srcUrl, originals());
      if (!img) return null;
      const item = tracked.get(img);
      // A painted image reports its original: the one to translate is what the page itself shows.
      const url = item?.originalUrl ?? (img.currentSrc || img.src);
      return { url, width: img.naturalWidth, height: img.naturalHeight, byteSize: item ? undefined : transferSize(url) };
    },

    update(job: JobView): void {
      const known = [...tracked.values()].find((t) => t.job.jobId === job.jobId);
      const img = known?.img ?? findImage(job.srcUrl, originals());
      if (!img) return;
      const item = track(img, job);
      item.job = job;
      item.dismissed = false;
      if (job.phase === 'done' && job.image) {
        item.painted?.restore();
        item.painted = paintTranslation(img, dataUrlToBlob(job.image));
        item.painted.show(preferredView);
      }
      draw(item);
    },

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

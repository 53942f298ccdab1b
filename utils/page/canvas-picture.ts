import { FINGERPRINT_SIDE, samePicture } from './fingerprint';
import { redrawn, type ReadImage } from './read-image';

/**
 * A picture the page draws on a <canvas> (a comic reader's page): read as it shows now, and watched for the
 * page drawing another one over it. DOM only.
 */

/** How often a translated canvas is sampled for a new picture: a 16 × 16 sample, never a full-size read. */
const CHECK_MS = 1000;

/** What the canvas shows now, scaled down to its fingerprint; null when it holds another site's picture (tainted). */
export function sampleCanvas(canvas: HTMLCanvasElement): Uint8ClampedArray | null {
  if (!canvas.width || !canvas.height) return null;
  const sample = document.createElement('canvas');
  sample.width = sample.height = FINGERPRINT_SIDE;
  const context = sample.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.imageSmoothingQuality = 'high';
  context.drawImage(canvas, 0, 0, FINGERPRINT_SIDE, FINGERPRINT_SIDE);
  try {
    return context.getImageData(0, 0, FINGERPRINT_SIDE, FINGERPRINT_SIDE).data;
  } catch {
    // SecurityError: another site's picture taints the canvas, and this sample with it.
    return null;
  }
}

/** The canvas's pixels as they are now, for an upload, with the fingerprint of what was read. */
export async function readCanvas(canvas: HTMLCanvasElement): Promise<ReadImage & { fingerprint: Uint8ClampedArray | null }> {
  const fingerprint = sampleCanvas(canvas);
  return { ...(await redrawn(canvas, canvas.width, canvas.height, 0, { problem: 'canvas-tainted' })), fingerprint };
}

/**
 * Calls `onRedrawn` once the canvas shows another picture than `fingerprint`: checked at once, on a timer, and
 * when the page sets its width or height (which clears it; the check runs after the page's script, which may
 * have drawn the same picture again).
 */
export function watchCanvas(canvas: HTMLCanvasElement, fingerprint: Uint8ClampedArray | null, onRedrawn: () => void): { stop(): void } {
  let stopped = false;
  const check = () => {
    if (stopped) return;
    const now = sampleCanvas(canvas);
    if (fingerprint && now && samePicture(fingerprint, now)) return;
    stop();
    onRedrawn();
  };
  const timer = setInterval(check, CHECK_MS);
  const resized = new MutationObserver(check);
  resized.observe(canvas, { attributes: true, attributeFilter: ['width', 'height'] });
  queueMicrotask(check);
  function stop(): void {
    stopped = true;
    clearInterval(timer);
    resized.disconnect();
  }
  return { stop };
}

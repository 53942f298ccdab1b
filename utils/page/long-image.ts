import type { ReadProblem } from '../failure';
import { WAITING_PHASES, type JobView } from '../protocol';
import { isUniformLine, planSlices, type SliceRect } from '../slices';
import { boxDistance } from './find-image';
import { encodeForUpload, ImageReadError } from './read-image';

/**
 * Long pictures in the page: cut into slices (utils/slices.ts) and their translations stitched back. The page
 * does both, not the worker: it holds the picture decoded already (with its cookies and its origin), and the
 * stitched picture is painted as any translation is, in the same box. DOM only.
 */

/** What a canvas holds in Chromium and Firefox: 32767 px a side, 16384² px in all. */
const MAX_CANVAS_SIDE = 32_767;
const MAX_CANVAS_AREA = 16_384 * 16_384;

/** The picture drawn whole at its own size: the slices are read from it, and the translated ones stitched over it. */
export function drawWhole(img: HTMLImageElement | HTMLCanvasElement | ImageBitmap): HTMLCanvasElement {
  const width = img instanceof HTMLImageElement ? img.naturalWidth : img.width;
  const height = img instanceof HTMLImageElement ? img.naturalHeight : img.height;
  const tooLarge: ReadProblem = { problem: 'too-large', width, height };
  if (Math.max(width, height) > MAX_CANVAS_SIDE || width * height > MAX_CANVAS_AREA) throw new ImageReadError(tooLarge);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ImageReadError(tooLarge);
  context.drawImage(img, 0, 0);
  return canvas;
}

/** Where the slices fall: on lines of one colour near the ideal cuts, where there are such lines. */
export function cutWhole(whole: HTMLCanvasElement): SliceRect[] {
  const context = whole.getContext('2d', { willReadFrequently: true })!;
  const { width, height } = whole;
  const tall = height >= width;
  try {
    return planSlices(width, height, (line) =>
      isUniformLine((tall ? context.getImageData(0, line, width, 1) : context.getImageData(line, 0, 1, height)).data),
    );
  } catch {
    // A cross-origin picture without CORS taints the canvas: its pixels are not ours to read.
    throw new ImageReadError({ problem: 'cross-origin' });
  }
}

/** One slice on a canvas of its own, encoded for upload. */
export function sliceBytes(source: CanvasImageSource, rect: SliceRect): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = rect.width;
  canvas.height = rect.height;
  const context = canvas.getContext('2d');
  if (!context) throw new ImageReadError({ problem: 'not-redrawn' });
  context.drawImage(source, rect.x, rect.y, rect.width, rect.height, 0, 0, rect.width, rect.height);
  return encodeForUpload(canvas);
}

/** How far a slice of an element's picture is from the viewport, in CSS pixels: nearer slices go first. */
export function sliceDistance(element: Element, rect: SliceRect, natural: { width: number; height: number }): number {
  const box = element.getBoundingClientRect();
  const sx = box.width / natural.width;
  const sy = box.height / natural.height;
  const left = box.left + rect.x * sx;
  const top = box.top + rect.y * sy;
  return boxDistance({ left, top, right: left + rect.width * sx, bottom: top + rect.height * sy });
}

/** Draws a translated slice over the stitched picture, and gives the picture as it stands now. */
export async function stitch(whole: HTMLCanvasElement, rect: SliceRect, translated: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(translated);
  whole.getContext('2d')!.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    whole.toBlob((blob) => (blob ? resolve(blob) : reject(new ImageReadError({ problem: 'not-redrawn' })))),
  );
}

/**
 * A long picture's parts seen as one image: waiting while any part is, then failed if any part failed (its
 * failure is the image's), else done. `done`: the parts done.
 */
export function partsSummary(views: readonly (JobView | undefined)[], count: number): { view: JobView; done: number } {
  const all = Array.from({ length: count }, (_, i) => views[i]);
  const known = all.filter((v) => v !== undefined);
  const done = known.filter((v) => v.phase === 'done').length;
  const requestedAt = Math.min(...known.map((v) => v.requestedAt));
  const first = { ...known[0]!, requestedAt, failure: undefined, noText: undefined };
  if (all.some((v) => !v || WAITING_PHASES.has(v.phase))) {
    const moving = known.some((v) => v.phase === 'translating' || v.phase === 'downloading');
    return { view: { ...first, phase: moving ? 'translating' : 'queued' }, done };
  }
  const failed = known.find((v) => v.phase === 'failed' || v.phase === 'uncertain');
  if (failed) return { view: { ...failed, requestedAt }, done };
  return { view: { ...first, phase: 'done', ...(known.every((v) => v.noText) && { noText: true }) }, done };
}

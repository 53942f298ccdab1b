import { blobToDataUrl } from '../data-url';
import type { ReadProblem } from '../failure';
import { ACCEPTED_MIME_TYPES, MAX_BYTES, MAX_SIDE } from '../limits';

/**
 * Reads an image's bytes where only the page can: data: and blob: addresses, and same-origin ones with the
 * page's cookies (a login, an intranet). Pictures in formats the service does not take, or over its limits,
 * are redrawn as PNG (JPEG if PNG stays too big), scaled to fit. DOM only: no network beyond the page's own.
 */
export interface ReadImage {
  /** The bytes as a data: URL, to cross to the worker. */
  dataUrl: string;
  width: number;
  height: number;
  /** What was done to it, for the record. */
  converted: boolean;
}

/** A picture the page holds but cannot hand over, and why (worded where it is shown). */
export class ImageReadError extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problem.problem);
  }
}

export async function fetchBytes(url: string): Promise<Blob | undefined> {
  try {
    const response = await fetch(url, { credentials: 'include' });
    return response.ok ? await response.blob() : undefined;
  } catch {
    // Cross-origin without CORS: the pixels may still be readable from the decoded image below.
    return undefined;
  }
}

function canvasBlob(canvas: HTMLCanvasElement, tainted: ReadProblem, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    try {
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new ImageReadError({ problem: 'not-redrawn' }))), type, quality);
    } catch {
      // A cross-origin picture without CORS taints the canvas: its pixels are not ours to read.
      reject(new ImageReadError(tainted));
    }
  });
}

/** The largest size within the service's limits that keeps the picture's shape. */
export function fittedSize(width: number, height: number, byteSize: number): { width: number; height: number } {
  let scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  // Bytes grow with area: shrink the area in proportion, with a margin for the encoder.
  if (byteSize > MAX_BYTES) scale = Math.min(scale, Math.sqrt(MAX_BYTES / byteSize) * 0.9);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function readImage(img: HTMLImageElement, url: string): Promise<ReadImage> {
  await img.decode().catch(() => undefined);
  const width = img.naturalWidth;
  const height = img.naturalHeight;
  const fetched = await fetchBytes(url);
  if (fetched && ACCEPTED_MIME_TYPES.includes(fetched.type) && fetched.size <= MAX_BYTES && Math.max(width, height) <= MAX_SIDE) {
    return { dataUrl: await blobToDataUrl(fetched), width, height, converted: false };
  }
  return redrawn(img, width, height, fetched?.size ?? 0, { problem: 'cross-origin' });
}

/**
 * A picture drawn anew as PNG (JPEG if PNG stays too big) at a size within the service's limits; `tainted` is
 * the problem when its pixels turn out to be another site's.
 */
export async function redrawn(
  source: CanvasImageSource,
  width: number,
  height: number,
  byteSize: number,
  tainted: ReadProblem,
): Promise<ReadImage> {
  const size = fittedSize(width, height, byteSize);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new ImageReadError({ problem: 'not-redrawn' });
  context.drawImage(source, 0, 0, size.width, size.height);
  return { dataUrl: await blobToDataUrl(await encodeForUpload(canvas, tainted)), ...size, converted: true };
}

/** A canvas as the service takes it: PNG, or JPEG if PNG is too big; `tainted` as for `redrawn`. */
export async function encodeForUpload(canvas: HTMLCanvasElement, tainted: ReadProblem = { problem: 'cross-origin' }): Promise<Blob> {
  const blob = await canvasBlob(canvas, tainted, 'image/png');
  return blob.size > MAX_BYTES ? canvasBlob(canvas, tainted, 'image/jpeg', 0.9) : blob;
}

import { blobToDataUrl } from './data-url';

export const MAX_THUMBNAIL_PX = 160;

/** Fits width × height within max × max, keeping the aspect ratio, never enlarging, at least 1 × 1. */
export function thumbnailSize(width: number, height: number, max = MAX_THUMBNAIL_PX): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A JPEG data URL of the picture, at most 160 px on its longer side. Needs createImageBitmap and
 * OffscreenCanvas: the service worker and extension pages have both.
 */
export async function makeThumbnail(image: Blob, max = MAX_THUMBNAIL_PX): Promise<string> {
  const bitmap = await createImageBitmap(image);
  try {
    const size = thumbnailSize(bitmap.width, bitmap.height, max);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas to draw the thumbnail on.');
    // JPEG has no transparency: what was transparent shows white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    return await blobToDataUrl(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.75 }));
  } finally {
    bitmap.close();
  }
}

/** The source image of a task: downloaded (or taken from the temporary storage) and checked against the documented limits. */
import type { StoredUpload } from './contract';
import { readImageHeader } from './png';
import type { Task } from './task';

const MIN_SIDE = 15;
const MAX_SIDE = 8192;
const MAX_ASPECT = 10;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 10_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'bmp', 'pnm', 'tiff', 'webp']);

export async function fetchSource(
  task: Task,
  uploadedFiles: Map<string, StoredUpload>,
  resolveHost: (hostname: string) => string,
): Promise<void> {
  const fail = (message: string) => {
    task.failure = { code: 'InvalidParameter', message };
  };
  if (task.imageUrl.startsWith('oss://')) {
    // A file of the temporary storage: no HTTP download, but the same checks.
    await Promise.resolve();
    const key = task.imageUrl.slice('oss://'.length);
    const file = uploadedFiles.get(key);
    if (!file) {
      fail(`Failed to download the image from input.image_url: download failed, no uploaded file at ${task.imageUrl}.`);
      return;
    }
    if (file.bytes.length > MAX_IMAGE_BYTES) {
      fail(`The image is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
      return;
    }
    checkSource(task, file.bytes);
    return;
  }
  let response: Response;
  try {
    const address = new URL(task.imageUrl);
    address.hostname = resolveHost(address.hostname);
    response = await fetch(address, {
      signal: AbortSignal.any([task.abort.signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]),
      redirect: 'follow',
    });
  } catch (error) {
    if (task.abort.signal.aborted) return;
    fail(`Failed to download the image from input.image_url: ${(error as Error).message ?? String(error)}.`);
    return;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    fail(`Failed to download the image from input.image_url: HTTP ${response.status}.`);
    return;
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMAGE_BYTES) {
    await response.body?.cancel().catch(() => {});
    fail(`The image is ${(declared / 1024 / 1024).toFixed(1)} MB; the limit is 10 MB.`);
    return;
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_IMAGE_BYTES) {
        fail('The image is larger than 10 MB; the limit is 10 MB.');
        await reader.cancel().catch(() => {});
        return;
      }
      parts.push(Buffer.from(value));
    }
  } catch (error) {
    if (task.failure || task.abort.signal.aborted) return;
    fail(`Failed to download the image from input.image_url: ${(error as Error).message ?? String(error)}.`);
    return;
  }
  checkSource(task, Buffer.concat(parts));
}

/** Sets task.source, or task.failure when the image is outside the documented limits. */
function checkSource(task: Task, bytes: Buffer): void {
  const fail = (message: string) => {
    task.failure = { code: 'InvalidParameter', message };
  };
  const header = readImageHeader(bytes);
  if (!header) {
    fail('The image format is not supported or the file is not an image; use JPG, JPEG, PNG, BMP, PNM, PPM, TIFF or WEBP.');
    return;
  }
  if (!ACCEPTED_FORMATS.has(header.format)) {
    fail(`The image format ${header.format.toUpperCase()} is not supported; use JPG, JPEG, PNG, BMP, PNM, PPM, TIFF or WEBP.`);
    return;
  }
  const { width, height } = header;
  if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
    fail(`The image is ${width}x${height} px; width and height must be between ${MIN_SIDE} and ${MAX_SIDE} pixels.`);
    return;
  }
  if (Math.max(width, height) / Math.min(width, height) > MAX_ASPECT) {
    fail(`The image is ${width}x${height} px; the aspect ratio must be between 1:10 and 10:1.`);
    return;
  }
  task.source = { url: task.imageUrl, bytes, width, height, format: header.format };
}

import { pairProblem, type SourceLanguage } from './dashscope/languages';

/** The image limits of qwen-mt-image, checked before anything is sent (and so before anything is billed). */
export const MIN_SIDE = 15;
export const MAX_SIDE = 8192;
export const MAX_ASPECT = 10;
export const MAX_BYTES = 10 * 1024 * 1024;
export const ACCEPTED_FORMATS = ['jpg', 'jpeg', 'png', 'bmp', 'pnm', 'ppm', 'tif', 'tiff', 'webp'];
const REFUSED_FORMATS: Record<string, string> = { gif: 'GIF', svg: 'SVG', avif: 'AVIF', ico: 'ICO', heic: 'HEIC', jxl: 'JPEG XL' };

export interface ImageFacts {
  url: string;
  width: number;
  height: number;
  /** Bytes on the wire, where the page can know them. */
  byteSize?: number;
}

export interface LimitProblem {
  message: string;
}

function formatOf(url: URL): string | undefined {
  return /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
}

/** What stops this image from being translated, in plain words, or null when it may be sent. */
export function imageProblem(image: ImageFacts): string | null {
  let url: URL;
  try {
    url = new URL(image.url);
  } catch {
    return 'This image has no web address the translation service could open.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `This image is embedded in the page (${url.protocol} address), so the translation service cannot fetch it. Only images with an http(s) address can be translated for now.`;
  }
  const format = formatOf(url);
  if (format && REFUSED_FORMATS[format]) {
    return `${REFUSED_FORMATS[format]} images are not accepted by the translation service; it takes JPG, PNG, BMP, PNM, PPM, TIFF and WEBP.`;
  }
  const { width, height } = image;
  if (width < MIN_SIDE || height < MIN_SIDE) {
    return `This image is too small to translate (${width} × ${height} px): the service needs at least ${MIN_SIDE} px on each side.`;
  }
  if (width > MAX_SIDE || height > MAX_SIDE) {
    return `This image is too large to translate (${width} × ${height} px): the service takes at most ${MAX_SIDE} px on each side.`;
  }
  if (Math.max(width, height) / Math.min(width, height) > MAX_ASPECT) {
    return `This image is too long and narrow to translate (${width} × ${height} px): the service takes shapes up to 10:1.`;
  }
  if (image.byteSize !== undefined && image.byteSize > MAX_BYTES) {
    const mb = (image.byteSize / 1024 / 1024).toFixed(1);
    return `This image file is too big to translate (${mb} MB): the service takes at most 10 MB.`;
  }
  return null;
}

/** Every check that must pass before a task may be created. */
export function requestProblem(image: ImageFacts, source: SourceLanguage, target: string): string | null {
  const pair = pairProblem(source, target);
  return pair ? `${pair} Choose another language in the extension’s popup.` : imageProblem(image);
}

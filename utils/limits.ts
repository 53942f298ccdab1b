import type { Failure } from './failure';
import { pairProblem, type SourceLanguage } from './languages';

/** The image limits of qwen-mt-image, checked before anything is sent (and so before anything is billed). */
export const MIN_SIDE = 15;
export const MAX_SIDE = 8192;
export const MAX_ASPECT = 10;
export const MAX_BYTES = 10 * 1024 * 1024;
/** A longer address is the page's bulk (a data: URL is the picture itself): it is never kept in storage. */
export const MAX_URL_LENGTH = 2048;
/** What the service takes, as the browser names it; anything else is redrawn as PNG before upload. */
export const ACCEPTED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/bmp',
  'image/webp',
  'image/tiff',
  'image/x-portable-anymap',
  'image/x-portable-pixmap',
];
const REFUSED_FORMATS = /* @__PURE__ */ new Set(['gif', 'svg', 'avif', 'ico', 'heic', 'heif', 'jxl', 'apng']);

export interface ImageFacts {
  url: string;
  width: number;
  height: number;
  /** Bytes on the wire, where the page can know them. */
  byteSize?: number;
}

function formatOf(url: URL): string | undefined {
  return /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
}

/**
 * Why the service would refuse an image before anything is sent, as data: worded where it is shown. `too-narrow`
 * is only read back from jobs of older versions: a longer shape is now cut into parts (utils/slices.ts).
 */
export type ImageProblem = { problem: 'no-address' } | { problem: 'too-small' | 'too-narrow'; width: number; height: number };

/**
 * What stops this image from being translated, or null when it may be sent. Formats the service refuses and
 * pictures over its size limits are not problems: they are redrawn and uploaded; shapes beyond 10:1 are cut.
 */
export function imageProblem(image: ImageFacts): ImageProblem | null {
  if (!URL.canParse(image.url)) return { problem: 'no-address' };
  const { width, height } = image;
  if (width < MIN_SIDE || height < MIN_SIDE) return { problem: 'too-small', width, height };
  return null;
}

/** Hosts the service cannot reach from the internet: this machine, private networks, intranet names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (!host.includes('.') && !host.includes(':'))) return true;
  if (/\.(local|internal|lan|intranet|corp|home\.arpa)$/.test(host)) return true;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return (
      a === 127 ||
      a === 10 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return /^f[cd][0-9a-f]{2}:/.test(host) || host.startsWith('fe80:');
}

/**
 * How the service gets the picture: its public address when it can download it as it is, otherwise the
 * bytes read by the page (with its cookies), redrawn if need be, through DashScope's temporary upload.
 */
export type Delivery = { kind: 'url' } | { kind: 'upload'; reason: 'embedded' | 'long' | 'private' | 'format' | 'size' };

export function deliveryFor(image: ImageFacts): Delivery {
  const url = new URL(image.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'upload', reason: 'embedded' };
  if (image.url.length > MAX_URL_LENGTH) return { kind: 'upload', reason: 'long' };
  if (isPrivateHost(url.hostname)) return { kind: 'upload', reason: 'private' };
  const format = formatOf(url);
  if (format && REFUSED_FORMATS.has(format)) return { kind: 'upload', reason: 'format' };
  if (Math.max(image.width, image.height) > MAX_SIDE || (image.byteSize ?? 0) > MAX_BYTES) return { kind: 'upload', reason: 'size' };
  return { kind: 'url' };
}

/** Every check that must pass before a task may be created: what fails first, as the job's failure. */
export function requestProblem(image: ImageFacts, source: SourceLanguage, target: string, model: string): Failure | null {
  const pair = pairProblem(source, target, model);
  if (pair) return { kind: 'pair-not-offered', detail: pair };
  const problem = imageProblem(image);
  return problem && { kind: 'image-refused', detail: problem };
}

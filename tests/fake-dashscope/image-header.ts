/** Format and size from an image's first bytes, for the fake's checks and the tests. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'bmp' | 'tiff' | 'pnm';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** The MIME type of a format this reader knows. */
export function mimeTypeOf(format: ImageFormat): string {
  return {
    png: 'image/png',
    jpeg: 'image/jpeg',
    webp: 'image/webp',
    gif: 'image/gif',
    bmp: 'image/bmp',
    tiff: 'image/tiff',
    pnm: 'image/x-portable-anymap',
  }[format];
}

/**
 * Format and size from an image's first bytes: PNG, JPEG, WebP (VP8, VP8L, VP8X), GIF, BMP, TIFF and PNM/PPM.
 * Returns undefined for anything it does not recognise (or a truncated header).
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return png(b) ?? jpeg(b) ?? webp(b) ?? gif(b) ?? bmp(b) ?? tiff(b) ?? pnm(b);
  } catch {
    return undefined; // a header cut short
  }
}

function png(b: Buffer): ImageHeader | undefined {
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpeg(b: Buffer): ImageHeader | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 4 <= b.length) {
    if (b[pos] !== 0xff) return undefined;
    const marker = b[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    } // no length
    const length = b.readUInt16BE(pos + 2);
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { format: 'jpeg', height: b.readUInt16BE(pos + 5), width: b.readUInt16BE(pos + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end, or scan data before any frame header
    pos += 2 + length;
  }
  return undefined;
}

function webp(b: Buffer): ImageHeader | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const kind = b.toString('latin1', 12, 16);
  if (kind === 'VP8 ') {
    // frame tag (3) + start code 9d 01 2a, then 14-bit width and height
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { format: 'webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  }
  if (kind === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = b.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (kind === 'VP8X') {
    return { format: 'webp', width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

function gif(b: Buffer): ImageHeader | undefined {
  if (b.length < 10) return undefined;
  const magic = b.toString('latin1', 0, 6);
  if (magic !== 'GIF87a' && magic !== 'GIF89a') return undefined;
  return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

function bmp(b: Buffer): ImageHeader | undefined {
  if (b.length < 26 || b[0] !== 0x42 || b[1] !== 0x4d) return undefined;
  const headerSize = b.readUInt32LE(14);
  if (headerSize === 12) return { format: 'bmp', width: b.readUInt16LE(18), height: b.readUInt16LE(20) };
  // Height is negative for top-down bitmaps.
  return { format: 'bmp', width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
}

function tiff(b: Buffer): ImageHeader | undefined {
  if (b.length < 8) return undefined;
  const order = b.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return undefined;
  const le = order === 'II';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  const count = u16(ifd);
  let width: number | undefined;
  let height: number | undefined;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    const type = u16(entry + 2);
    const value = type === 3 ? u16(entry + 8) : u32(entry + 8);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width !== undefined && height !== undefined ? { format: 'tiff', width, height } : undefined;
}

function pnm(b: Buffer): ImageHeader | undefined {
  if (b.length < 7 || b[0] !== 0x50 /* P */ || !/[1-6]/.test(String.fromCharCode(b[1]!))) return undefined;
  // Header tokens: magic, width, height (comments start with # and run to the end of the line).
  const text = b.toString('latin1', 2, Math.min(b.length, 512)).replace(/#[^\n]*/g, ' ');
  const match = /^\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!match) return undefined;
  return { format: 'pnm', width: Number(match[1]), height: Number(match[2]) };
}

import { deflateSync, inflateSync } from 'node:zlib';
import { PNG_SIGNATURE } from './image-header';

/**
 * A tiny PNG encoder/decoder (8-bit, non-interlaced) for tests, and (from image-header.ts) the image header reader.
 * node:zlib only; nothing here is meant for production images.
 */

export type RGB = readonly [number, number, number];
export type RGBA = readonly [number, number, number, number];

export { mimeTypeOf, readImageHeader, type ImageFormat, type ImageHeader } from './image-header';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Bad PNG size ${width}×${height}`);
  }
}

/** Encodes RGBA pixels (row-major, 4 bytes a pixel) as an 8-bit RGBA PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  checkSize(width, height);
  if (rgba.length !== width * height * 4) throw new RangeError(`Expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return assemble(width, height, 6, raw);
}

/** A PNG of one colour (8-bit RGB, or RGBA when an alpha is given). Cheap even for large sizes. */
export function solidPng(width: number, height: number, color: RGB | RGBA): Buffer {
  checkSize(width, height);
  const channels = color.length;
  const stride = width * channels;
  // First row: filter "Sub" (1) → the first pixel, then zeros. Other rows: filter "Up" (2) → all zeros.
  const raw = Buffer.alloc((stride + 1) * height);
  raw[0] = 1;
  for (let c = 0; c < channels; c++) raw[1 + c] = color[c]!;
  for (let y = 1; y < height; y++) raw[y * (stride + 1)] = 2;
  return assemble(width, height, channels === 4 ? 6 : 2, raw);
}

function assemble(width: number, height: number, colorType: 2 | 6, raw: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row-major. */
  rgba: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB, RGBA, or palette) to RGBA.
 * Enough for screenshots and the images this fake writes; throws on anything else.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('Not a PNG');
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = 0;
  let interlace = 0;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  let pos = 8;
  while (pos + 8 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (bitDepth !== 8 || interlace !== 0) throw new Error(`Unsupported PNG (bit depth ${bitDepth}, interlace ${interlace})`);
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`Unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  let prev: Buffer = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = pixels.subarray(y * stride, (y + 1) * stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const v = line[x]!;
      let out: number;
      switch (filter) {
        case 0:
          out = v;
          break;
        case 1:
          out = v + a;
          break;
        case 2:
          out = v + b;
          break;
        case 3:
          out = v + ((a + b) >> 1);
          break;
        case 4:
          out = v + paeth(a, b, c);
          break;
        default:
          throw new Error(`Bad PNG filter ${filter}`);
      }
      cur[x] = out & 0xff;
    }
    prev = cur;
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = i * channels;
    let r: number,
      g: number,
      b: number,
      al = 255;
    switch (colorType) {
      case 0:
        r = g = b = pixels[p]!;
        break;
      case 4:
        r = g = b = pixels[p]!;
        al = pixels[p + 1]!;
        break;
      case 2:
        r = pixels[p]!;
        g = pixels[p + 1]!;
        b = pixels[p + 2]!;
        break;
      case 6:
        r = pixels[p]!;
        g = pixels[p + 1]!;
        b = pixels[p + 2]!;
        al = pixels[p + 3]!;
        break;
      default: {
        const index = pixels[p]!;
        if (!palette) throw new Error('PNG palette missing');
        r = palette[index * 3]!;
        g = palette[index * 3 + 1]!;
        b = palette[index * 3 + 2]!;
        al = transparency && index < transparency.length ? transparency[index]! : 255;
      }
    }
    rgba.set([r, g, b, al], i * 4);
  }
  return { width, height, rgba };
}

/** The RGBA of one pixel of a decoded PNG. */
export function pixelAt(png: DecodedPng, x: number, y: number): RGBA {
  const i = (y * png.width + x) * 4;
  return [png.rgba[i]!, png.rgba[i + 1]!, png.rgba[i + 2]!, png.rgba[i + 3]!];
}

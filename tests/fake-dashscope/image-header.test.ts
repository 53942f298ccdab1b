import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header';
import { fixture, GIF } from './test-support';

describe('image-header.ts', () => {
  it('reads the fixture sizes', () => {
    expect(readImageHeader(fixture('menu-zh.png'))).toEqual({ format: 'png', width: 480, height: 320 });
    expect(readImageHeader(fixture('menu-en.png'))).toEqual({ format: 'png', width: 480, height: 320 });
    expect(readImageHeader(fixture('poster-ja.png'))).toEqual({ format: 'png', width: 360, height: 480 });
    expect(readImageHeader(fixture('poster-en.png'))).toEqual({ format: 'png', width: 360, height: 480 });
    expect(readImageHeader(fixture('tiny.png'))).toEqual({ format: 'png', width: 10, height: 10 });
    expect(readImageHeader(fixture('long.png'))).toEqual({ format: 'png', width: 400, height: 30 });
  });

  it('reads JPEG, WebP, GIF, BMP, TIFF and PNM headers', () => {
    // JPEG: SOI, APP0 (JFIF), SOF0 with height 480, width 640
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0,
      0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    ]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 640, height: 480 });
    // progressive JPEG (SOF2)
    const progressive = Buffer.from(jpeg);
    progressive[21] = 0xc2;
    expect(readImageHeader(progressive)).toEqual({ format: 'jpeg', width: 640, height: 480 });

    const riff = (kind: string, payload: Buffer) => {
      const head = Buffer.alloc(20);
      head.write('RIFF', 0, 'latin1');
      head.writeUInt32LE(12 + payload.length, 4);
      head.write('WEBP', 8, 'latin1');
      head.write(kind, 12, 'latin1');
      head.writeUInt32LE(payload.length, 16);
      return Buffer.concat([head, payload]);
    };
    const vp8 = Buffer.alloc(12);
    vp8.set([0x9d, 0x01, 0x2a], 3);
    vp8.writeUInt16LE(300, 6);
    vp8.writeUInt16LE(200, 8);
    expect(readImageHeader(riff('VP8 ', vp8))).toEqual({ format: 'webp', width: 300, height: 200 });
    const vp8l = Buffer.alloc(12);
    vp8l[0] = 0x2f;
    vp8l.writeUInt32LE((300 - 1) | ((200 - 1) << 14), 1);
    expect(readImageHeader(riff('VP8L', vp8l))).toEqual({ format: 'webp', width: 300, height: 200 });
    const vp8x = Buffer.alloc(12);
    vp8x.writeUIntLE(4000 - 1, 4, 3);
    vp8x.writeUIntLE(3000 - 1, 7, 3);
    expect(readImageHeader(riff('VP8X', vp8x))).toEqual({ format: 'webp', width: 4000, height: 3000 });

    expect(readImageHeader(GIF)).toEqual({ format: 'gif', width: 32, height: 32 });

    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(123, 18);
    bmp.writeInt32LE(-45, 22); // top-down
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 123, height: 45 });

    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    tiff.writeUInt16LE(256, 10); // ImageWidth, SHORT
    tiff.writeUInt16LE(3, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(800, 18);
    tiff.writeUInt16LE(257, 22); // ImageLength, LONG
    tiff.writeUInt16LE(4, 24);
    tiff.writeUInt32LE(1, 26);
    tiff.writeUInt32LE(600, 30);
    expect(readImageHeader(tiff)).toEqual({ format: 'tiff', width: 800, height: 600 });

    expect(readImageHeader(Buffer.from('P6\n# a comment\n640 480\n255\n\0\0\0', 'latin1'))).toEqual({
      format: 'pnm',
      width: 640,
      height: 480,
    });
    expect(readImageHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(readImageHeader(Buffer.alloc(0))).toBeUndefined();
  });
});

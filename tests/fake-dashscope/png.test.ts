import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, pixelAt, readImageHeader, solidPng } from './png';
import { fixture } from './test-support';

describe('png.ts', () => {
  it('round-trips RGBA pixels', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng(3, 2, rgba);
    expect(readImageHeader(png)).toEqual({ format: 'png', width: 3, height: 2 });
    const decoded = decodePng(png);
    expect(decoded.width).toBe(3);
    expect(Array.from(decoded.rgba)).toEqual(Array.from(rgba));
  });

  it('decodes solid PNGs and Chromium screenshots', () => {
    expect(pixelAt(decodePng(solidPng(20, 20, [1, 2, 3])), 19, 19)).toEqual([1, 2, 3, 255]);
    expect(pixelAt(decodePng(solidPng(4, 4, [1, 2, 3, 4])), 2, 2)).toEqual([1, 2, 3, 4]);
    const sample = decodePng(fixture('sample-text.png'));
    expect([sample.width, sample.height]).toEqual([300, 200]);
    expect(pixelAt(sample, 2, 2).slice(0, 3)).toEqual([0xdd, 0x33, 0x33]);
  });
});

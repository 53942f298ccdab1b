import { describe, expect, it } from 'vitest';
import { extensionForType, typeForFileName } from './picture-types';

describe('picture types', () => {
  it('gives the extension of a type, whatever its parameters and case', () => {
    expect(extensionForType('image/jpeg')).toBe('jpg');
    expect(extensionForType('IMAGE/PNG; charset=binary')).toBe('png');
    expect(extensionForType('image/svg+xml')).toBe('svg');
    expect(extensionForType('image/x-portable-anymap')).toBe('pnm');
  });

  it('gives no extension for a type it does not know', () => {
    expect(extensionForType('')).toBeUndefined();
    expect(extensionForType('image/heic')).toBeUndefined();
    expect(extensionForType('constructor')).toBeUndefined();
  });

  it('reads the type from a file name, with both spellings of JPEG and TIFF', () => {
    expect(typeForFileName('menu.JPEG')).toBe('image/jpeg');
    expect(typeForFileName('menu.jpg')).toBe('image/jpeg');
    expect(typeForFileName('scan.tif')).toBe('image/tiff');
    expect(typeForFileName('scan.tiff')).toBe('image/tiff');
    expect(typeForFileName('photo.webp')).toBe('image/webp');
  });

  it('calls a name without a known extension octet-stream', () => {
    expect(typeForFileName('image')).toBe('application/octet-stream');
    expect(typeForFileName('notes.txt')).toBe('application/octet-stream');
  });
});

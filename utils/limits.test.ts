import { describe, expect, it } from 'vitest';
import { imageProblem, requestProblem } from './limits';

const image = (width: number, height: number, extra: { url?: string; byteSize?: number } = {}) => ({ url: 'https://shop.example/a.png', width, height, ...extra });

describe('checks before billing', () => {
  it('accepts the limits themselves', () => {
    expect(imageProblem(image(15, 15))).toBeNull();
    expect(imageProblem(image(8192, 820))).toBeNull();
    expect(imageProblem(image(150, 15))).toBeNull();
    expect(imageProblem(image(100, 100, { byteSize: 10 * 1024 * 1024 }))).toBeNull();
  });

  it('refuses a side under 15 px or over 8192 px, saying the size', () => {
    expect(imageProblem(image(14, 300))).toContain('too small to translate (14 × 300 px)');
    expect(imageProblem(image(8193, 900))).toContain('too large');
  });

  it('refuses shapes beyond 10:1 either way', () => {
    expect(imageProblem(image(400, 30))).toContain('long and narrow');
    expect(imageProblem(image(30, 301))).toContain('long and narrow');
  });

  it('refuses files over 10 MB when the page knows the size', () => {
    expect(imageProblem(image(100, 100, { byteSize: 10 * 1024 * 1024 + 1 }))).toContain('10 MB');
  });

  it('refuses addresses the service cannot open and formats it does not take', () => {
    expect(imageProblem(image(100, 100, { url: 'data:image/png;base64,AAAA' }))).toContain('embedded');
    expect(imageProblem(image(100, 100, { url: 'blob:https://shop.example/1' }))).toContain('embedded');
    expect(imageProblem(image(100, 100, { url: 'https://shop.example/anim.gif' }))).toContain('GIF images are not accepted');
    expect(imageProblem(image(100, 100, { url: 'https://shop.example/logo.svg?v=2' }))).toContain('SVG');
    expect(imageProblem(image(100, 100, { url: 'https://shop.example/photo.WEBP' }))).toBeNull();
    expect(imageProblem(image(100, 100, { url: 'https://shop.example/render?id=3' }))).toBeNull();
  });

  it('checks the language pair first', () => {
    expect(requestProblem(image(5, 5), 'ja', 'ko')).toContain('one side must be Chinese or English');
    expect(requestProblem(image(100, 100), 'auto', 'de')).toContain('German can only be translated from');
    expect(requestProblem(image(100, 100), 'auto', 'en')).toBeNull();
  });
});

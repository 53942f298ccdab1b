import { describe, expect, it } from 'vitest';
import { failureWords } from './failure-words';
import { deliveryFor, imageProblem, isPrivateHost, requestProblem, type ImageFacts } from './limits';

/** What the user reads of an image's problem, and of the first problem of a request. */
const imageWords = (facts: ImageFacts) => {
  const problem = imageProblem(facts);
  return problem && failureWords({ kind: 'image-refused', detail: problem }).message;
};
const requestWords = (...args: Parameters<typeof requestProblem>) => {
  const problem = requestProblem(...args);
  return problem && failureWords(problem).message;
};

const image = (width: number, height: number, extra: { url?: string; byteSize?: number } = {}) => ({
  url: 'https://shop.example/a.png',
  width,
  height,
  ...extra,
});

describe('checks before billing', () => {
  it('accepts the limits themselves', () => {
    expect(imageProblem(image(15, 15))).toBeNull();
    expect(imageProblem(image(8192, 820))).toBeNull();
    expect(imageProblem(image(150, 15))).toBeNull();
  });

  it('refuses a side under 15 px, saying the size', () => {
    expect(imageWords(image(14, 300))).toContain('too small to translate (14 × 300 px)');
  });

  it('takes shapes beyond 10:1 either way (they are cut into parts), and words what older versions refused', () => {
    expect(imageProblem(image(400, 30))).toBeNull();
    expect(imageProblem(image(30, 301))).toBeNull();
    expect(failureWords({ kind: 'image-refused', detail: { problem: 'too-narrow', width: 30, height: 301 } }).message).toContain(
      'long and narrow',
    );
  });

  it('uploads a canvas, which the page names (canvas:…), by its bytes, after the size checks of any picture', () => {
    expect(deliveryFor(image(300, 200, { url: 'canvas:0.25' }))).toEqual({ kind: 'upload', reason: 'embedded' });
    expect(imageProblem(image(0, 0, { url: 'canvas:0.25' }))).toEqual({ problem: 'too-small', width: 0, height: 0 });
    expect(imageProblem(image(300, 10, { url: 'canvas:0.25' }))).toEqual({ problem: 'too-small', width: 300, height: 10 });
  });

  it('sends public images by address, and uploads what the service could not fetch or take', () => {
    expect(deliveryFor(image(100, 100))).toEqual({ kind: 'url' });
    expect(deliveryFor(image(100, 100, { url: 'https://shop.example/photo.WEBP' }))).toEqual({ kind: 'url' });
    expect(deliveryFor(image(100, 100, { url: 'https://shop.example/render?id=3' }))).toEqual({ kind: 'url' });
    expect(deliveryFor(image(100, 100, { url: 'data:image/png;base64,AAAA' }))).toEqual({ kind: 'upload', reason: 'embedded' });
    expect(deliveryFor(image(100, 100, { url: 'blob:https://shop.example/1' }))).toEqual({ kind: 'upload', reason: 'embedded' });
    expect(deliveryFor(image(100, 100, { url: `https://shop.example/a.png?${'x'.repeat(3000)}` }))).toEqual({
      kind: 'upload',
      reason: 'long',
    });
    expect(deliveryFor(image(100, 100, { url: 'http://localhost:8080/a.png' }))).toEqual({ kind: 'upload', reason: 'private' });
    expect(deliveryFor(image(100, 100, { url: 'http://192.168.1.20/a.png' }))).toEqual({ kind: 'upload', reason: 'private' });
    expect(deliveryFor(image(100, 100, { url: 'http://wiki/a.png' }))).toEqual({ kind: 'upload', reason: 'private' });
    expect(deliveryFor(image(100, 100, { url: 'https://shop.example/anim.gif' }))).toEqual({ kind: 'upload', reason: 'format' });
    expect(deliveryFor(image(100, 100, { url: 'https://shop.example/logo.svg' }))).toEqual({ kind: 'upload', reason: 'format' });
    expect(deliveryFor(image(9000, 900))).toEqual({ kind: 'upload', reason: 'size' });
    expect(deliveryFor(image(100, 100, { byteSize: 10 * 1024 * 1024 + 1 }))).toEqual({ kind: 'upload', reason: 'size' });
  });

  it('knows private hosts from public ones', () => {
    for (const host of [
      'localhost',
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.0.1',
      '169.254.1.1',
      'printer.local',
      'intranet',
      '[::1]',
    ]) {
      expect(isPrivateHost(host), host).toBe(true);
    }
    for (const host of ['shop.example', '8.8.8.8', '172.32.0.1', 'img.alicdn.com']) expect(isPrivateHost(host), host).toBe(false);
  });

  it('checks the language pair first', () => {
    expect(requestWords(image(5, 5), 'ja', 'ko', 'qwen-mt-image')).toContain('one side must be Chinese or English');
    expect(requestWords(image(100, 100), 'auto', 'de', 'qwen-mt-image')).toContain('German can only be translated from');
    expect(requestProblem(image(100, 100), 'auto', 'en', 'qwen-mt-image')).toBeNull();
    // Another model's table is unknown: the service judges the pair (a refusal is not billed); sizes still apply.
    expect(requestProblem(image(100, 100), 'ja', 'ko', 'qwen-mt-image-2.0')).toBeNull();
    expect(requestWords(image(5, 5), 'ja', 'ko', 'qwen-mt-image-2.0')).toContain('too small');
  });
});

import { describe, expect, it } from 'vitest';
import { pageQuestionText } from './page-question';

describe('the question before "Translate all"', () => {
  it('gives the count and the cost, and the minutes when the page takes more than one', () => {
    expect(pageQuestionText({ images: 24, cost: '$0.01' })).toBe(
      'Translate 24 images on this page? At the price set in the settings, that is about $0.01.',
    );
    expect(pageQuestionText({ images: 3, cost: '$0.00', minutes: 2 })).toMatch(/^Translate 3 images on this page\?.*about 2 minutes\.$/);
    expect(pageQuestionText({ images: 2, cost: '$0.00', minutes: 1 })).toMatch(/about 1 minute\.$/);
  });
});

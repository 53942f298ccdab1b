import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_PRICE_PER_IMAGE, estimatedCost, formatCost, loadPrice, parsePrice, savePrice } from './price';

describe('cost', () => {
  it('multiplies images by the price, without floating-point noise', () => {
    expect(estimatedCost(3, 0.000431)).toBe(0.001293);
    expect(estimatedCost(1000, DEFAULT_PRICE_PER_IMAGE)).toBe(0.431);
    expect(estimatedCost(0, 0.5)).toBe(0);
  });

  it('shows dollars and cents, and small amounts to four decimals', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.431)).toBe('$0.43');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.001293)).toBe('$0.0013');
    expect(formatCost(0.01)).toBe('$0.01');
  });

  it('reads a price as typed, and refuses what is not one', () => {
    expect(parsePrice('0.000431')).toEqual({ price: 0.000431 });
    expect(parsePrice(' $0.0005 ')).toEqual({ price: 0.0005 });
    expect(parsePrice('0,000431')).toEqual({ price: 0.000431 });
    expect(parsePrice('.5')).toEqual({ price: 0.5 });
    expect(parsePrice('0')).toEqual({ price: 0 });
    expect(parsePrice('4.31e-4')).toEqual({ price: 0.000431 });
    expect(parsePrice('')).toEqual({ error: 'Enter a price per image, such as 0.000431.' });
    expect(parsePrice('abc')).toEqual({ error: 'Enter the price as a number, such as 0.000431.' });
    expect(parsePrice('1,000.5')).toEqual({ error: 'Enter the price as a number, such as 0.000431.' });
    expect(parsePrice('-0.1')).toEqual({ error: 'The price cannot be negative.' });
    expect(parsePrice('1000')).toEqual({ error: 'That is more than $100 an image: check the price.' });
  });
});

describe('stored price', () => {
  beforeEach(() => fakeBrowser.reset());

  it('starts at the reference price and keeps a new one', async () => {
    expect(await loadPrice()).toBe(0.000431);
    await savePrice(0.0005);
    expect(await loadPrice()).toBe(0.0005);
    await expect(savePrice(-1)).rejects.toThrow();
    expect(await loadPrice()).toBe(0.0005);
  });

  it('falls back to the reference price when the stored one is unreadable', async () => {
    await fakeBrowser.storage.local.set({ 'usage-price': 'free' });
    expect(await loadPrice()).toBe(DEFAULT_PRICE_PER_IMAGE);
  });
});

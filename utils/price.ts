import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';

/** The reference's unit price for qwen-mt-image, in US dollars. */
export const DEFAULT_PRICE_PER_IMAGE = 0.000431;
export const MAX_PRICE_PER_IMAGE = 100;

// Its stored versions are frozen in tests/fixtures/stored/: a new shape comes with a migration.
const priceItem = storage.defineItem<number>('local:usage-price', { fallback: DEFAULT_PRICE_PER_IMAGE, version: 1 });

/** In US dollars, without the noise of binary fractions. */
export function estimatedCost(images: number, pricePerImage: number): number {
  return Math.round(images * pricePerImage * 1e10) / 1e10;
}

/** "$1.23"; amounts under a cent keep four decimals ("$0.0043") rather than show as $0.00. */
export function formatCost(amount: number): string {
  if (amount > 0 && amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}

const notANumber = () => i18n.t('usage.price.notANumber');

export const priceSchema = z
  .number({ error: notANumber })
  .finite({ error: notANumber })
  .min(0, { error: () => i18n.t('usage.price.negative') })
  .max(MAX_PRICE_PER_IMAGE, { error: () => i18n.t('usage.price.tooHigh', { max: MAX_PRICE_PER_IMAGE }) });

/** The price as typed: "0.000431", "$0.0005", or with a decimal comma, "0,000431". */
export function parsePrice(text: string): { price: number } | { error: string } {
  let value = text.trim().replace(/^\$\s*/, '');
  if (!value) return { error: i18n.t('usage.price.missing') };
  if (!value.includes('.') && /^\d*,\d+$/.test(value)) value = value.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) return { error: notANumber() };
  const parsed = priceSchema.safeParse(Number(value));
  return parsed.success ? { price: parsed.data } : { error: parsed.error.issues[0]?.message ?? i18n.t('usage.price.invalid') };
}

export async function loadPrice(): Promise<number> {
  const parsed = priceSchema.safeParse(await priceItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PRICE_PER_IMAGE;
}

export async function savePrice(price: number): Promise<number> {
  const valid = priceSchema.parse(price);
  await priceItem.setValue(valid);
  return valid;
}

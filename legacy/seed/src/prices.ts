import type { Random } from './random.ts';
import type { CurrencyCode, CustomerGroup, ExchangeRate, Price, Variant } from './types.ts';

export const customerGroups: CustomerGroup[] = [
  { code: '01', name: 'Retail', factor: 1 },
  { code: 'B2', name: 'B2B Partner', factor: 0.7 },
  { code: 'B3', name: 'B2B Partner Gold', factor: 0.62 },
];

/** Currencies with a price list of their own; others are converted at the ERP's rates. */
export const priceListCurrencies: CurrencyCode[] = ['USD', 'EUR', 'GBP'];

const usdTo: Record<CurrencyCode, number> = {
  USD: 1, EUR: 0.9215, GBP: 0.7874, CAD: 1.3862, CHF: 0.8811, SEK: 10.6420, DKK: 6.8731, PLN: 3.9810, AUD: 1.5237, JPY: 153.42,
};

export function generateExchangeRates(now: Date): ExchangeRate[] {
  const validFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const rates: ExchangeRate[] = [];
  for (const [from, a] of Object.entries(usdTo) as [CurrencyCode, number][]) {
    for (const [to, b] of Object.entries(usdTo) as [CurrencyCode, number][]) {
      if (from === to) continue;
      rates.push({ from, to, rate: (b / a).toFixed(6), validFrom });
    }
  }
  return rates;
}

/** Psychological price points per currency: 49.99 in USD, 45.95 in EUR, 39.99 in GBP. */
function pricePoint(value: number, currency: CurrencyCode): string {
  if (value < 5) return value.toFixed(2);
  const whole = Math.floor(value);
  const cents = currency === 'EUR' ? 0.95 : 0.99;
  return (whole + cents - (whole + cents > value + 0.5 ? 1 : 0)).toFixed(2);
}

export function generatePrices(random: Random, variants: Variant[], basePriceUsd: Map<string, number>): Price[] {
  const prices: Price[] = [];
  const onSale = new Set<string>();
  for (const productId of basePriceUsd.keys()) if (random.chance(0.15)) onSale.add(productId);
  for (const variant of variants) {
    const base = basePriceUsd.get(variant.productId)!;
    // Larger sizes of some products cost a little more, as they do in real catalogues.
    const uplift = ['XXL', '60 L', 'Large'].includes(variant.options.at(-1)?.value ?? '') ? 1.08 : 1;
    for (const currency of priceListCurrencies) {
      for (const group of customerGroups) {
        const list = base * uplift * usdTo[currency] * group.factor;
        const sale = onSale.has(variant.productId) && group.code === '01';
        prices.push({
          sku: variant.sku,
          currency,
          customerGroup: group.code,
          amount: pricePoint(sale ? list * 0.8 : list, currency),
          ...(sale ? { compareAtAmount: pricePoint(list, currency) } : {}),
        });
      }
    }
  }
  return prices;
}

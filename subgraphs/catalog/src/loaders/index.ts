import DataLoader from 'dataloader';
import type { PriceQuote, Pricing } from '@ucg/pricing';

/** The retail customer group: what shoppers pay. */
export const RETAIL_GROUP = '01';

function priceLoader(pricing: Pricing, currency: string, customerGroup: string): DataLoader<string, PriceQuote | null> {
  return new DataLoader<string, PriceQuote | null>(async (skus) => {
    const quotes = await pricing.prices(skus, currency, customerGroup);
    return skus.map((sku) => quotes.get(sku) ?? null);
  }, { maxBatchSize: 500 });
}

/**
 * Per-request loaders: every price a request needs (variant prices, price ranges) in one batched,
 * cached ERP read per customer group, whatever the number of variants.
 */
export function createLoaders(pricing: Pricing, currency: string) {
  const byGroup = new Map<string, DataLoader<string, PriceQuote | null>>();
  return {
    /** Prices of a customer group (the retail group `01` for shoppers, a partner's group for B2B). */
    prices(customerGroup: string): DataLoader<string, PriceQuote | null> {
      let loader = byGroup.get(customerGroup);
      if (!loader) byGroup.set(customerGroup, (loader = priceLoader(pricing, currency, customerGroup)));
      return loader;
    },
  };
}

export type CatalogLoaders = ReturnType<typeof createLoaders>;

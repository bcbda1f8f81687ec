import DataLoader from 'dataloader';
import { isConnectorError } from '@ucg/connector-core';
import type { PriceQuote, Pricing } from '@ucg/pricing';
import type { SkuAvailability, StockLedger } from '@ucg/stock-ledger';
import type { CartRecord } from '../model/cart.ts';
import type { CartStore } from '../stores/cart-store.ts';

/** A SKU's current price, or why there is none: unknown to the ERP (null), or the ERP failing with nothing cached. */
export type PriceLookup = { quote: PriceQuote | null } | { failure: unknown };

export interface LoaderDeps {
  carts: CartStore;
  pricing: Pricing;
  ledger: StockLedger;
}

const priceKey = (currency: string, group: string, sku: string) => `${currency}|${group}|${sku}`;

/** Per-request loaders: every cart read once, every line's price in one pricing call, every SKU's stock in one ledger round trip. */
export function createLoaders(deps: LoaderDeps) {
  const price = new DataLoader<string, PriceLookup>(async (keys) => {
    const batches = new Map<string, string[]>();
    for (const key of keys) {
      const [currency, group, sku] = key.split('|') as [string, string, string];
      batches.set(`${currency}|${group}`, [...(batches.get(`${currency}|${group}`) ?? []), sku]);
    }
    const found = new Map<string, PriceLookup>();
    await Promise.all(
      [...batches].map(async ([batch, skus]) => {
        const [currency, group] = batch.split('|') as [string, string];
        try {
          const quotes = await deps.pricing.prices(skus, currency, group);
          for (const sku of skus) found.set(priceKey(currency, group, sku), { quote: quotes.get(sku) ?? null });
        } catch (error) {
          if (!isConnectorError(error)) throw error;
          for (const sku of skus) found.set(priceKey(currency, group, sku), { failure: error });
        }
      }),
    );
    return keys.map((k) => found.get(k)!);
  });
  return {
    cart: new DataLoader<string, CartRecord | null>((ids) => deps.carts.getMany(ids)),
    price,
    /** The current price of a SKU in a cart's currency and customer group. */
    priceFor: (cart: CartRecord, sku: string) => price.load(priceKey(cart.currencyCode, cart.customerGroup, sku)),
    stock: new DataLoader<string, SkuAvailability>((skus) => deps.ledger.available(skus)),
  };
}

export type CartLoaders = ReturnType<typeof createLoaders>;

import { ReadThroughCache, type CacheEvent } from '@ucg/cache';
import { convertMoney, type Money, type PriceRecord } from '@ucg/connector-core';
import type { Store } from '@ucg/store';
import { PricingError } from './errors.ts';
import type { PriceSource } from './price-source.ts';
import { RateTable } from './rate-table.ts';

export interface PricingOptions {
  source: PriceSource;
  /** Where cached prices and rates live (shared by every process of a subgraph). */
  store: Store;
  /** How long a price is fresh. @default 60000 */
  priceTtlMs?: number;
  /** How long the exchange-rate table is fresh. @default 3600000 */
  rateTtlMs?: number;
  /** Currencies the ERP keeps price lists in; others are converted from `baseCurrency`. @default ["USD","EUR","GBP"] */
  listCurrencies?: readonly string[];
  /** The price list other currencies are converted from. @default "USD" */
  baseCurrency?: string;
  /** The retail customer group, used when none is given. @default "01" */
  defaultCustomerGroup?: string;
  /** Cache hits, misses and stale answers (metrics). */
  onEvent?: (event: CacheEvent) => void;
  clock?: () => number;
}

/** A SKU's price in the currency asked for. */
export interface PriceQuote {
  sku: string;
  /** The customer group whose price applied (a B2B group without its own price falls back to retail). */
  customerGroup: string;
  price: Money;
  compareAtPrice: Money | null;
  /** Set when the price was converted from the base price list at the ERP's rate. */
  conversion: { from: string; rate: string } | null;
  /** When the ERP price was loaded (ms since the epoch). */
  loadedAt: number;
  /** Served past its freshness (being refreshed, or the ERP is failing). */
  stale: boolean;
}

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Prices for SKUs in any currency and customer group: straight from the ERP's price list where it
 * keeps one (USD, EUR, GBP), else the base-currency price converted at the ERP's exchange rate and
 * rounded half-even. Prices and rates are read through the shared cache, so many shoppers' carts
 * and product pages make one ERP call per batch of SKUs per TTL, and a failing ERP is answered
 * from the last known prices.
 */
export class Pricing {
  private readonly priceCaches = new Map<string, ReadThroughCache<PriceRecord>>();
  private readonly rateCache: ReadThroughCache<Record<string, string>>;
  private readonly listCurrencies: ReadonlySet<string>;
  private readonly base: string;
  private readonly defaultGroup: string;

  constructor(private readonly options: PricingOptions) {
    this.listCurrencies = new Set(options.listCurrencies ?? ['USD', 'EUR', 'GBP']);
    this.base = options.baseCurrency ?? 'USD';
    this.defaultGroup = options.defaultCustomerGroup ?? '01';
    this.rateCache = new ReadThroughCache<Record<string, string>>({
      store: options.store,
      namespace: 'fx',
      ttlMs: options.rateTtlMs ?? 3_600_000,
      load: async (keys) => {
        const table = RateTable.fromRecords(await options.source.exchangeRates(), this.base);
        return new Map(keys.map((k) => [k, { ...table.pairs }]));
      },
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  /** Whether the ERP keeps a price list in `currency` (else prices are converted). */
  isListCurrency(currency: string): boolean {
    return this.listCurrencies.has(currency);
  }

  private priceCache(currency: string, group: string): ReadThroughCache<PriceRecord> {
    const namespace = `price:${currency}:${group}`;
    let cache = this.priceCaches.get(namespace);
    if (!cache) {
      cache = new ReadThroughCache<PriceRecord>({
        store: this.options.store,
        namespace,
        ttlMs: this.options.priceTtlMs ?? 60_000,
        load: async (skus) => new Map((await this.options.source.salesPrices(skus, currency, group)).map((p) => [p.sku, p])),
        ...(this.options.onEvent ? { onEvent: this.options.onEvent } : {}),
        ...(this.options.clock ? { clock: this.options.clock } : {}),
      });
      this.priceCaches.set(namespace, cache);
    }
    return cache;
  }

  /**
   * Prices of `skus` in `currency` for `customerGroup`, in one batched (and cached) ERP read. SKUs
   * the ERP has no price for are absent from the map. Throws the ERP's `ConnectorError` only when
   * it fails and nothing was ever cached for a SKU.
   */
  async prices(skus: readonly string[], currency: string, customerGroup = this.defaultGroup): Promise<Map<string, PriceQuote>> {
    assertCurrency(currency);
    const listed = this.isListCurrency(currency);
    const [cached, rate] = await Promise.all([
      this.priceCache(listed ? currency : this.base, customerGroup).getMany(skus),
      listed ? Promise.resolve(null) : this.rate(this.base, currency),
    ]);
    const quotes = new Map<string, PriceQuote>();
    for (const [sku, entry] of cached) {
      const record = entry.value;
      if (!record) continue;
      const convert = (m: Money) => (rate === null ? m : convertMoney(m, currency, rate));
      quotes.set(sku, {
        sku,
        customerGroup: record.customerGroup,
        price: convert(record.price),
        compareAtPrice: record.compareAtPrice ? convert(record.compareAtPrice) : null,
        conversion: rate === null ? null : { from: this.base, rate },
        loadedAt: entry.loadedAt,
        stale: entry.stale,
      });
    }
    return quotes;
  }

  /** 1 `from` = rate `to` at the ERP's current rate (type M), as a decimal string. */
  async rate(from: string, to: string): Promise<string> {
    assertCurrency(from);
    assertCurrency(to);
    if (from === to) return '1';
    const { value } = await this.rateCache.get('M');
    return new RateTable(value ?? {}, this.base).rate(from, to);
  }

  /** `amount` in `to` at the ERP's rate, rounded half-even to `to`'s minor unit. */
  async convert(amount: Money, to: string): Promise<Money> {
    return convertMoney(amount, to, await this.rate(amount.currencyCode, to));
  }

  /** Forgets cached prices (a price-change event from the ERP), so the next read loads them. */
  async invalidate(skus: readonly string[], currency: string, customerGroup = this.defaultGroup): Promise<void> {
    await this.priceCache(this.isListCurrency(currency) ? currency : this.base, customerGroup).invalidate(skus);
  }
}

function assertCurrency(code: string): void {
  if (typeof code !== 'string' || !CURRENCY.test(code)) throw new PricingError('PRICING_INVALID_CURRENCY', `not an ISO 4217 currency code: ${JSON.stringify(code)}`);
}

import { convertMoney, money, type PriceRecord } from '@ucg/connector-core';
import type { CatalogIndex } from './catalog-index.ts';

/** The ERP's price list, as the price index reads it. */
export interface PriceListSource {
  salesPrices(skus: readonly string[], currency: string, customerGroup?: string): Promise<PriceRecord[]>;
}

/** The retail customer group: the prices shoppers search and sort by. */
const RETAIL_GROUP = '01';

/**
 * Every SKU's retail price in each currency the ERP keeps a price list in, read from the ERP in one
 * batched call per currency and refreshed on an interval. Search sorts, filters and buckets by
 * price with it; prices shown to shoppers come from `@ucg/pricing` (cached, 60 s).
 */
export class PriceIndex {
  private lists = new Map<string, ReadonlyMap<string, string>>();
  private fromPrices = new Map<string, ReadonlyMap<string, number>>();
  version = 0;

  constructor(
    private readonly source: PriceListSource,
    /** Currencies with a price list of their own; others are converted from `base`. */
    readonly listCurrencies: readonly string[],
    readonly base: string,
  ) {}

  get loaded(): boolean {
    return this.lists.size > 0;
  }

  /** Re-reads the retail price list of every SKU; the index keeps its last prices if this fails. */
  async refresh(skus: readonly string[]): Promise<void> {
    const lists = new Map<string, ReadonlyMap<string, string>>();
    // One currency after the other: each is a large read, and the ERP serves the graph's requests meanwhile.
    for (const currency of this.listCurrencies) {
      lists.set(currency, new Map((await this.source.salesPrices(skus, currency, RETAIL_GROUP)).map((p) => [p.sku, p.price.amount])));
    }
    this.lists = lists;
    this.fromPrices = new Map();
    this.version++;
  }

  isListCurrency(currency: string): boolean {
    return this.listCurrencies.includes(currency);
  }

  /**
   * Each product's lowest variant price in `currency`, as a number for ordering and comparing
   * (amounts are exact to the cent; nothing is added up). Where the ERP keeps no list in `currency`,
   * the base list converted at `rate`, rounded as the shopper sees it. Products without any price are absent.
   */
  productPrices(index: CatalogIndex, currency: string, rate: string | null): ReadonlyMap<string, number> {
    const listed = this.lists.get(currency);
    const list = listed ?? (rate === null ? undefined : this.lists.get(this.base));
    if (!list) return new Map();
    const memo = `${currency}|${rate ?? ''}|${index.version}`;
    let prices = this.fromPrices.get(memo);
    if (!prices) {
      const amount = listed ? (a: string) => Number(a) : (a: string) => Number(convertMoney(money(a, this.base), currency, rate!).amount);
      const out = new Map<string, number>();
      for (const key of index.keys()) {
        let min: number | undefined;
        for (const v of index.product(key)!.variants) {
          const a = list.get(v.sku);
          if (a === undefined) continue;
          const n = amount(a);
          if (min === undefined || n < min) min = n;
        }
        if (min !== undefined) out.set(key, min);
      }
      prices = out;
      // Entries of earlier index versions are never asked for again.
      if (this.fromPrices.size >= 32) this.fromPrices.clear();
      this.fromPrices.set(memo, prices);
    }
    return prices;
  }
}

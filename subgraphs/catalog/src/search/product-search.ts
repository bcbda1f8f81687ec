import { posting, type CatalogIndex } from './catalog-index.ts';
import { facetsOf, inPriceRange, priceBuckets, type Facet, type ProductFilter } from './facets.ts';
import type { PriceIndex } from './price-index.ts';

export type ProductSort = 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'TITLE' | 'NEWEST';

export interface SearchRequest {
  query?: string | null;
  filters?: readonly ProductFilter[] | null;
  sort: ProductSort;
  currency: string;
  language: string;
  /** 1 USD in `currency` (the ERP's rate); null when unknown, and then prices play no part. */
  rateFromUsd: string | null;
}

export interface SearchOutcome {
  /** Every matching product, in the order asked. */
  keys: string[];
  facets: Facet[];
}

/** Results kept for paging and repeated searches; a change to the index or the prices retires them. */
const CACHED_RESULTS = 500;

/**
 * Search and browse over the catalogue index: full-text matches (or the whole catalogue), narrowed
 * by filter postings, sorted, with facets of the result. The full result is cached so that paging
 * through it costs a slice.
 */
export class ProductSearch {
  private readonly cache = new Map<string, SearchOutcome>();

  constructor(
    private readonly index: CatalogIndex,
    private readonly prices: PriceIndex,
  ) {}

  run(request: SearchRequest): SearchOutcome {
    const cacheKey = JSON.stringify([this.index.version, this.prices.version, request.query?.trim().toLowerCase() ?? '', request.filters ?? [], request.sort, request.currency, request.language, request.rateFromUsd]);
    const hit = this.cache.get(cacheKey);
    if (hit) {
      // Most recently used last: the oldest entry is the first to go.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit;
    }
    const outcome = this.compute(request);
    this.cache.set(cacheKey, outcome);
    if (this.cache.size > CACHED_RESULTS) this.cache.delete(this.cache.keys().next().value!);
    return outcome;
  }

  private compute(request: SearchRequest): SearchOutcome {
    const { index } = this;
    const listed = this.prices.isListCurrency(request.currency);
    const rate = listed ? null : request.rateFromUsd;
    const prices = listed || rate !== null ? this.prices.productPrices(index, request.currency, rate) : new Map<string, number>();
    const text = request.query?.trim();
    let keys = text ? index.match(text) : index.keys();

    const tests = (request.filters ?? []).flatMap((f) => criteria(index, f, prices));
    if (tests.length) keys = keys.filter((k) => tests.every((test) => test(k)));

    keys = sorted(index, keys, request, prices);
    const buckets = request.rateFromUsd === null ? [] : priceBuckets(request.currency, request.rateFromUsd);
    return { keys, facets: facetsOf(index, keys, prices, buckets) };
  }
}

/** A filter's criteria as membership tests; every criterion set in it must hold. */
function criteria(index: CatalogIndex, filter: ProductFilter, prices: ReadonlyMap<string, number>): ((key: string) => boolean)[] {
  const sets: ReadonlySet<string>[] = [];
  if (filter.category != null) sets.push(index.withPosting(posting.category(filter.category)));
  if (filter.brand != null) sets.push(index.withPosting(posting.brand(filter.brand)));
  if (filter.tag != null) sets.push(index.withPosting(posting.tag(filter.tag)));
  if (filter.option != null) sets.push(index.withPosting(posting.option(filter.option.name, filter.option.value)));
  const tests = sets.map((set) => (key: string) => set.has(key));
  const range = filter.price;
  if (range != null && (range.min != null || range.max != null)) {
    tests.push((key) => {
      const amount = prices.get(key);
      return amount !== undefined && inPriceRange(amount, range);
    });
  }
  return tests;
}

function sorted(index: CatalogIndex, keys: string[], request: SearchRequest, prices: ReadonlyMap<string, number>): string[] {
  const byRank = (ranks: ReadonlyMap<string, number>) => [...keys].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
  switch (request.sort) {
    case 'RELEVANCE':
      return keys;
    case 'TITLE':
      return byRank(index.titleRanks(request.language));
    case 'NEWEST':
      return byRank(index.newestRanks());
    case 'PRICE_ASC':
    case 'PRICE_DESC': {
      const direction = request.sort === 'PRICE_ASC' ? 1 : -1;
      // Products without a price go last either way; ties keep the relevance (or browse) order.
      const position = new Map(keys.map((k, i) => [k, i]));
      return [...keys].sort((a, b) => {
        const x = prices.get(a);
        const y = prices.get(b);
        if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || position.get(a)! - position.get(b)!;
        return (x - y) * direction || position.get(a)! - position.get(b)!;
      });
    }
  }
}

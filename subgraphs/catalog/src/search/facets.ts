import { Big, currencyDecimals } from '@ucg/connector-core';
import type { CatalogIndex } from './catalog-index.ts';

/** One criterion of a search, as the `ProductFilter` input carries it. */
export interface ProductFilter {
  category?: string | null;
  brand?: string | null;
  tag?: string | null;
  option?: { name: string; value: string } | null;
  price?: { min?: string | null; max?: string | null } | null;
}

export interface FacetValue {
  label: string;
  count: number;
  /** The JSON of the `ProductFilter` that applies this value. */
  input: string;
}

export interface Facet {
  name: 'category' | 'brand' | 'color' | 'size' | 'price' | 'tag';
  label: string;
  values: FacetValue[];
}

/** Price bucket edges in USD; other currencies scale them by the order of magnitude of their rate. */
const PRICE_EDGES = [25, 50, 100, 200, 500];
/** A facet lists at most this many values (the most frequent). */
const MAX_VALUES = 30;

export interface PriceBucket {
  min: string | null;
  max: string | null;
  label: string;
}

/**
 * Price ranges in the shopper's currency: 25/50/100/200/500 for USD-like currencies, ×10 for SEK or
 * PLN, ×100 for JPY. Bounds are inclusive, so each bucket ends one minor unit below the next.
 */
export function priceBuckets(currency: string, rateFromUsd: string): PriceBucket[] {
  const scale = 10 ** Math.max(0, Math.round(Math.log10(Number(rateFromUsd))));
  const decimals = currencyDecimals(currency);
  const unit = new Big(1).div(10 ** decimals);
  const edges = PRICE_EDGES.map((e) => new Big(e * scale));
  const fixed = (b: Big) => b.toFixed(decimals);
  const whole = (b: Big) => b.toFixed(0);
  return [
    { min: null, max: fixed(edges[0]!.minus(unit)), label: `Under ${whole(edges[0]!)} ${currency}` },
    ...edges.slice(1).map((edge, i) => ({ min: fixed(edges[i]!), max: fixed(edge.minus(unit)), label: `${whole(edges[i]!)}–${whole(edge)} ${currency}` })),
    { min: fixed(edges.at(-1)!), max: null, label: `${whole(edges.at(-1)!)} ${currency} and above` },
  ];
}

export function inPriceRange(price: number, range: { min?: string | null; max?: string | null }): boolean {
  return (range.min == null || price >= Number(range.min)) && (range.max == null || price <= Number(range.max));
}

const inputOf = (filter: ProductFilter) => JSON.stringify(filter);

class Counter {
  readonly counts = new Map<string, { label: string; count: number; filter: ProductFilter }>();

  add(id: string, label: string, filter: () => ProductFilter): void {
    const seen = this.counts.get(id);
    if (seen) seen.count++;
    else this.counts.set(id, { label, count: 1, filter: filter() });
  }

  values(order: 'count' | 'insertion' = 'count'): FacetValue[] {
    const all = [...this.counts.values()];
    if (order === 'count') all.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    return all.slice(0, MAX_VALUES).map((v) => ({ label: v.label, count: v.count, input: inputOf(v.filter) }));
  }
}

/**
 * Facets of a result: for each value, how many of `keys` have it, and the filter that narrows the
 * result to them. Counting walks the result set (not the catalogue).
 */
export function facetsOf(index: CatalogIndex, keys: readonly string[], prices: ReadonlyMap<string, number>, buckets: readonly PriceBucket[]): Facet[] {
  const category = new Counter();
  const brand = new Counter();
  const color = new Counter();
  const size = new Counter();
  const tag = new Counter();
  const price = new Counter();
  // Buckets in ascending order, so that the facet lists them cheapest first.
  for (const b of buckets) price.counts.set(b.label, { label: b.label, count: 0, filter: { price: { ...(b.min ? { min: b.min } : {}), ...(b.max ? { max: b.max } : {}) } } });
  for (const key of keys) {
    const p = index.product(key)!;
    for (const c of p.categories) category.add(c.id, c.name, () => ({ category: c.id }));
    if (p.vendor) brand.add(p.vendor, p.vendor, () => ({ brand: p.vendor! }));
    for (const t of p.tags) tag.add(t, t, () => ({ tag: t }));
    const options = new Map<string, { name: string; value: string }>();
    for (const v of p.variants) for (const o of v.options) options.set(`${o.name.toLowerCase()}:${o.value}`, o);
    for (const o of options.values()) {
      const counter = o.name.toLowerCase() === 'color' ? color : o.name.toLowerCase() === 'size' ? size : undefined;
      counter?.add(o.value, o.value, () => ({ option: { name: o.name, value: o.value } }));
    }
    const amount = prices.get(key);
    const bucket = amount === undefined ? undefined : buckets.find((b) => inPriceRange(amount, b));
    if (bucket) price.counts.get(bucket.label)!.count++;
  }
  const facets: Facet[] = [
    { name: 'category', label: 'Category', values: category.values() },
    { name: 'brand', label: 'Brand', values: brand.values() },
    { name: 'color', label: 'Color', values: color.values() },
    { name: 'size', label: 'Size', values: size.values() },
    { name: 'price', label: 'Price', values: price.values('insertion').filter((v) => v.count > 0) },
    { name: 'tag', label: 'Tag', values: tag.values() },
  ];
  return facets.filter((f) => f.values.length > 0);
}

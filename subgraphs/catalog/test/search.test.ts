import { convertMoney, money } from '@ucg/connector-core';
import type { Product } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type CatalogFixture } from './harness.ts';

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filters: [ProductFilter!], $first: Int, $after: String, $sort: ProductSort) {
    products(query: $query, filters: $filters, first: $first, after: $after, sort: $sort) {
      totalCount
      facets { name label values { label count input } }
      pageInfo { hasNextPage endCursor }
      nodes { id handle title vendor priceRange { min { amount currencyCode } } }
    }
  }
`;

interface Page {
  products: {
    totalCount: number;
    facets: { name: string; label: string; values: { label: string; count: number; input: string }[] }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: { id: string; handle: string; title: string; vendor: string; priceRange: { min: { amount: string; currencyCode: string } } | null }[];
  };
}

type Filter = { category?: string; brand?: string; tag?: string; option?: { name: string; value: string }; price?: { min?: string; max?: string } };

describe('product search', () => {
  let f: CatalogFixture;
  let search: (variables: Record<string, unknown>, context?: Record<string, unknown>) => Promise<Page['products']>;
  let products: Product[];
  const key = (p: Product) => `gid://ucg/Product/${p.id}`;
  /** The lowest variant price of a seed product in a currency's price list. */
  const fromPrice = (p: Product, currency = 'USD') => Math.min(...f.index.variantsByProduct.get(p.id)!.map((v) => Number(f.index.price(v.sku, currency)!.amount)));
  /** What a filter means, computed from the seed. */
  const holds = (p: Product, filter: Filter, currency = 'USD') =>
    (filter.category === undefined || filter.category === `gid://ucg/Category/${p.categoryId}`) &&
    (filter.brand === undefined || filter.brand === p.vendor) &&
    (filter.tag === undefined || p.tags.includes(filter.tag)) &&
    (filter.option === undefined || f.index.variantsByProduct.get(p.id)!.some((v) => v.options.some((o) => o.name === filter.option!.name && o.value === filter.option!.value))) &&
    (filter.price === undefined || ((filter.price.min === undefined || fromPrice(p, currency) >= Number(filter.price.min)) && (filter.price.max === undefined || fromPrice(p, currency) <= Number(filter.price.max))));

  beforeAll(async () => {
    f = await startCatalog();
    products = f.index.retailer.products;
    search = async (variables, context = {}) => {
      const res = await f.query<Page>(SEARCH, variables, context);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.products;
    };
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('browses the whole catalogue (both stores) with facets of every kind', async () => {
    const all = await search({ first: 5 });
    expect(all.totalCount).toBe(products.length);
    expect(all.facets.map((x) => x.name)).toEqual(['category', 'brand', 'color', 'size', 'price', 'tag']);
    const brands = all.facets.find((x) => x.name === 'brand')!.values;
    expect(Object.fromEntries(brands.map((v) => [v.label, v.count]))).toEqual(Object.fromEntries([...new Set(products.map((p) => p.vendor))].map((vendor) => [vendor, products.filter((p) => p.vendor === vendor).length])));
  });

  it('narrows to exactly the counted products when a facet value is applied, for every facet', async () => {
    const all = await search({ first: 1 });
    for (const facet of all.facets) {
      const value = facet.values[0]!;
      const filter = JSON.parse(value.input) as Filter;
      const expected = products.filter((p) => holds(p, filter));
      const narrowed = await search({ filters: [filter], first: 100 });
      expect(narrowed.totalCount, `${facet.name} ${value.label}`).toBe(value.count);
      expect(narrowed.totalCount).toBe(expected.length);
      expect(narrowed.totalCount).toBeLessThan(all.totalCount);
      expect(narrowed.nodes.map((n) => n.id).sort()).toEqual(expected.map(key).sort());
      // The narrowed result's own facets count within it.
      for (const x of narrowed.facets) for (const v of x.values) expect(v.count).toBeLessThanOrEqual(narrowed.totalCount);
    }
  });

  it('applies several filters together (all must hold)', async () => {
    const product = products.find((p) => p.vendor === 'Northwind Outfitters' && p.tags.length > 2)!;
    const filters: Filter[] = [{ brand: product.vendor, category: `gid://ucg/Category/${product.categoryId}` }, { tag: product.tags[2]! }];
    const expected = products.filter((p) => filters.every((x) => holds(p, x)));
    const result = await search({ filters, first: 100 });
    expect(result.nodes.map((n) => n.id).sort()).toEqual(expected.map(key).sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  it('walks every page once with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const page: Page['products'] = await search({ first: 7, after, sort: 'TITLE' });
      seen.push(...page.nodes.map((n) => n.handle));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(50);
    }
    expect(seen).toHaveLength(products.length);
    expect(new Set(seen)).toEqual(new Set(products.map((p) => p.handle)));
  });

  it('sorts by price in the shopper\'s currency, by title in their language, and newest first', async () => {
    const asc = await search({ first: 100, sort: 'PRICE_ASC' });
    const amounts = asc.nodes.map((n) => Number(n.priceRange!.min.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(amounts).toEqual(products.map((p) => fromPrice(p)).sort((a, b) => a - b));

    const eur = await search({ first: 100, sort: 'PRICE_DESC' }, { currency: 'EUR', country: 'DE' });
    expect(eur.nodes.every((n) => n.priceRange!.min.currencyCode === 'EUR')).toBe(true);
    expect(eur.nodes.map((n) => Number(n.priceRange!.min.amount))).toEqual(products.map((p) => fromPrice(p, 'EUR')).sort((a, b) => b - a));

    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const de = await search({ first: 100, sort: 'TITLE' }, { language: 'de' });
    expect(de.nodes.map((n) => n.title)).toEqual(products.map((p) => p.title.de ?? p.title.en).sort(collator.compare));

    const newest = await search({ first: 100, sort: 'NEWEST' });
    expect(newest.nodes.map((n) => n.handle)).toEqual([...products].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || collator.compare(a.id, b.id)).map((p) => p.handle));
  });

  it('buckets and filters prices converted at the ERP rate where there is no price list', async () => {
    const rate = f.index.retailer.exchangeRates.find((r) => r.from === 'USD' && r.to === 'SEK')!.rate;
    const sek = (p: Product) => Math.min(...f.index.variantsByProduct.get(p.id)!.map((v) => Number(convertMoney(money(f.index.price(v.sku, 'USD')!.amount, 'USD'), 'SEK', rate).amount)));
    const context = { country: 'SE', currency: 'SEK' };
    const all = await search({ first: 1 }, context);
    const bucket = all.facets.find((x) => x.name === 'price')!.values[0]!;
    expect(bucket.label).toMatch(/SEK/);
    const range = (JSON.parse(bucket.input) as Filter).price!;
    const expected = products.filter((p) => (range.min === undefined || sek(p) >= Number(range.min)) && (range.max === undefined || sek(p) <= Number(range.max)));
    const narrowed = await search({ filters: [{ price: range }], first: 100 }, context);
    expect(narrowed.totalCount).toBe(bucket.count);
    expect(narrowed.nodes.map((n) => n.id).sort()).toEqual(expected.map(key).sort());
    for (const n of narrowed.nodes) expect(n.priceRange!.min.currencyCode).toBe('SEK');
  });

  it('finds a product by its title, in English or in the ERP\'s German name', async () => {
    const product = products.find((p) => p.title.de && p.inWebStore)!;
    const english = await search({ query: product.title.en, first: 3 });
    expect(english.nodes[0]!.handle).toBe(product.handle);
    const german = await search({ query: product.title.de, first: 3 }, { language: 'de' });
    expect(german.nodes[0]).toMatchObject({ handle: product.handle, title: product.title.de });
    const nothing = await search({ query: 'qwxzv', first: 3 });
    expect(nothing).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });
  });

  it('refuses bad paging and filters with BAD_USER_INPUT', async () => {
    for (const variables of [{ first: -1 }, { first: 101 }, { after: 'not-a-cursor' }, { filters: [{ price: { min: '50', max: '10' } }] }]) {
      const res = await f.query(SEARCH, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});

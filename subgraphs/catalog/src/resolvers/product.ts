import { compareMoney, type Money } from '@ucg/connector-core';
import { connection, pageArgs } from '@ucg/subgraph-kit';
import { productGid, productKeyOf, type CatalogProduct } from '../model/catalog-product.ts';
import { RETAIL_GROUP } from '../loaders/index.ts';
import { localizedTitle } from '../search/catalog-index.ts';
import type { CatalogContext } from './context.ts';
import type { VariantNode } from './variant.ts';

/** Throws the first failure among loaded values (the ERP's error), else the values. */
function settled<T>(values: readonly (T | Error)[]): T[] {
  const failure = values.find((v): v is Error => v instanceof Error);
  if (failure) throw failure;
  return values as T[];
}

export const productResolvers = {
  __resolveReference: (ref: { id?: string; handle?: string }, ctx: CatalogContext): CatalogProduct | null => {
    const { index } = ctx.catalog;
    if (ref.handle !== undefined) return index.productByHandle(ref.handle) ?? null;
    const key = ref.id === undefined ? undefined : productKeyOf(ref.id);
    return key === undefined ? null : index.product(key) ?? null;
  },
  id: (p: CatalogProduct) => productGid(p.key),
  title: (p: CatalogProduct, _: unknown, ctx: CatalogContext) => localizedTitle(p, ctx.request.language),
  // The ERP holds names per language, not long texts: descriptions are the content system's (English).
  description: (p: CatalogProduct) => p.description,
  featuredImage: (p: CatalogProduct) => p.images[0] ?? null,
  skus: (p: CatalogProduct) => p.variants.map((v) => v.sku),

  priceRange: async (p: CatalogProduct, _: unknown, ctx: CatalogContext) => {
    const quotes = settled(await ctx.loaders.prices(RETAIL_GROUP).loadMany(p.variants.map((v) => v.sku)));
    const prices = quotes.flatMap((q) => (q ? [q.price] : []));
    if (!prices.length) return null;
    const pick = (better: (a: Money, b: Money) => boolean) => prices.reduce((x, y) => (better(y, x) ? y : x));
    return { min: pick((a, b) => compareMoney(a, b) < 0), max: pick((a, b) => compareMoney(a, b) > 0) };
  },

  variants: (p: CatalogProduct, args: { first?: number | null; after?: string | null }) => {
    const page = pageArgs(args, { first: 50, max: 250 });
    const nodes: VariantNode[] = p.variants.slice(page.offset, page.offset + page.first).map((variant) => ({ product: p, variant }));
    return connection(nodes, page, p.variants.length);
  },
};

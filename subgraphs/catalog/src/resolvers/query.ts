import { badUserInput, connection, pageArgs } from '@ucg/subgraph-kit';
import type { CatalogProduct } from '../model/catalog-product.ts';
import type { ProductFilter } from '../search/facets.ts';
import type { ProductSort } from '../search/product-search.ts';
import type { CatalogContext } from './context.ts';
import type { VariantNode } from './variant.ts';

/** `variants(skus:)` answers at most this many SKUs per call. */
export const MAX_SKUS = 500;
const MAX_QUERY_LENGTH = 256;
const MAX_FILTERS = 20;

interface ProductsArgs {
  query?: string | null;
  filters?: ProductFilter[] | null;
  first?: number | null;
  after?: string | null;
  sort?: ProductSort | null;
}

export const queryResolvers = {
  product: (_: unknown, { handle }: { handle: string }, ctx: CatalogContext): CatalogProduct | null => {
    if (!handle.trim() || handle.length > 255) throw badUserInput('`handle` must be a non-empty product handle', 'handle');
    return ctx.catalog.index.productByHandle(handle) ?? null;
  },

  products: async (_: unknown, args: ProductsArgs, ctx: CatalogContext) => {
    if (args.query && args.query.length > MAX_QUERY_LENGTH) throw badUserInput(`\`query\` may be at most ${MAX_QUERY_LENGTH} characters`, 'query');
    if ((args.filters?.length ?? 0) > MAX_FILTERS) throw badUserInput(`at most ${MAX_FILTERS} filters may be given`, 'filters');
    for (const f of args.filters ?? []) {
      if (f.price?.min != null && f.price.max != null && Number(f.price.min) > Number(f.price.max)) throw badUserInput('a price filter\'s `min` must not exceed its `max`', 'filters');
    }
    const page = pageArgs(args, { first: 24, max: 100 });
    const { currency, language } = ctx.request;
    const outcome = ctx.catalog.search.run({
      query: args.query ?? null,
      filters: args.filters ?? null,
      sort: args.sort ?? 'RELEVANCE',
      currency,
      language,
      rateFromUsd: await ctx.catalog.rateFromUsd(currency, ctx.logger),
    });
    const nodes = outcome.keys.slice(page.offset, page.offset + page.first).map((key) => ctx.catalog.index.product(key)!);
    return { ...connection(nodes, page, outcome.keys.length), facets: outcome.facets };
  },

  variants: (_: unknown, { skus }: { skus: string[] }, ctx: CatalogContext): (VariantNode | null)[] => {
    if (skus.length > MAX_SKUS) throw badUserInput(`\`skus\` may hold at most ${MAX_SKUS} SKUs; got ${skus.length}`, 'skus');
    return skus.map((sku) => ctx.catalog.index.variant(sku) ?? null);
  },
};

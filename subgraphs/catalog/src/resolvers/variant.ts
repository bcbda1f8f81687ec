import { hasScope } from '@ucg/request-context';
import { forbidden } from '@ucg/subgraph-kit';
import type { CatalogProduct, CatalogVariant } from '../model/catalog-product.ts';
import { RETAIL_GROUP } from '../loaders/index.ts';
import type { CatalogContext } from './context.ts';

/** A variant as resolvers pass it on: with the product it belongs to. */
export interface VariantNode {
  product: CatalogProduct;
  variant: CatalogVariant;
}

/** The scope that lets a caller see B2B prices (the gateway checks it too). */
export const B2B_PRICES_SCOPE = 'prices:b2b';

const retail = (node: VariantNode, ctx: CatalogContext) => ctx.loaders.prices(RETAIL_GROUP).load(node.variant.sku);

export const variantResolvers = {
  __resolveReference: (ref: { sku: string }, ctx: CatalogContext): VariantNode | null => ctx.catalog.index.variant(ref.sku) ?? null,
  sku: (n: VariantNode) => n.variant.sku,
  title: (n: VariantNode) => n.variant.title,
  gtin: (n: VariantNode) => n.variant.gtin,
  options: (n: VariantNode) => n.variant.options,
  product: (n: VariantNode) => n.product,
  price: async (n: VariantNode, _: unknown, ctx: CatalogContext) => (await retail(n, ctx))?.price ?? null,
  compareAtPrice: async (n: VariantNode, _: unknown, ctx: CatalogContext) => (await retail(n, ctx))?.compareAtPrice ?? null,

  partnerPrice: async (n: VariantNode, _: unknown, ctx: CatalogContext) => {
    // The gateway enforces @requiresScopes; a subgraph reached another way still refuses.
    if (!hasScope(ctx.request, B2B_PRICES_SCOPE)) throw forbidden(`partnerPrice needs the ${B2B_PRICES_SCOPE} scope`);
    const group = ctx.request.partner?.customerGroup;
    if (!group) throw forbidden('partnerPrice is the price of a partner company\'s customer group; this caller acts for no partner');
    return (await ctx.loaders.prices(group).load(n.variant.sku))?.price ?? null;
  },
};

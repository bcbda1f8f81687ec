import type { CatalogCategory } from '../model/catalog-product.ts';
import type { CatalogContext } from './context.ts';
import { productResolvers } from './product.ts';
import { queryResolvers } from './query.ts';
import { variantResolvers } from './variant.ts';

export type { CatalogContext, CatalogServices } from './context.ts';

export const resolvers = {
  Query: queryResolvers,
  Product: productResolvers,
  Variant: variantResolvers,
  Category: {
    __resolveReference: (ref: { id: string }, ctx: CatalogContext): CatalogCategory | null => ctx.catalog.index.category(ref.id) ?? null,
  },
};

import { badUserInput } from '@ucg/subgraph-kit';
import type { SalesSummary } from '../reports/sales-summary.ts';
import { customerResolvers } from './customer.ts';
import { mutationResolvers } from './mutation.ts';
import { orderResolvers } from './order.ts';
import { queryResolvers } from './query.ts';

const MAX_TOP_PRODUCTS = 100;

export const resolvers = {
  ...queryResolvers,
  ...mutationResolvers,
  ...orderResolvers,
  ...customerResolvers,
  SalesSummary: {
    topProducts(summary: SalesSummary, args: { first?: number | null }) {
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 0 || first > MAX_TOP_PRODUCTS) throw badUserInput(`\`first\` must be between 0 and ${MAX_TOP_PRODUCTS}`, 'first');
      return summary.products.slice(0, first);
    },
  },
};

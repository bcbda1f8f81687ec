import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '@ucg/subgraph-kit';
import type { OrdersContext } from '../context.ts';
import { mergeOrderStreams, type OrderStream } from '../customer-orders.ts';
import { emailsMatch, fromOrderRecord, type OrderView } from '../model.ts';

const MAX_FIRST = 50;

interface CustomerRef {
  id: string;
  email?: string;
}

/**
 * The shopper's orders in each system, newest first, as streams the merge reads page by page. The
 * selling systems' first pages come from the Store (`OrderHeads`, kept current by their webhooks);
 * pages beyond are read live. The graph's own (checkout) orders are always read from the outbox,
 * so an order placed through the graph is listed at once.
 */
function streamsFor(email: string, ctx: OrdersContext): OrderStream[] {
  const { systems, graph, heads } = ctx.services;
  const cachedHead = (after: string | null, first: number) => after === null && first <= heads.size;
  const shopper = email.trim().toLowerCase();
  return [
    {
      name: 'webstore',
      async fetch(after, first) {
        if (cachedHead(after, first)) return heads.head('webstore', shopper);
        const page = await systems.webstore.ordersByEmail(email, { first, after });
        return { orders: page.orders.map((o) => fromOrderRecord(o, 'webstore')), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
      },
    },
    {
      name: 'marketplace',
      async fetch(after, first) {
        if (cachedHead(after, first)) return heads.head('marketplace', shopper);
        const page = await systems.marketplace.ordersByEmail(email, { first, ...(after ? { after } : {}) });
        return { orders: page.nodes.map((o) => fromOrderRecord(o, 'marketplace')), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
      },
    },
    {
      name: 'graph',
      async fetch(after, first) {
        if (after !== null && !/^\d{1,9}$/.test(after)) throw Object.assign(new Error('not a graph-orders cursor'), { code: 'INVALID_CURSOR' });
        const offset = after ? Number(after) : 0;
        const page = await graph.byEmail(email, { first, offset });
        const end = offset + page.orders.length;
        return { orders: page.orders, endCursor: String(end), hasNextPage: end < page.totalCount };
      },
    },
  ];
}

const empty = { nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

export const customerResolvers = {
  Customer: {
    __resolveReference: (ref: CustomerRef) => ref,
    /**
     * Only the signed-in customer's own orders: the email the gateway verified must be the email
     * this Customer was resolved with. Anyone else gets an empty list, not an error, so nothing
     * tells them whether the customer has orders.
     */
    async orders(customer: CustomerRef, args: { first?: number | null; after?: string | null }, ctx: OrdersContext, info: GraphQLResolveInfo) {
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 0) throw badUserInput('`first` must be zero or a positive integer', 'first');
      if (first > MAX_FIRST) throw badUserInput(`\`first\` may be at most ${MAX_FIRST}`, 'first');
      const email = ctx.request.customer?.email;
      if (!email || !emailsMatch(email, customer.email)) return empty;

      const page = await mergeOrderStreams(streamsFor(email, ctx), first, args.after ?? null);
      for (const failure of page.failed) ctx.partial.add(failure.error, info);
      for (const order of page.orders) ctx.loaders.orders.prime(order.number, order as OrderView);
      return {
        nodes: page.orders,
        pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: Boolean(args.after), startCursor: null, endCursor: page.endCursor },
      };
    },
  },
};

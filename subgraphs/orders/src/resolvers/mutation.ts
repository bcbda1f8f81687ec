import type { OrdersContext } from '../context.ts';
import type { ReturnRecord, ReturnRequestInput } from '../returns/returns.ts';
import { sourceOfNumber } from '../numbers.ts';
import { effectiveStatus } from './order.ts';

export const mutationResolvers = {
  Mutation: {
    /** Files a return of any channel's order; see `Returns.request` for the checks and userErrors. */
    async returnRequest(_: unknown, args: { input: ReturnRequestInput }, ctx: OrdersContext) {
      const { input } = args;
      const routable = sourceOfNumber(input.orderNumber, ctx.services.config.MARKETPLACE_ORDER_NUMBER_FLOOR) !== null;
      const order = routable ? await ctx.loaders.orders.load(input.orderNumber) : null;
      const status = order ? await effectiveStatus(order, ctx) : null;
      return ctx.services.returns.request(input, order, status, ctx.request.customer?.email);
    },
  },
  Return: {
    location: (r: ReturnRecord) => (r.locationId ? { id: r.locationId } : null),
  },
};

import type { GraphQLResolveInfo } from 'graphql';
import { mayView } from '../access.ts';
import type { OrdersContext } from '../context.ts';
import type { DeliveryRecord } from '../delivery/state.ts';
import { loyaltyPointsFor } from '../loyalty.ts';
import type { OrderStatusName, OrderView, ShipmentView } from '../model.ts';

/**
 * A graph order's state from its delivery: PENDING until the ERP and every 3PL it ships from have
 * accepted it, PROCESSING from then on (parcels then make it SHIPPED, see `status`).
 */
export function graphOrderStatus(record: DeliveryRecord): OrderStatusName {
  const plan = record.plan;
  if (!plan) return 'PENDING';
  const handedOver = plan.targets.filter((t) => t !== 'crm').every((t) => record.targets[t]?.state === 'accepted');
  return handedOver ? 'PROCESSING' : 'PENDING';
}

/**
 * Parcels of an order. A 3PL that cannot be asked leaves the list empty and adds an error naming
 * it: the order itself (and every other order of the page) still answers.
 */
async function parcels(order: OrderView, ctx: OrdersContext, info: GraphQLResolveInfo | null): Promise<ShipmentView[]> {
  try {
    return await ctx.loaders.shipments.load(order);
  } catch (error) {
    if (info) ctx.partial.add(error, info);
    return [];
  }
}

/**
 * The selling system's status, refined by what the graph knows beyond it: graph orders by their
 * delivery, and any order with parcels by the carriers (all delivered: DELIVERED, otherwise
 * SHIPPED), since web stores and marketplaces stop at "fulfilled".
 */
export async function effectiveStatus(o: OrderView, ctx: OrdersContext): Promise<OrderStatusName> {
  let status = o.status;
  if (status === 'CANCELLED' || status === 'RETURNED' || o.channel === 'POS') return status;
  if (o.source === 'graph' && status === 'PENDING') status = graphOrderStatus(await ctx.loaders.delivery.load(o.number));
  if (o.channel === 'B2B') return status;
  const shipped = await parcels(o, ctx, null);
  if (shipped.length === 0) return status;
  return shipped.every((s) => s.status === 'DELIVERED') ? 'DELIVERED' : 'SHIPPED';
}

export const orderResolvers = {
  Order: {
    async __resolveReference(ref: { number: string }, ctx: OrdersContext): Promise<OrderView | null> {
      const order = await ctx.loaders.orders.load(ref.number);
      return order && (await mayView(order, ctx)) ? order : null;
    },
    id: (o: OrderView) => `gid://ucg/Order/${o.number}`,
    status: (o: OrderView, _: unknown, ctx: OrdersContext) => effectiveStatus(o, ctx),
    shipments: (o: OrderView, _: unknown, ctx: OrdersContext, info: GraphQLResolveInfo) => parcels(o, ctx, info),
    loyaltyPointsEarned: (o: OrderView, _: unknown, ctx: OrdersContext) => loyaltyPointsFor(o, () => ctx.services.fx.table()),
    location: (o: OrderView) => (o.storeLocationId ? { id: o.storeLocationId } : null),
  },
  Shipment: {
    fromLocation: (s: ShipmentView) => (s.fromLocationId ? { id: s.fromLocationId } : null),
  },
};

import DataLoader from 'dataloader';
import type { OrderRecord } from '@ucg/connector-core';
import type { ShipmentCache } from './cache/shipment-cache.ts';
import type { DeliveryRecord, DeliveryStates } from './delivery/state.ts';
import { fromOrderRecord, fromSalesOrder, type OrderView, type ShipmentView } from './model.ts';
import { normaliseOrderNumber, routeNumbers } from './numbers.ts';
import type { GraphOrders } from './sources/graph-orders.ts';
import type { OrderSystems } from './systems/index.ts';

export interface LoaderDeps {
  systems: OrderSystems;
  graph: GraphOrders;
  deliveries: DeliveryStates;
  /** Parcels, from the Store when they are known (see `cache/shipment-cache.ts`). */
  parcels: ShipmentCache;
  marketplaceFloor: number;
}

export interface OrderLoaders {
  /** Orders by number from whichever system the number belongs to; null where unknown. */
  orders: DataLoader<string, OrderView | null>;
  /** Parcels of an order from both 3PLs (all orders of a request in one batch, cached per customer and order). */
  shipments: DataLoader<OrderView, ShipmentView[], string>;
  /** Graph orders' delivery state. */
  delivery: DataLoader<string, DeliveryRecord>;
}

/**
 * Looks up numbers in their systems: graph orders in one Store read, ERP orders in one OData
 * request, web-store and marketplace orders one request each (neither connector has a by-numbers
 * read; a request only ever asks a handful). A system that fails fails only its own numbers.
 */
async function loadOrders(deps: LoaderDeps, numbers: readonly string[]): Promise<(OrderView | null | Error)[]> {
  const { systems, graph } = deps;
  const found = new Map<string, OrderView | null | Error>();
  const settle = async (keys: string[], load: () => Promise<Map<string, OrderView>>) => {
    try {
      const views = await load();
      for (const key of keys) found.set(key, views.get(key) ?? null);
    } catch (error) {
      for (const key of keys) found.set(key, error as Error);
    }
  };
  const byNumber = (views: (OrderView | null)[]) => new Map(views.filter((v): v is OrderView => v !== null).map((v) => [v.number, v]));
  const oneByOne = async (keys: string[], source: 'webstore' | 'marketplace', find: (n: string) => Promise<OrderRecord | null>) => {
    await Promise.all(keys.map((key) => settle([key], async () => {
      const record = await find(key);
      return byNumber([record ? fromOrderRecord(record, source) : null]);
    })));
  };
  const work: Promise<unknown>[] = [];
  for (const [source, keys] of routeNumbers(numbers, deps.marketplaceFloor)) {
    if (source === 'graph') work.push(settle(keys, async () => byNumber(await graph.get(keys))));
    if (source === 'erp') work.push(settle(keys, async () => byNumber((await systems.erp.salesOrders({ numbers: keys })).map(fromSalesOrder))));
    if (source === 'webstore') work.push(oneByOne(keys, source, (n) => systems.webstore.orderByNumber(n)));
    if (source === 'marketplace') work.push(oneByOne(keys, source, (n) => systems.marketplace.orderByNumber(n)));
  }
  await Promise.all(work);
  return numbers.map((n) => found.get(normaliseOrderNumber(n)) ?? null);
}

/**
 * The 3PLs that may hold an order's parcels: both for anything shipped to an address (ShipBob by
 * reference, the EU warehouse's 945s from local history, which costs no request); POS sales left
 * with the shopper and B2B orders ship from the ERP plant, so neither 3PL is asked about them.
 */
function shippable(order: OrderView): boolean {
  return order.channel !== 'POS' && order.channel !== 'B2B' && order.shipToCountry !== null;
}

export function createLoaders(deps: LoaderDeps): OrderLoaders {
  return {
    orders: new DataLoader((numbers) => loadOrders(deps, numbers), { cacheKeyFn: normaliseOrderNumber }),
    shipments: new DataLoader(
      async (orders) => {
        const byOrder = await deps.parcels.forOrders(orders.filter(shippable));
        return orders.map((o) => byOrder.get(o.number) ?? []);
      },
      { cacheKeyFn: (o) => o.number },
    ),
    delivery: new DataLoader((numbers) => deps.deliveries.getMany(numbers)),
  };
}

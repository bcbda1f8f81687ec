import type { RequestContext } from '@ucg/request-context';
import type { SubgraphContext } from '@ucg/subgraph-kit';
import type { OrderHeads } from './cache/order-heads.ts';
import type { ShipmentCache } from './cache/shipment-cache.ts';
import type { OrdersConfig } from './config.ts';
import type { DeliveryStates } from './delivery/state.ts';
import type { FxRates } from './fx.ts';
import type { OrderLoaders } from './loaders.ts';
import type { PartialErrors } from './partial-errors.ts';
import type { PartnerAccounts } from './partners.ts';
import type { FulfillmentBoard } from './reports/fulfillment-board.ts';
import type { SalesReports } from './reports/sales-summary.ts';
import type { Returns } from './returns/returns.ts';
import type { GraphOrders } from './sources/graph-orders.ts';
import type { OrderSystems } from './systems/index.ts';

/** Everything the resolvers use that outlives a request. */
export interface OrdersServices {
  config: Readonly<OrdersConfig>;
  systems: OrderSystems;
  graph: GraphOrders;
  /** Shoppers' newest web-store and marketplace orders, cached per customer id. */
  heads: OrderHeads;
  /** Orders' parcels, cached per customer and order. */
  parcels: ShipmentCache;
  deliveries: DeliveryStates;
  partners: PartnerAccounts;
  fx: FxRates;
  returns: Returns;
  sales: SalesReports;
  board: FulfillmentBoard;
}

export interface OrdersContext extends SubgraphContext {
  services: OrdersServices;
  loaders: OrderLoaders;
  partial: PartialErrors;
  /** The request came through the gateway with a valid signed context (not a direct, anonymous call). */
  trusted: boolean;
}

/** The staff scope, checked here too (the gateway's `@requiresScopes` is the first line, not the only one). */
export function staffHas(request: RequestContext, scope: string): boolean {
  return request.staff?.scopes.includes(scope) ?? false;
}

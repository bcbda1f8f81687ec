import { OrderOutbox } from '@ucg/order-outbox';
import { CONTEXT_HEADER, verifyContext } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import { createStore, storeConfigFromEnv, type Store } from '@ucg/store';
import { createSubgraphServer, type SubgraphServer } from '@ucg/subgraph-kit';
import { OrderHeads } from './cache/order-heads.ts';
import { ShipmentCache } from './cache/shipment-cache.ts';
import type { OrdersConfig } from './config.ts';
import type { OrdersContext, OrdersServices } from './context.ts';
import { DeliveryStates } from './delivery/state.ts';
import { FxRates } from './fx.ts';
import { createLoaders } from './loaders.ts';
import { PartialErrors, partialErrorsPlugin } from './partial-errors.ts';
import { PartnerAccounts } from './partners.ts';
import { FulfillmentBoard } from './reports/fulfillment-board.ts';
import { SalesFacts } from './reports/sales-facts.ts';
import { SalesReports } from './reports/sales-summary.ts';
import { resolvers } from './resolvers/index.ts';
import { Returns } from './returns/returns.ts';
import { typeDefs } from './schema.ts';
import { GraphOrders } from './sources/graph-orders.ts';
import { closeSystems, createOrderSystems, type OrderSystems } from './systems/index.ts';
import { forgetErasedPeople } from './webhooks/erasures.ts';
import { orderWebhookRoutes, registerOrderWebhooks, type WebhookRegistration } from './webhooks/order-webhooks.ts';

export interface OrdersServerDeps {
  /** Shared with the cart (the outbox) and the delivery worker (delivery state); created from the environment when absent. */
  store?: Store;
  /** Connectors, for tests that point them elsewhere; created from `config` when absent. */
  systems?: OrderSystems;
}

/** Wires the long-lived services: connectors, the outbox reader, caches and reports. */
export function createServices(config: Readonly<OrdersConfig>, logger: Logger, store: Store, systems: OrderSystems): OrdersServices {
  const graph = new GraphOrders(new OrderOutbox(store, { namespace: config.ORDER_OUTBOX_NAMESPACE }), store);
  const deliveries = new DeliveryStates(store);
  const fx = new FxRates(systems.erp, store, config.FX_CACHE_TTL_MS);
  const facts = new SalesFacts({
    systems, graph, store,
    closedDayTtlMs: config.SALES_CLOSED_DAY_TTL_MS,
    openDayTtlMs: config.SALES_OPEN_DAY_TTL_MS,
    closedAfterMs: config.SALES_CLOSED_AFTER_MS,
  });
  const keep = config.PERSONAL_CACHE_STALE_IF_ERROR_MS;
  return {
    config,
    systems,
    graph,
    heads: new OrderHeads({ store, systems, logger, size: config.ORDER_LIST_CACHE_SIZE, ttlMs: config.ORDER_LIST_CACHE_TTL_MS, staleIfErrorMs: keep, answerWithinMs: config.LEGACY_ANSWER_WITHIN_MS }),
    parcels: new ShipmentCache({ store, systems, logger, movingTtlMs: config.SHIPMENTS_CACHE_TTL_MS, deliveredTtlMs: config.DELIVERED_SHIPMENTS_CACHE_TTL_MS, staleIfErrorMs: keep }),
    deliveries,
    fx,
    partners: new PartnerAccounts(systems.crm, store, config.PARTNER_ERP_CUSTOMERS, config.PARTNER_CACHE_TTL_MS),
    returns: new Returns({ store, webstore: systems.webstore, storeLocationsTtlMs: config.STORE_LOCATIONS_TTL_MS }),
    sales: new SalesReports(facts, () => fx.table(), { answerWithinMs: config.SALES_ANSWER_WITHIN_MS, keepMs: config.SALES_RESULT_KEEP_MS }),
    board: new FulfillmentBoard({ systems, deliveries, windowDays: config.BOARD_WINDOW_DAYS, cacheMs: config.BOARD_CACHE_MS, logger }),
  };
}

/**
 * The orders subgraph. Shoppers' order lists and parcels are cached in the Store per customer id;
 * the web store and the marketplace push new orders to receivers subscribed at `ORDERS_PUBLIC_URL`
 * (default: the address it listens on) once listening, and `http.listen` resolves after the first
 * attempt. Erasures announced by the customers subgraph drop the person's cached lists.
 */
export async function createOrdersServer(config: Readonly<OrdersConfig>, logger: Logger, deps: OrdersServerDeps = {}): Promise<SubgraphServer> {
  const store = deps.store ?? createStore(storeConfigFromEnv());
  const systems = deps.systems ?? createOrderSystems(config, logger);
  const services = createServices(config, logger, store, systems);
  const production = config.NODE_ENV === 'production';
  // Read the warehouse's shipment history now, so the first order page does not wait for it.
  systems.eu3pl.refresh(true).catch((error: unknown) => logger.warn({ err: error, system: '3pl-eu' }, 'EDI history not read yet; retried on first use'));
  const unsubscribe = await forgetErasedPeople(store, services.heads, logger);
  const webhooks = { webstore: systems.webstore, marketplace: systems.marketplace, secrets: { shopify: config.SHOPIFY_API_SECRET, woo: config.WOO_WEBHOOK_SECRET }, logger };
  let registration: WebhookRegistration | undefined;

  const server = await createSubgraphServer<OrdersContext>({
    name: 'orders',
    typeDefs,
    resolvers: resolvers as never,
    contextSecret: config.CONTEXT_SECRET,
    logger,
    production,
    plugins: [partialErrorsPlugin(production)],
    routes: orderWebhookRoutes({ ...webhooks, heads: services.heads }),
    createContext: (base, req) => ({
      ...base,
      services,
      loaders: createLoaders({ systems, graph: services.graph, deliveries: services.deliveries, parcels: services.parcels, marketplaceFloor: config.MARKETPLACE_ORDER_NUMBER_FLOOR }),
      partial: new PartialErrors(),
      trusted: verifyContext(req.headers[CONTEXT_HEADER], config.CONTEXT_SECRET).valid,
    }),
    onClose: async () => {
      registration?.stop();
      await unsubscribe().catch(() => {});
      await closeSystems({ ...systems });
      // A store passed in belongs to the caller (tests, an embedded stack share it).
      if (!deps.store) await store.close();
    },
  });
  const listen = server.http.listen.bind(server.http);
  return {
    ...server,
    http: {
      get server() {
        return server.http.server;
      },
      close: () => server.http.close(),
      async listen(port, host = config.UCG_HOST) {
        const url = await listen(port, host);
        // A wildcard bind address is not one a sender can reach; loopback is (the stack's default).
        const publicUrl = config.ORDERS_PUBLIC_URL ?? url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1');
        registration = registerOrderWebhooks({ ...webhooks, publicUrl });
        await registration.done;
        return url;
      },
    },
  };
}

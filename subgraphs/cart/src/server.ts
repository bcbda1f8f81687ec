import { HubSpotConnector } from '@ucg/connector-hubspot';
import { SapConnector } from '@ucg/connector-sap';
import { ShopifyConnector } from '@ucg/connector-shopify';
import { OrderOutbox } from '@ucg/order-outbox';
import { Pricing, type PriceSource } from '@ucg/pricing';
import type { Logger } from '@ucg/service-kit';
import { StockLedger } from '@ucg/stock-ledger';
import { createStore, type Store } from '@ucg/store';
import { createSubgraphServer, type SubgraphServer } from '@ucg/subgraph-kit';
import { CheckoutRecords } from './checkout/checkout-records.ts';
import { CheckoutService } from './checkout/checkout-service.ts';
import { LineTitles } from './checkout/line-titles.ts';
import type { CartConfig } from './config.ts';
import { createLoaders } from './loaders/index.ts';
import { resolvers, type CartContext } from './resolvers/index.ts';
import { requesterOf } from './services/access.ts';
import { CartService } from './services/cart-service.ts';
import { LineReservations } from './services/line-reservations.ts';
import { PersonalRecords } from './services/personal-records.ts';
import { PickupLocations } from './services/pickup-locations.ts';
import { typeDefs } from './schema.ts';
import { CartStore } from './stores/cart-store.ts';
import { keyedLock } from './stores/key-lock.ts';

export interface CartDeps {
  /** Shared state (carts, reservations, checkout records, outbox); created from `config.store` when absent, and then closed with the server. */
  store?: Store;
  /** The subgraph's notion of now (expiry, reservations). @default Date.now */
  clock?: () => number;
  /** Where prices and rates come from. @default the ERP connector */
  priceSource?: PriceSource;
}

/**
 * The cart subgraph: carts, reservations and checkout, all in the shared store. The process also
 * runs the stock ledger's sweeper (expired reservations go back to stock) and the outbox relay
 * (orders whose stream message was lost are published).
 */
export async function createCartServer(config: CartConfig, logger: Logger, deps: CartDeps = {}): Promise<SubgraphServer> {
  const store = deps.store ?? createStore(config.store);
  const clock = deps.clock ?? Date.now;
  logger.info({ store: store.kind }, `cart state in ${store.kind === 'memory' ? 'the embedded in-process store' : store.kind}`);

  const sap = new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD }, logger);
  // Loyalty writes are read-modify-write in HubSpot: serialised per contact across every cart process.
  const hubspot = new HubSpotConnector({ baseUrl: config.CRM_URL, token: config.HUBSPOT_TOKEN }, { logger, lock: keyedLock(store, 'crm-loyalty-lock') });
  const shopify = new ShopifyConnector({ baseUrl: config.SHOPIFY_URL, accessToken: config.SHOPIFY_ACCESS_TOKEN }, logger);

  const ledger = new StockLedger(store, { clock });
  const pricing = new Pricing({ source: deps.priceSource ?? sap, store, priceTtlMs: config.PRICE_TTL_SECONDS * 1000, clock });
  const outbox = new OrderOutbox(store, { clock });
  const cartStore = new CartStore(store, clock);
  const carts = new CartService({
    carts: cartStore,
    reservations: new LineReservations(ledger),
    pricing,
    pickup: new PickupLocations(shopify, store, logger),
    personal: new PersonalRecords(store),
    clock,
    logger,
    limits: {
      ttlMs: config.CART_TTL_HOURS * 3_600_000,
      reservationMs: config.CART_RESERVATION_MINUTES * 60_000,
      maxLines: config.CART_MAX_LINES,
      maxQuantity: config.CART_MAX_QUANTITY,
    },
  });
  const checkout = new CheckoutService({
    carts,
    records: new CheckoutRecords(store),
    ledger,
    outbox,
    loyalty: hubspot,
    payments: shopify,
    titles: new LineTitles(sap, store, logger),
    logger,
    clock,
  });

  const sweeper = ledger.startSweeper({
    intervalMs: config.CART_SWEEP_INTERVAL_MS,
    onSweep: (report) => {
      if (report.expired.length) logger.info({ expired: report.expired.length }, 'expired reservations returned to stock');
    },
    onError: (error) => logger.warn({ err: error }, 'reservation sweep failed; retrying'),
  });
  const relay = outbox.startRelay({ intervalMs: config.ORDER_RELAY_INTERVAL_MS, onError: (error) => logger.warn({ err: error }, 'order relay failed; retrying') });

  return createSubgraphServer<CartContext>({
    name: 'cart',
    typeDefs,
    resolvers: resolvers as never,
    contextSecret: config.CONTEXT_SECRET,
    logger,
    production: config.NODE_ENV === 'production',
    createContext: (base) => ({ ...base, carts, checkout, clock, requester: requesterOf(base.request), loaders: createLoaders({ carts: cartStore, pricing, ledger }) }),
    onClose: async () => {
      await Promise.all([sweeper.stop(), relay.stop()]);
      await Promise.all([sap.close(), hubspot.close(), shopify.close()]);
      if (!deps.store) await store.close();
    },
  });
}

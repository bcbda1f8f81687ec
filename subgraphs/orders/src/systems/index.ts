import { join } from 'node:path';
import { HubSpotConnector, type KeyedLock } from '@ucg/connector-hubspot';
import { SapConnector } from '@ucg/connector-sap';
import { ShipBobConnector } from '@ucg/connector-shipbob';
import { ShopifyConnector } from '@ucg/connector-shopify';
import { WooCommerceConnector } from '@ucg/connector-woocommerce';
import type { Logger } from '@ucg/service-kit';
import type { OrdersConfig, SystemsConfig } from '../config.ts';
import { EdiShipments } from './edi-history.ts';

/** The systems a checkout order is delivered to (the worker's connectors). */
export interface DeliverySystems {
  erp: SapConnector;
  us3pl: ShipBobConnector;
  crm: HubSpotConnector;
}

/** The connectors the subgraph reads orders from, by role. */
export interface CoreSystems extends DeliverySystems {
  webstore: ShopifyConnector;
  marketplace: WooCommerceConnector;
}

/** What the subgraph reads: the core systems plus the EU warehouse's shipment history. */
export interface OrderSystems extends CoreSystems {
  eu3pl: EdiShipments;
}

/** `crmLock` serialises loyalty writes per contact across processes (the worker passes a Store lock). */
export function createDeliverySystems(config: SystemsConfig, logger: Logger, crmLock?: KeyedLock): DeliverySystems {
  return {
    erp: new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD }, logger),
    // No SKU-index prefetch: order and shipment reads never touch ShipBob inventory.
    us3pl: new ShipBobConnector({ baseUrl: config.SHIPBOB_URL, token: config.SHIPBOB_TOKEN, prefetchSkuIndex: false }, logger),
    crm: new HubSpotConnector({ baseUrl: config.CRM_URL, token: config.HUBSPOT_TOKEN }, { logger, ...(crmLock ? { lock: crmLock } : {}) }),
  };
}

export function createCoreSystems(config: SystemsConfig, logger: Logger): CoreSystems {
  return {
    ...createDeliverySystems(config, logger),
    webstore: new ShopifyConnector({ baseUrl: config.SHOPIFY_URL, accessToken: config.SHOPIFY_ACCESS_TOKEN }, logger),
    marketplace: new WooCommerceConnector({ baseUrl: config.WOO_URL, consumerKey: config.WOO_CONSUMER_KEY, consumerSecret: config.WOO_CONSUMER_SECRET }, logger),
  };
}

export function createOrderSystems(config: OrdersConfig, logger: Logger): OrderSystems {
  return {
    ...createCoreSystems(config, logger),
    eu3pl: new EdiShipments({
      exchangeDir: config.EDI_EXCHANGE_DIR,
      stateDir: config.ORDERS_EDI_STATE_DIR ?? join(config.EDI_EXCHANGE_DIR, '.connector-orders'),
      refreshMs: config.EDI_HISTORY_REFRESH_MS,
      logger,
    }),
  };
}

export async function closeSystems(systems: Partial<Record<string, { close(): Promise<void> }>>): Promise<void> {
  await Promise.allSettled(Object.values(systems).map((s) => s?.close()));
}

export { EdiShipments } from './edi-history.ts';

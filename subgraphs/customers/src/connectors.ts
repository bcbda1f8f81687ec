import { HubSpotConnector } from '@ucg/connector-hubspot';
import { SapConnector } from '@ucg/connector-sap';
import { ShipBobConnector } from '@ucg/connector-shipbob';
import { ShopifyConnector } from '@ucg/connector-shopify';
import { WooCommerceConnector } from '@ucg/connector-woocommerce';
import type { Logger } from '@ucg/service-kit';
import type { CustomersConfig } from './config.ts';
import { EdiPrivacy } from './edi-history.ts';

/** Every legacy system this subgraph talks to, by role. */
export interface CustomerSystems {
  crm: HubSpotConnector;
  webstore: ShopifyConnector;
  marketplace: WooCommerceConnector;
  erp: SapConnector;
  us3pl: ShipBobConnector;
  eu3pl: EdiPrivacy;
}

/** Resilience settings every HTTP connector takes; the connectors' defaults apply when absent. */
export interface ConnectorTuning {
  /** How long an open circuit breaker fails fast (tests that take a system down and back shorten it). */
  breakerHalfOpenAfterMs?: number;
}

/** One connector per system, configured from the validated environment. */
export function createSystems(config: CustomersConfig, logger: Logger, tuning: ConnectorTuning = {}): CustomerSystems {
  const t = tuning.breakerHalfOpenAfterMs ? { breakerHalfOpenAfterMs: tuning.breakerHalfOpenAfterMs } : {};
  return {
    // The developer key and app id let this subgraph subscribe to contact changes (its cache's pushes).
    crm: new HubSpotConnector({ baseUrl: config.CRM_URL, token: config.HUBSPOT_TOKEN, developerApiKey: config.HUBSPOT_DEVELOPER_API_KEY, appId: config.HUBSPOT_APP_ID, ...t }, logger),
    webstore: new ShopifyConnector({ baseUrl: config.SHOPIFY_URL, accessToken: config.SHOPIFY_ACCESS_TOKEN, ...t }, logger),
    marketplace: new WooCommerceConnector({ baseUrl: config.WOO_URL, consumerKey: config.WOO_CONSUMER_KEY, consumerSecret: config.WOO_CONSUMER_SECRET, ...t }, logger),
    erp: new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD, ...t }, logger),
    // No SKU-index prefetch: this subgraph never reads ShipBob inventory.
    us3pl: new ShipBobConnector({ baseUrl: config.SHIPBOB_URL, token: config.SHIPBOB_TOKEN, prefetchSkuIndex: false, ...t }, logger),
    eu3pl: new EdiPrivacy({ exchangeDir: config.EDI_EXCHANGE_DIR, ...(config.CUSTOMERS_EDI_STATE_DIR ? { stateDir: config.CUSTOMERS_EDI_STATE_DIR } : {}), logger }),
  };
}

export async function closeSystems(systems: CustomerSystems): Promise<void> {
  await Promise.allSettled(Object.values(systems).map((s: { close(): Promise<void> }) => s.close()));
}

import type { ShopifyConnector, ShopifyWebhookEvent } from '@ucg/connector-shopify';
import type { WooCommerceConnector, WooWebhookEvent } from '@ucg/connector-woocommerce';
import type { Logger, Route } from '@ucg/service-kit';
import type { CatalogSync } from '../sync/catalog-sync.ts';
import { subscribeWebhooks, webhookRoute, type WebhookRegistration } from '@ucg/subgraph-kit';

export const WEBHOOK_PATHS = { webstore: '/webhooks/webstore', marketplace: '/webhooks/marketplace' } as const;

export interface CatalogWebhookDeps {
  sync: CatalogSync;
  shopify: ShopifyConnector;
  woo: WooCommerceConnector;
  secrets: { shopify: string; woo: string };
  logger: Logger;
}

/** Receivers through which the web store and the marketplace push product changes. */
export function catalogWebhookRoutes(deps: CatalogWebhookDeps): Route[] {
  const { sync, logger } = deps;
  return [
    webhookRoute<ShopifyWebhookEvent>({
      system: 'webstore',
      path: WEBHOOK_PATHS.webstore,
      logger,
      verify: (raw, headers) => deps.shopify.verifyWebhook(raw, headers, deps.secrets.shopify),
      apply: async (event) => {
        if (event.type === 'PRODUCT_UPDATED') await sync.webstoreProductChanged(event.handle);
      },
    }),
    webhookRoute<WooWebhookEvent>({
      system: 'marketplace',
      path: WEBHOOK_PATHS.marketplace,
      logger,
      verify: (raw, headers) => deps.woo.verifyWooWebhook(raw, headers, deps.secrets.woo),
      apply: async (event) => {
        // The ping WooCommerce sends when the webhook is created only needs a 2xx.
        if (event.kind === 'product') await sync.marketplaceProductChanged(event);
      },
    }),
  ];
}

export type { WebhookRegistration } from '@ucg/subgraph-kit';

/**
 * Subscribes this process's receivers through the connectors: the web store's `PRODUCTS_UPDATE` and
 * the marketplace's `product.updated` (both idempotent: re-registering finds or updates the existing
 * subscription). A refused registration is retried with backoff; meanwhile the periodic resync
 * still brings changes.
 */
export function registerCatalogWebhooks(deps: Omit<CatalogWebhookDeps, 'sync'> & { publicUrl: string }): WebhookRegistration {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return subscribeWebhooks(
    [
      { system: 'webstore', register: () => deps.shopify.registerWebhook('PRODUCTS_UPDATE', `${base}${WEBHOOK_PATHS.webstore}`) },
      { system: 'marketplace', register: () => deps.woo.registerWebhook('product.updated', `${base}${WEBHOOK_PATHS.marketplace}`, deps.secrets.woo) },
    ],
    deps.logger,
  );
}

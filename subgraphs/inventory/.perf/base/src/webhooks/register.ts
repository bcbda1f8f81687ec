import type { ShipBobConnector } from '@ucg/connector-shipbob';
import type { ShopifyConnector } from '@ucg/connector-shopify';
import type { Logger } from '@ucg/service-kit';
import { subscribeWebhooks, type WebhookRegistration } from '@ucg/subgraph-kit';
import { WEBHOOK_PATHS } from './stock-webhooks.ts';

export type { WebhookRegistration } from '@ucg/subgraph-kit';

/**
 * Subscribes this process's stock receivers: the 3PL-US (stock topic) and the web store
 * (`INVENTORY_LEVELS_UPDATE`).
 */
export function registerStockWebhooks(deps: { shipbob: ShipBobConnector; shopify: ShopifyConnector; publicUrl: string; shipBobTopics: readonly string[]; logger: Logger }): WebhookRegistration {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return subscribeWebhooks(
    [
      ...(deps.shipBobTopics.length
        ? [{ system: '3pl-us', register: () => deps.shipbob.registerWebhooks(`${base}${WEBHOOK_PATHS['3pl-us']}`, deps.shipBobTopics).then(({ secret: _secret, ...s }) => s) }]
        : []),
      { system: 'webstore', register: () => deps.shopify.registerWebhook('INVENTORY_LEVELS_UPDATE', `${base}${WEBHOOK_PATHS.webstore}`) },
    ],
    deps.logger,
  );
}

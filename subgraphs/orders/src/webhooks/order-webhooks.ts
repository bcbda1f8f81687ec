import type { ShopifyConnector, ShopifyWebhookEvent } from '@ucg/connector-shopify';
import type { WooCommerceConnector, WooWebhookEvent } from '@ucg/connector-woocommerce';
import type { Logger, Route } from '@ucg/service-kit';
import { subscribeWebhooks, webhookRoute, type WebhookRegistration } from '@ucg/subgraph-kit';
import type { OrderHeads } from '../cache/order-heads.ts';

export type { WebhookRegistration } from '@ucg/subgraph-kit';

export const WEBHOOK_PATHS = { webstore: '/webhooks/webstore', marketplace: '/webhooks/marketplace' } as const;

/** Marketplace topics that change a shopper's order list (new orders; status changes). */
const MARKETPLACE_TOPICS = ['order.created', 'order.updated'] as const;

export interface OrderWebhookDeps {
  heads: OrderHeads;
  webstore: ShopifyConnector;
  marketplace: WooCommerceConnector;
  secrets: { shopify: string; woo: string };
  logger: Logger;
}

const shopper = (email: string | null | undefined) => (email ? [email.trim().toLowerCase()] : []);

/** The billing e-mail of a marketplace order event, also when the payload could not be mapped in full. */
function wooOrderEmail(event: Extract<WooWebhookEvent, { kind: 'order' }>): string | null {
  if (event.order?.email) return event.order.email;
  const billing = (event.raw as { billing?: { email?: unknown } } | null)?.billing;
  return typeof billing?.email === 'string' ? billing.email : null;
}

/**
 * Receivers through which the web store (`orders/create`) and the marketplace (`order.created`,
 * `order.updated`) push order changes: each forgets the shopper's cached first page, so the next
 * `me.orders` reads the system again and lists the new order.
 */
export function orderWebhookRoutes(deps: OrderWebhookDeps): Route[] {
  const { heads, logger } = deps;
  return [
    webhookRoute<ShopifyWebhookEvent>({
      system: 'webstore',
      path: WEBHOOK_PATHS.webstore,
      logger,
      verify: (raw, headers) => deps.webstore.verifyWebhook(raw, headers, deps.secrets.shopify),
      apply: async (event) => {
        if (event.type === 'ORDER_CREATED') await heads.forget('webstore', shopper(event.order.email));
      },
    }),
    webhookRoute<WooWebhookEvent>({
      system: 'marketplace',
      path: WEBHOOK_PATHS.marketplace,
      logger,
      verify: (raw, headers) => deps.marketplace.verifyWooWebhook(raw, headers, deps.secrets.woo),
      apply: async (event) => {
        // The ping sent when the webhook is created only needs a 2xx.
        if (event.kind === 'order') await heads.forget('marketplace', shopper(wooOrderEmail(event)));
      },
    }),
  ];
}

/**
 * Subscribes the receivers at `publicUrl` (idempotent: re-registering reuses the subscriptions).
 * Failed registrations are retried in the background; until then the lists' TTL bounds staleness.
 */
export function registerOrderWebhooks(deps: Omit<OrderWebhookDeps, 'heads'> & { publicUrl: string }): WebhookRegistration {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return subscribeWebhooks(
    [
      { system: 'webstore', register: () => deps.webstore.registerWebhook('ORDERS_CREATE', `${base}${WEBHOOK_PATHS.webstore}`) },
      ...MARKETPLACE_TOPICS.map((topic) => ({ system: 'marketplace', register: () => deps.marketplace.registerWebhook(topic, `${base}${WEBHOOK_PATHS.marketplace}`, deps.secrets.woo) })),
    ],
    deps.logger,
  );
}

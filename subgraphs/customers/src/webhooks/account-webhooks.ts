import { WebhookError } from '@ucg/connector-core';
import { verifyHubSpotWebhook, type HubSpotWebhookEvent } from '@ucg/connector-hubspot';
import type { ShopifyWebhookEvent } from '@ucg/connector-shopify';
import type { WooWebhookEvent } from '@ucg/connector-woocommerce';
import type { Logger, Route } from '@ucg/service-kit';
import { subscribeWebhooks, webhookRoute, type WebhookRegistration } from '@ucg/subgraph-kit';
import type { AccountCaches } from '../cache/account-caches.ts';
import type { CustomerSystems } from '../connectors.ts';
import { normaliseEmail } from '../email.ts';

export type { WebhookRegistration } from '@ucg/subgraph-kit';

export const WEBHOOK_PATHS = { webstore: '/webhooks/webstore', marketplace: '/webhooks/marketplace', crm: '/webhooks/crm' } as const;

export interface WebhookSecrets {
  /** The web-store app's client secret (Shopify signs deliveries with it). */
  shopify: string;
  /** The secret the marketplace webhooks are registered with. */
  woo: string;
  /** The CRM app's client secret (HubSpot v3 signatures). */
  hubspot: string;
}

export interface AccountWebhookDeps {
  caches: AccountCaches;
  systems: Pick<CustomerSystems, 'crm' | 'webstore' | 'marketplace'>;
  secrets: WebhookSecrets;
  /** The URL HubSpot was told to call: its v3 signature covers it. Undefined until registered. */
  crmTargetUrl: () => string | undefined;
  logger: Logger;
}

const emailsOf = (list: (string | null | undefined)[]) => [...new Set(list.filter((e): e is string => !!e).map(normaliseEmail))];

/**
 * Receivers through which the systems push what makes a cached account answer obsolete: a new
 * web-store order (channels; a checkout may also open an account), a new marketplace account, and
 * CRM contact changes (loyalty points, tier, store credit, e-mail, new contacts). Each forgets the
 * person's cached copy; the next MyAccount reads it fresh.
 */
export function accountWebhookRoutes(deps: AccountWebhookDeps): Route[] {
  const { caches, systems, secrets, logger } = deps;
  return [
    webhookRoute<ShopifyWebhookEvent>({
      system: 'webstore',
      path: WEBHOOK_PATHS.webstore,
      logger,
      verify: (raw, headers) => systems.webstore.verifyWebhook(raw, headers, secrets.shopify),
      apply: async (event) => {
        if (event.type !== 'ORDER_CREATED') return;
        const emails = emailsOf([event.order.email]);
        await Promise.all([caches.webOrderChannels.forget(emails), caches.webAccounts.forget(emails)]);
      },
    }),
    webhookRoute<WooWebhookEvent>({
      system: 'marketplace',
      path: WEBHOOK_PATHS.marketplace,
      logger,
      verify: (raw, headers) => systems.marketplace.verifyWooWebhook(raw, headers, secrets.woo),
      apply: async (event) => {
        // The ping sent when the webhook is created only needs a 2xx.
        if (event.kind === 'customer') await caches.marketplaceAccounts.forget(emailsOf([event.customer?.email]));
      },
    }),
    webhookRoute<HubSpotWebhookEvent[]>({
      system: 'crm',
      path: WEBHOOK_PATHS.crm,
      logger,
      verify: (raw, headers) => {
        const url = deps.crmTargetUrl();
        if (!url) throw new WebhookError('WEBHOOK_BAD_SIGNATURE', 'crm', 'no CRM webhook target registered by this process');
        return verifyHubSpotWebhook(raw, headers, secrets.hubspot, { url });
      },
      apply: async (events) => {
        // Events name contacts by record id; one batch read tells whose cached record to forget.
        const ids = [...new Set(events.filter((e) => e.type === 'contact.propertyChange' || e.type === 'contact.creation').map((e) => e.objectId))];
        if (ids.length === 0) return;
        const emails = emailsOf((await systems.crm.contactsByIds(ids)).map((c) => c.email));
        await Promise.all([caches.contact.forget(emails), caches.company.forget(emails)]);
      },
    }),
  ];
}

/**
 * Subscribes the receivers at `publicUrl`: the web store's `ORDERS_CREATE`, the marketplace's
 * `customer.created`, and the CRM app's contact events (idempotent: re-registering reuses the
 * existing subscriptions). Failed registrations are retried in the background; until then the
 * caches' TTLs bound how stale an answer can be.
 */
export function registerAccountWebhooks(deps: { systems: Pick<CustomerSystems, 'crm' | 'webstore' | 'marketplace'>; secrets: WebhookSecrets; publicUrl: string; logger: Logger }): WebhookRegistration {
  const base = deps.publicUrl.replace(/\/+$/, '');
  return subscribeWebhooks(
    [
      { system: 'webstore', register: () => deps.systems.webstore.registerWebhook('ORDERS_CREATE', `${base}${WEBHOOK_PATHS.webstore}`) },
      { system: 'marketplace', register: () => deps.systems.marketplace.registerWebhook('customer.created', `${base}${WEBHOOK_PATHS.marketplace}`, deps.secrets.woo) },
      { system: 'crm', register: () => deps.systems.crm.registerWebhooks(`${base}${WEBHOOK_PATHS.crm}`) },
    ],
    deps.logger,
  );
}

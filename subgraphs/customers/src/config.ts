import { join } from 'node:path';
import { envUrl, parseConfig } from '@ucg/service-kit';
import { subgraphEnvSchema } from '@ucg/subgraph-kit';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

const schema = subgraphEnvSchema.extend({
  CRM_URL: z.string().url(),
  HUBSPOT_TOKEN: z.string().min(1).default('pat-ucg-dev'),
  SHOPIFY_URL: z.string().url(),
  SHOPIFY_ACCESS_TOKEN: z.string().min(1).default('shpat_ucg_dev'),
  WOO_URL: z.string().url(),
  WOO_CONSUMER_KEY: z.string().min(1).default('ck_ucg_dev'),
  WOO_CONSUMER_SECRET: z.string().min(1).default('cs_ucg_dev'),
  ERP_URL: z.string().url(),
  ERP_USER: z.string().min(1).default('UCG_DEV'),
  ERP_PASSWORD: z.string().min(1).default('ucg-dev-secret'),
  SHIPBOB_URL: z.string().url(),
  SHIPBOB_TOKEN: z.string().min(1).default('shipbob-ucg-dev'),
  /** The web-store app's client secret: Shopify signs webhooks with it (the stand-in's dev default). */
  SHOPIFY_API_SECRET: z.string().min(1).default('shpss_ucg_dev'),
  /** The secret the marketplace webhooks are registered with (WooCommerce signs deliveries with it). */
  WOO_WEBHOOK_SECRET: z.string().min(16).default('woo_whsec_ucg_dev'),
  /** The CRM app that owns the webhook subscriptions: its developer API key, id and client secret (signs deliveries). */
  HUBSPOT_DEVELOPER_API_KEY: z.string().min(1).default('ucg-dev-developer-key'),
  HUBSPOT_APP_ID: z.string().regex(/^\d+$/).default('1234567'),
  HUBSPOT_CLIENT_SECRET: z.string().min(1).default('ucg-dev-client-secret'),
  /** Where the web store, the marketplace and the CRM deliver webhooks. @default `http://127.0.0.1:<port>` */
  CUSTOMERS_PUBLIC_URL: z.string().url().optional(),
  /**
   * How long a CRM contact (names, loyalty, store credit) and company are served from the Store.
   * HubSpot pushes loyalty, store-credit and e-mail changes, which forget the copy at once; the
   * TTL only bounds what a missed push (or a name edit, which is not pushed) leaves stale.
   */
  CRM_CACHE_TTL_MS: positiveInt.default(120_000),
  /** Web-store and marketplace accounts (names, the WEB and MARKETPLACE channels): they change on sign-up only. */
  ACCOUNTS_CACHE_TTL_MS: positiveInt.default(300_000),
  /** The newest web-store orders' channels (WEB, POS): new orders are pushed; the TTL bounds a missed push. */
  WEB_ORDERS_CACHE_TTL_MS: positiveInt.default(60_000),
  /** How long a person's last known data answers while its system is down (personal data: kept short). */
  PERSONAL_CACHE_STALE_IF_ERROR_MS: positiveInt.default(3_600_000),
  /** Longest a shopper's read waits for a legacy system (below the gateway's 10 s subgraph timeout); the read goes on and fills the cache. */
  LEGACY_ANSWER_WITHIN_MS: positiveInt.default(4_000),
  /** The EU 3PL's exchange folder (its SFTP server); shared with the EDI stand-in and the other subgraphs. */
  EDI_EXCHANGE_DIR: z.string().min(1).default(join(process.cwd(), '.data', 'edi')),
  /**
   * This subgraph's own EDI connector state. Deliberately not the shared `<exchange>/.connector`:
   * the customers subgraph only reads the warehouse's history folder and never consumes its inbox.
   * @default `<EDI_EXCHANGE_DIR>/.connector-customers`
   */
  CUSTOMERS_EDI_STATE_DIR: z.string().min(1).optional(),
  /** What one loyalty point is worth at checkout, in USD (100 points = 1.00 USD). */
  LOYALTY_POINT_VALUE_USD: z.string().regex(/^\d+(\.\d+)?$/).default('0.01'),
  /** How long the ERP's exchange rates are reused before being read again. */
  FX_CACHE_TTL_MS: positiveInt.default(15 * 60_000),
  /** A second `customerErase` for the same person within this window returns the first request. */
  ERASURE_DEDUPE_WINDOW_MS: positiveInt.default(10 * 60_000),
  /** How long an erasure request's record (the audit trail, no personal data) is kept. */
  ERASURE_RECORD_TTL_DAYS: positiveInt.default(400),
  /** How long one erasure attempt may hold a request before a retry may take it over. */
  ERASURE_LEASE_MS: positiveInt.default(120_000),
});

export type CustomersConfig = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CustomersConfig> {
  return parseConfig('customers subgraph', schema, {
    ...env,
    CRM_URL: envUrl('crm', env),
    SHOPIFY_URL: envUrl('webstore', env),
    WOO_URL: envUrl('marketplace', env),
    ERP_URL: envUrl('erp', env),
    SHIPBOB_URL: envUrl('3pl-us', env),
  });
}

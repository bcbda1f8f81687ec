import { join } from 'node:path';
import { envUrl, parseConfig } from '@ucg/service-kit';
import { subgraphEnvSchema } from '@ucg/subgraph-kit';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** `{"acme":"10000001"}`: partner company → ERP sold-to party, for companies the CRM does not map. */
const partnerMap = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return z.record(z.string(), z.string().regex(/^\d+$/)).parse(JSON.parse(text));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of company id → ERP customer number' });
      return z.NEVER;
    }
  });

/** Settings the subgraph and the delivery worker share: where each legacy system is, and how to reach it. */
export const systemsEnvSchema = subgraphEnvSchema.extend({
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
  CRM_URL: z.string().url(),
  HUBSPOT_TOKEN: z.string().min(1).default('pat-ucg-dev'),
  /** The EU 3PL's exchange folder (its SFTP server), shared with the EDI stand-in. */
  EDI_EXCHANGE_DIR: z.string().min(1).default(join(process.cwd(), '.data', 'edi')),
  /**
   * Marketplace order numbers start here (WooCommerce 50001…); smaller all-digit numbers are the web
   * store's (Shopify 1001…), ten-digit ones the ERP's, `G…` the graph's own.
   */
  MARKETPLACE_ORDER_NUMBER_FLOOR: positiveInt.default(50001),
  /** The order outbox's key namespace, as checkout writes it. */
  ORDER_OUTBOX_NAMESPACE: z.string().min(1).default('order-outbox'),
});

const schema = systemsEnvSchema.extend({
  /**
   * This subgraph's EDI connector state. It reads only the warehouse's history folder (every 945
   * it ever sent): the inbox belongs to the subgraph that processes stock advices.
   * @default `<EDI_EXCHANGE_DIR>/.connector-orders`
   */
  ORDERS_EDI_STATE_DIR: z.string().min(1).optional(),
  /** How often at most the warehouse's history folder is checked for new 945s. */
  EDI_HISTORY_REFRESH_MS: positiveInt.default(2000),
  /** Partner company → ERP customer number overrides; other companies are looked up in the CRM. */
  PARTNER_ERP_CUSTOMERS: partnerMap,
  /** How long a partner company's ERP customer number (from the CRM) is reused. */
  PARTNER_CACHE_TTL_MS: positiveInt.default(10 * 60_000),
  /** How long the ERP's exchange rates are reused. */
  FX_CACHE_TTL_MS: positiveInt.default(15 * 60_000),
  /** Sales-summary order sets of days that ended more than `SALES_CLOSED_AFTER_MS` ago are cached this long. */
  SALES_CLOSED_DAY_TTL_MS: positiveInt.default(6 * 3600_000),
  /** Order sets of recent days (still changing: late orders, cancellations) are cached this long. */
  SALES_OPEN_DAY_TTL_MS: positiveInt.default(60_000),
  SALES_CLOSED_AFTER_MS: positiveInt.default(48 * 3600_000),
  /** A sales summary not computed within this long answers REPORT_NOT_READY (the work goes on; ask again). Below the gateway's subgraph timeout. */
  SALES_ANSWER_WITHIN_MS: positiveInt.default(8_000),
  /** A computed sales summary answers repeats of the same question for this long. */
  SALES_RESULT_KEEP_MS: positiveInt.default(60_000),
  /** The longest period a sales summary may cover. */
  SALES_MAX_PERIOD_DAYS: positiveInt.default(400),
  /** The fulfilment board looks at orders placed this many days back. */
  BOARD_WINDOW_DAYS: positiveInt.default(14),
  /** A fulfilment board computed less than this long ago is served again (it costs a few 3PL and ERP reads). */
  BOARD_CACHE_MS: positiveInt.default(15_000),
  /** How long the web store's retail locations (return-in-store validation) are reused. */
  STORE_LOCATIONS_TTL_MS: positiveInt.default(10 * 60_000),
  /** The web-store app's client secret: Shopify signs webhooks with it (the stand-in's dev default). */
  SHOPIFY_API_SECRET: z.string().min(1).default('shpss_ucg_dev'),
  /** The secret the marketplace webhooks are registered with (WooCommerce signs deliveries with it). */
  WOO_WEBHOOK_SECRET: z.string().min(16).default('woo_whsec_ucg_dev'),
  /** Where the web store and the marketplace deliver order webhooks. @default `http://127.0.0.1:<port>` */
  ORDERS_PUBLIC_URL: z.string().url().optional(),
  /** How many of a shopper's newest orders per selling system are kept in the Store (`me.orders`' default page). */
  ORDER_LIST_CACHE_SIZE: positiveInt.max(50).default(10),
  /**
   * How long a shopper's newest web-store and marketplace orders are served from the Store. New
   * orders are pushed (Shopify `orders/create`, WooCommerce `order.created`/`order.updated`) and
   * forget the copy at once; this bounds what a missed push or an unpushed web-store status change
   * (fulfilment, cancellation) leaves stale.
   */
  ORDER_LIST_CACHE_TTL_MS: positiveInt.default(45_000),
  /** Parcels still on their way (or none yet): carriers scan a few times a day; ShipBob allows 150 calls a minute. */
  SHIPMENTS_CACHE_TTL_MS: positiveInt.default(60_000),
  /** Parcels all delivered: nothing more happens to them. */
  DELIVERED_SHIPMENTS_CACHE_TTL_MS: positiveInt.default(6 * 3600_000),
  /** How long a shopper's last known orders and parcels answer while their system is down (personal data: kept short). */
  PERSONAL_CACHE_STALE_IF_ERROR_MS: positiveInt.default(3_600_000),
  /** Longest a shopper's order list waits for a legacy system (below the gateway's 10 s subgraph timeout); the read goes on and fills the cache. */
  LEGACY_ANSWER_WITHIN_MS: positiveInt.default(4_000),
});

export type SystemsConfig = z.infer<typeof systemsEnvSchema>;
export type OrdersConfig = z.infer<typeof schema>;

/** Fills each legacy system's URL from `<NAME>_URL` / `<NAME>_PORT` (see `serviceDefaults`). */
export function withSystemUrls(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    SHOPIFY_URL: envUrl('webstore', env),
    WOO_URL: envUrl('marketplace', env),
    ERP_URL: envUrl('erp', env),
    SHIPBOB_URL: envUrl('3pl-us', env),
    CRM_URL: envUrl('crm', env),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<OrdersConfig> {
  return parseConfig('orders subgraph', schema, withSystemUrls(env));
}

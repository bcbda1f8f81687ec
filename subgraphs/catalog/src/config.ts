import { envUrl, parseConfig } from '@ucg/service-kit';
import { storeConfigFromEnv, type StoreConfig } from '@ucg/store';
import { subgraphEnvSchema } from '@ucg/subgraph-kit';
import { z } from 'zod';

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const schema = subgraphEnvSchema.extend({
  SHOPIFY_URL: z.string().url(),
  SHOPIFY_ACCESS_TOKEN: z.string().default('shpat_ucg_dev'),
  /** The app's client secret: Shopify signs webhooks with it (the stand-in's dev default). */
  SHOPIFY_API_SECRET: z.string().min(1).default('shpss_ucg_dev'),
  WOO_URL: z.string().url(),
  WOO_CONSUMER_KEY: z.string().default('ck_ucg_dev'),
  WOO_CONSUMER_SECRET: z.string().default('cs_ucg_dev'),
  /** The secret the marketplace webhook is registered with (WooCommerce signs deliveries with it; the stand-in's dev default). */
  WOO_WEBHOOK_SECRET: z.string().min(16).default('woo_whsec_ucg_dev'),
  ERP_URL: z.string().url(),
  ERP_USER: z.string().default('UCG_DEV'),
  ERP_PASSWORD: z.string().default('ucg-dev-secret'),
  /** Where the web store and the marketplace deliver webhooks. @default `http://127.0.0.1:<port>` */
  CATALOG_PUBLIC_URL: z.string().url().optional(),
  /** How long an ERP price is fresh in the shared cache (the same setting as the cart's). */
  PRICE_TTL_SECONDS: z.coerce.number().positive().default(60),
  /** How often the search index's prices (for price sorts, filters and facets) are re-read from the ERP price list. */
  CATALOG_PRICE_REFRESH_MS: ms(5 * 60_000, 1000),
  /**
   * How often the whole catalogue (content, names, prices) is re-read, catching any change a
   * missed webhook did not bring, and ERP names (the ERP pushes nothing). 0 turns it off.
   */
  CATALOG_RESYNC_MS: ms(60 * 60_000),
  /** How long start-up waits for the ERP price list after the content is indexed (then serves; prices join when loaded). */
  CATALOG_PRICE_WAIT_MS: ms(15_000),
  /** First wait before a failed start-up load is tried again (doubling up to a minute). */
  CATALOG_LOAD_RETRY_MS: ms(1000, 10),
});

export type CatalogConfig = z.infer<typeof schema> & { store: StoreConfig };

/** Reads the environment once; connector URLs follow `SHOPIFY_URL`/`WOO_URL`/`ERP_URL` or their ports. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CatalogConfig> {
  const parsed = parseConfig('catalog subgraph', schema, {
    ...env,
    SHOPIFY_URL: envUrl('webstore', env),
    WOO_URL: envUrl('marketplace', env),
    ERP_URL: envUrl('erp', env),
  });
  return Object.freeze({ ...parsed, store: Object.freeze(storeConfigFromEnv(env)) });
}

import { join } from 'node:path';
import { DEV_WEBHOOK_SECRET } from '@ucg/connector-shipbob';
import { envUrl, parseConfig } from '@ucg/service-kit';
import { storeConfigFromEnv, type StoreConfig } from '@ucg/store';
import { subgraphEnvSchema } from '@ucg/subgraph-kit';
import { z } from 'zod';
import { staticLocationsSchema, defaultStaticLocations } from './locations/static-locations.ts';

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const csv = (fallback: string) => z.string().default(fallback).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const duration = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'an ISO-8601 duration such as PT2H');

const schema = subgraphEnvSchema.extend({
  SHIPBOB_URL: z.string().url(),
  SHIPBOB_TOKEN: z.string().default('shipbob-ucg-dev'),
  /** Secret the 3PL-US subscription is created with and deliveries are verified with (the stand-in's dev default). */
  SHIPBOB_WEBHOOK_SECRET: z.string().min(1).default(DEV_WEBHOOK_SECRET),
  /** Topics subscribed for stock pushes; ShipBob proper has none, the stand-in offers `ucg.inventory.updated`. */
  SHIPBOB_WEBHOOK_TOPICS: csv('ucg.inventory.updated'),
  SHOPIFY_URL: z.string().url(),
  SHOPIFY_ACCESS_TOKEN: z.string().default('shpat_ucg_dev'),
  /** The app's client secret: Shopify signs webhooks with it (the stand-in's dev default). */
  SHOPIFY_API_SECRET: z.string().min(1).default('shpss_ucg_dev'),
  ERP_URL: z.string().url(),
  ERP_USER: z.string().default('UCG_DEV'),
  ERP_PASSWORD: z.string().default('ucg-dev-secret'),
  /** The exchange folder the EU warehouse writes its 846 files to. */
  EDI_EXCHANGE_DIR: z.string().min(1).default(join(process.cwd(), '.data', 'edi')),
  /** This process's own EDI connector state (so it never shares one with another subgraph). @default `<EDI_EXCHANGE_DIR>/.connector-inventory` */
  INVENTORY_EDI_STATE_DIR: z.string().min(1).optional(),
  /** How often the warehouse's folder is read for new 846 files. */
  INVENTORY_EDI_POLL_INTERVAL_MS: ms(100, 10),
  /** The EU warehouse counts as stale when no 846 has arrived for this long (it sends a snapshot every 15 min). */
  EDI_STALE_AFTER_MS: ms(45 * 60_000, 1),
  /** Where the 3PL-US and web store deliver webhooks. @default `http://127.0.0.1:<port>` */
  INVENTORY_PUBLIC_URL: z.string().url().optional(),
  /**
   * The 3PL-US's whole stock (every SKU at every centre, one walk of about 25 pages) is read at
   * start-up and this often, so requests need not call it; its webhook pushes every change in
   * between, and this read repairs any push that was lost. 0: no full read, every SKU is read
   * through the cache on a miss (for a catalogue too large to walk within the 150 calls a minute).
   */
  SHIPBOB_STOCK_SYNC_INTERVAL_MS: z.coerce.number().int().refine((n) => n === 0 || n >= 1000, 'must be 0 (off) or at least 1000').default(300_000),
  /**
   * 3PL-US stock in the cache is fresh this long: SKUs the full read has not listed are read through
   * it on a miss. Long, because the 3PL pushes every change (adjustments, orders committing stock,
   * shipments) and the full read corrects a lost push every SHIPBOB_STOCK_SYNC_INTERVAL_MS; twice
   * that interval, so a primed value outlives one failed read. Lower it if the stock topic is not subscribed.
   */
  STOCK_CACHE_TTL_MS: ms(600_000, 1),
  /**
   * Store stock is copied whole from the web store (one bulk export) at start-up and this often,
   * and kept current by its webhooks in between; its cache entries live twice as long.
   */
  STORE_STOCK_RESEED_INTERVAL_MS: ms(3600_000, 1000),
  /** After freshness, served while one background refresh runs. */
  STOCK_CACHE_SWR_MS: ms(5 * 60_000),
  /** How long the last known stock answers when a system is down. */
  STOCK_CACHE_SIE_MS: ms(24 * 3600_000),
  /** The ERP pushes nothing: its plant stock is read on this interval, never at request time. */
  ERP_STOCK_SYNC_INTERVAL_MS: ms(300_000, 1000),
  /** ERP reorder points (and titles) are cached this long. */
  ERP_MASTER_DATA_TTL_MS: ms(15 * 60_000, 1),
  /** Locations (stores, centres) are re-read this often. */
  LOCATIONS_TTL_MS: ms(3600_000, 1000),
  /** How long start-up waits for locations, the first ERP sync and webhook registration before serving anyway. */
  STARTUP_TIMEOUT_MS: ms(30_000, 0),
  /** At or below this many units available to sell, a SKU is LOW_STOCK. */
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).default(5),
  /** Pickup rule: an order for an item the store holds is ready to collect after this long. */
  PICKUP_READY_IN: duration.default('PT2H'),
  /** The ERP company code's currency: purchase orders are raised in it. */
  ERP_PURCHASE_CURRENCY: z.string().length(3).default('USD'),
  /** Purchase orders for a SKU the ERP has never bought are priced at this share of its ERP list price. */
  PO_FALLBACK_PRICE_FACTOR: z.coerce.number().positive().max(1).default(0.4),
  /** JSON: locations of systems that publish no location list (the EU warehouse, ERP plants). */
  STATIC_LOCATIONS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return defaultStaticLocations;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(staticLocationsSchema),
});

export type InventoryConfig = z.infer<typeof schema> & { store: StoreConfig };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<InventoryConfig> {
  const parsed = parseConfig('inventory subgraph', schema, {
    ...env,
    SHIPBOB_URL: envUrl('3pl-us', env),
    SHOPIFY_URL: envUrl('webstore', env),
    ERP_URL: envUrl('erp', env),
  });
  return Object.freeze({ ...parsed, store: storeConfigFromEnv(env) });
}

import { envUrl, parseConfig } from '@ucg/service-kit';
import { storeConfigFromEnv, type StoreConfig } from '@ucg/store';
import { subgraphEnvSchema } from '@ucg/subgraph-kit';
import { z } from 'zod';

const schema = subgraphEnvSchema.extend({
  /** How long an untouched cart lives (every change extends it). */
  CART_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
  /** How long stock stays reserved for a cart after its last change. */
  CART_RESERVATION_MINUTES: z.coerce.number().positive().default(30),
  /** Lines one cart may hold. */
  CART_MAX_LINES: z.coerce.number().int().positive().max(250).default(100),
  /** Units of one line. */
  CART_MAX_QUANTITY: z.coerce.number().int().positive().default(999),
  /** How often this process returns expired reservations to stock. */
  CART_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /** How often this process publishes orders whose stream message was lost (a crash after placing). */
  ORDER_RELAY_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  /** How long an ERP price is fresh in the shared cache. */
  PRICE_TTL_SECONDS: z.coerce.number().positive().default(60),
  ERP_URL: z.string().url(),
  ERP_USER: z.string().default('UCG_DEV'),
  ERP_PASSWORD: z.string().default('ucg-dev-secret'),
  CRM_URL: z.string().url(),
  HUBSPOT_TOKEN: z.string().default('pat-ucg-dev'),
  SHOPIFY_URL: z.string().url(),
  SHOPIFY_ACCESS_TOKEN: z.string().default('shpat_ucg_dev'),
});

export type CartConfig = z.infer<typeof schema> & { store: StoreConfig };

/** Reads the environment once; connector URLs follow `ERP_URL`/`CRM_URL`/`SHOPIFY_URL` or their ports. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CartConfig> {
  const parsed = parseConfig('cart subgraph', schema, { ...env, ERP_URL: envUrl('erp', env), CRM_URL: envUrl('crm', env), SHOPIFY_URL: envUrl('webstore', env) });
  return Object.freeze({ ...parsed, store: Object.freeze(storeConfigFromEnv(env)) });
}

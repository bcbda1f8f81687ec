import { generateCatalog, suppliers } from './catalog.ts';
import { locations } from './locations.ts';
import { generatePurchaseOrders, generateOrders } from './orders.ts';
import { companies, generatePeople } from './people.ts';
import { customerGroups, generateExchangeRates, generatePrices } from './prices.ts';
import { Random } from './random.ts';
import { generateReorderPolicies, generateStock } from './stock.ts';
import type { Retailer } from './types.ts';
import { brands } from './catalog.ts';

export type * from './types.ts';
export { Random } from './random.ts';
export { slugify, ean13 } from './catalog.ts';
export { demoCustomerEmail, tierFor } from './people.ts';
export { currencyFor, taxRates } from './orders.ts';
export { RetailerIndex } from './retailer-index.ts';

export interface SeedOptions {
  /** Same seed, same retailer. @default 20261120 */
  seed?: number;
  /** The moment the data is "as of": order dates, tracking events and stock are relative to it. @default 2026-11-20T12:00:00Z */
  now?: string;
  /** Multiplies every count; 0.1 gives a tenth of the retailer for quick unit tests. @default 1 */
  scale?: number;
}

export const DEFAULT_SEED = 20261120;
export const DEFAULT_NOW = '2026-11-20T12:00:00.000Z';

/** Reads UCG_SEED, UCG_SEED_NOW and UCG_SEED_SCALE so every stand-in process agrees on one retailer. */
export function seedOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SeedOptions {
  return {
    ...(env.UCG_SEED ? { seed: Number(env.UCG_SEED) } : {}),
    ...(env.UCG_SEED_NOW ? { now: env.UCG_SEED_NOW } : {}),
    ...(env.UCG_SEED_SCALE ? { scale: Number(env.UCG_SEED_SCALE) } : {}),
  };
}

const cache = new Map<string, Retailer>();

/**
 * The one retailer every stand-in serves. Deterministic: same options, same data, in every process.
 * Memoised per options; callers that mutate the result (stand-ins do) must `structuredClone` it first.
 */
export function generateRetailer(options: SeedOptions = {}): Retailer {
  const seed = options.seed ?? DEFAULT_SEED;
  const nowIso = options.now ?? DEFAULT_NOW;
  const scale = options.scale ?? 1;
  const key = `${seed}|${nowIso}|${scale}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const now = new Date(nowIso);
  const random = new Random(seed);
  const n = (count: number) => Math.max(1, Math.round(count * scale));
  const catalog = generateCatalog(random, n(2000), now);
  const prices = generatePrices(random, catalog.variants, catalog.basePriceUsd);
  const stock = generateStock(random, catalog.variants, locations);
  const reorderPolicies = generateReorderPolicies(random, catalog.variants);
  const people = generatePeople(random, n(5000), now);
  const { orders, shipments } = generateOrders(random, now, n(20000), n(600), people, companies, catalog.products, catalog.variants, prices, locations);
  const purchaseOrders = generatePurchaseOrders(random, now, suppliers, catalog.products, catalog.variants, prices);

  const retailer: Retailer = {
    seed,
    now: nowIso,
    brands,
    categories: catalog.categories,
    products: catalog.products,
    variants: catalog.variants,
    customerGroups,
    prices,
    exchangeRates: generateExchangeRates(now),
    locations,
    stock,
    suppliers,
    reorderPolicies,
    companies,
    people,
    orders,
    shipments,
    purchaseOrders,
  };
  cache.set(key, retailer);
  return retailer;
}

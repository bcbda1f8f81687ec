import { createSapStandIn, type SapStandIn } from '@ucg/legacy-sap-s4';
import { RetailerIndex, generateRetailer, type SeedOptions } from '@ucg/legacy-seed';
import { createShopifyStandIn, type ShopifyStandIn } from '@ucg/legacy-shopify';
import { createWooStandIn, type WooStandIn } from '@ucg/legacy-woocommerce';
import { CONTEXT_HEADER, anonymousContext, signContext, type RequestContext } from '@ucg/request-context';
import { createLogger } from '@ucg/service-kit';
import { RedisStore } from '@ucg/store';
import { createCatalogServer, loadConfig, type CatalogServer } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** A twentieth of the retailer: 100 products, the first footwear product with its 50 variants among them. */
export const SEED: SeedOptions = { scale: 0.05 };
const SECRET = 'ucg-catalog-test-context-secret';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export type System = 'webstore' | 'marketplace' | 'erp';

export interface CatalogFixture {
  url: string;
  server: CatalogServer;
  standIns: { webstore: ShopifyStandIn; marketplace: WooStandIn; erp: SapStandIn };
  urls: Record<System, string>;
  index: RetailerIndex;
  /** Runs an operation as the gateway would send it, with a signed request context. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, context?: Partial<RequestContext>): Promise<GraphQLAnswer<T>>;
  /** Calls each stand-in has served since the last `resetCalls`. */
  calls(): Promise<Record<System, { total: number; byEndpoint: Record<string, number> }>>;
  resetCalls(): void;
  faults(system: System, faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** The three stand-ins on free ports, a real Redis with a private prefix, and the catalogue in front of them. */
export async function startCatalog(env: Record<string, string> = {}): Promise<CatalogFixture> {
  const standIns = { webstore: createShopifyStandIn({ seed: SEED }), marketplace: createWooStandIn({ seed: SEED }), erp: createSapStandIn({ seed: SEED }) };
  const [webstore, marketplace, erp] = await Promise.all(Object.values(standIns).map((s) => s.app.listen({ port: 0, host: '127.0.0.1' })));
  const urls = { webstore: webstore!, marketplace: marketplace!, erp: erp! };
  const store = new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `ucg-test:catalog:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:` });
  // Tests assert on price sorts and facets from the first request: start-up waits for the price list.
  const config = loadConfig({ SHOPIFY_URL: urls.webstore, WOO_URL: urls.marketplace, ERP_URL: urls.erp, CONTEXT_SECRET: SECRET, CATALOG_PRICE_WAIT_MS: '60000', ...env });
  const logger = createLogger('catalog-test', { level: process.env.LOG_LEVEL ?? 'silent' });
  const server = await createCatalogServer(config, logger, { store });
  const url = await server.http.listen(0, '127.0.0.1');
  return {
    url,
    server,
    standIns,
    urls,
    index: new RetailerIndex(generateRetailer(SEED)),
    async query(query, variables = {}, context = {}) {
      const header = signContext({ ...anonymousContext('test'), ...context }, SECRET);
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: header }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as GraphQLAnswer<never>;
    },
    async calls() {
      const read = async (s: System) => [s, standIns[s].sandbox.snapshot()] as const;
      return Object.fromEntries(await Promise.all((['webstore', 'marketplace', 'erp'] as const).map(read))) as Record<System, { total: number; byEndpoint: Record<string, number> }>;
    },
    resetCalls() {
      for (const s of Object.values(standIns)) s.sandbox.calls.clear();
    },
    async faults(system, faults) {
      await fetch(`${urls[system]}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    },
    async close() {
      await server.http.close();
      await store.close();
      await Promise.all(Object.values(standIns).map((s) => s.app.close()));
    },
  };
}

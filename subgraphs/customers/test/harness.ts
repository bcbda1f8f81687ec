import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEdiStandIn } from '@ucg/legacy-edi-warehouse';
import { createHubSpotStandIn } from '@ucg/legacy-hubspot';
import { createSapStandIn } from '@ucg/legacy-sap-s4';
import { generateRetailer, RetailerIndex, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { createShipBobStandIn } from '@ucg/legacy-shipbob';
import { createShopifyStandIn } from '@ucg/legacy-shopify';
import { createWooStandIn } from '@ucg/legacy-woocommerce';
import { anonymousContext, CONTEXT_HEADER, signContext, type RequestContext } from '@ucg/request-context';
import { createLogger } from '@ucg/service-kit';
import { RedisStore, type Store } from '@ucg/store';
import { closeSystems, createCustomersServer, createSystems, loadConfig, type CustomerSystems } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** A small retailer keeps the suite quick; every expectation is computed from it, never assumed. */
export const SEED: SeedOptions = { scale: 0.05 };
const SECRET = 'customers-test-context-secret';

export type LegacySystem = 'crm' | 'webstore' | 'marketplace' | 'erp' | '3pl-us' | '3pl-eu';

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Who {
  customer?: string;
  staffScopes?: string[];
  partner?: { companyId: string; scopes?: string[] };
  country?: string;
  currency?: string;
}

export interface World {
  retailer: Retailer;
  index: RetailerIndex;
  urls: Record<LegacySystem, string>;
  store: Store;
  /** The connectors the subgraph uses (tests verify erasures through them). */
  systems: CustomerSystems;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, who?: Who): Promise<GraphQLAnswer<T>>;
  /** Calls each stand-in has served since the last `resetCalls()`. */
  calls(): Promise<Record<LegacySystem, number>>;
  resetCalls(): Promise<void>;
  faults(system: LegacySystem, faults: Record<string, unknown>): Promise<void>;
  /** Every Store key the subgraph wrote (set, mset, incrBy, hset…) since the world started. */
  writtenKeys: Set<string>;
  close(): Promise<void>;
}

const WRITES = new Set(['set', 'mset', 'incrBy', 'expire', 'hset', 'hincrBy', 'zadd', 'xadd']);

/** The store, noting the key of every write (tests check that no e-mail ever becomes a key). */
function recordingWrites(store: Store, keys: Set<string>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !WRITES.has(String(prop))) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const first = args[0];
        if (Array.isArray(first)) for (const entry of first as { key: string }[]) keys.add(entry.key);
        else keys.add(first as string);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function contextFor(who: Who): RequestContext {
  const base = anonymousContext(randomUUID());
  return {
    ...base,
    ...(who.country ? { country: who.country } : {}),
    ...(who.currency ? { currency: who.currency } : {}),
    ...(who.customer ? { customer: { email: who.customer } } : {}),
    ...(who.staffScopes ? { staff: { subject: 'ops-test', scopes: who.staffScopes } } : {}),
    ...(who.partner ? { partner: { companyId: who.partner.companyId, customerGroup: 'B2', scopes: who.partner.scopes ?? [] } } : {}),
  };
}

/** Every legacy stand-in in process on port 0, real connectors, real Redis under a private prefix, and the subgraph. */
export async function startWorld(options: { env?: Record<string, string> } = {}): Promise<World> {
  const retailer = generateRetailer(SEED);
  const exchangeDir = mkdtempSync(join(tmpdir(), 'ucg-customers-edi-'));
  const crm = createHubSpotStandIn({ seed: SEED });
  const webstore = createShopifyStandIn({ seed: SEED, bucket: { restoreRate: 1000 } });
  const marketplace = createWooStandIn({ seed: SEED });
  const erp = createSapStandIn({ seed: SEED });
  const us3pl = createShipBobStandIn({ seed: SEED, rateLimit: { limit: 100_000 } });
  const eu3pl = createEdiStandIn({ seed: SEED, exchangeDir, historyDays: 400, snapshotIntervalMs: 0, pollIntervalMs: 20, pickDelayMs: 0 });
  const apps = { crm: crm.app, webstore: webstore.app, marketplace: marketplace.app, erp: erp.app, '3pl-us': us3pl.app, '3pl-eu': eu3pl.app };
  const urls = Object.fromEntries(await Promise.all(Object.entries(apps).map(async ([k, app]) => [k, await app.listen({ port: 0, host: '127.0.0.1' })]))) as Record<LegacySystem, string>;

  const config = loadConfig({
    CONTEXT_SECRET: SECRET,
    CRM_URL: urls.crm,
    SHOPIFY_URL: urls.webstore,
    WOO_URL: urls.marketplace,
    ERP_URL: urls.erp,
    SHIPBOB_URL: urls['3pl-us'],
    EDI_EXCHANGE_DIR: exchangeDir,
    ERASURE_DEDUPE_WINDOW_MS: '60000',
    ...options.env,
  });
  const logger = createLogger('customers-test', { level: process.env.LOG_LEVEL ?? 'silent' });
  const store = new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `ucg-test-customers-${randomUUID()}:` });
  // A short breaker pause, so a test can take a system down and use it again right after.
  const systems = createSystems(config, logger, { breakerHalfOpenAfterMs: 300 });
  const writtenKeys = new Set<string>();
  const server = await createCustomersServer(config, logger, { store: recordingWrites(store, writtenKeys), systems });
  const url = `${await server.http.listen(0, '127.0.0.1')}/graphql`;

  return {
    retailer,
    index: new RetailerIndex(retailer),
    urls,
    store,
    systems,
    async gql<T>(query: string, variables: Record<string, unknown> = {}, who: Who = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: signContext(contextFor(who), SECRET) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLAnswer<T>;
    },
    async calls() {
      const counts = await Promise.all(Object.entries(urls).map(async ([k, u]) => [k, ((await (await fetch(`${u}/__sandbox/calls`)).json()) as { total: number }).total]));
      return Object.fromEntries(counts) as Record<LegacySystem, number>;
    },
    resetCalls() {
      // Only the counters: `/__sandbox/reset` would also restore the seeded data.
      for (const s of [crm, webstore, marketplace, erp, us3pl, eu3pl]) s.sandbox.calls.clear();
      return Promise.resolve();
    },
    writtenKeys,
    async faults(system, faults) {
      const res = await fetch(`${urls[system]}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (!res.ok) throw new Error(`faults on ${system}: ${res.status}`);
    },
    async close() {
      await server.http.close();
      await closeSystems(systems);
      await crm.webhooks.idle();
      await Promise.all(Object.values(apps).map((app) => app.close()));
      await store.close();
      rmSync(exchangeDir, { recursive: true, force: true });
    },
  };
}

/** The errors of an answer whose path starts with `prefix`. */
export function errorsAt<T>(answer: GraphQLAnswer<T>, ...prefix: (string | number)[]) {
  return (answer.errors ?? []).filter((e) => prefix.every((p, i) => e.path?.[i] === p));
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEdiStandIn, type EdiStandIn } from '@ucg/legacy-edi-warehouse';
import { createHubSpotStandIn, type HubSpotStandIn } from '@ucg/legacy-hubspot';
import { createSapStandIn, type SapStandIn } from '@ucg/legacy-sap-s4';
import { generateRetailer, RetailerIndex, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { createShipBobStandIn, type ShipBobStandIn } from '@ucg/legacy-shipbob';
import { createShopifyStandIn, type ShopifyStandIn } from '@ucg/legacy-shopify';
import { createWooStandIn, type WooStandIn } from '@ucg/legacy-woocommerce';
import { anonymousContext, CONTEXT_HEADER, signContext, type RequestContext } from '@ucg/request-context';
import { createLogger } from '@ucg/service-kit';
import { RedisStore } from '@ucg/store';
import type { SubgraphServer } from '@ucg/subgraph-kit';
import { loadConfig, type OrdersConfig } from '../src/config.ts';
import { createOrdersServer } from '../src/server.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export const SECRET = 'orders-test-context-secret';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every legacy system the orders subgraph and its worker talk to, in this process on free ports. */
export interface LegacyWorld {
  seed: SeedOptions;
  retailer: Retailer;
  index: RetailerIndex;
  exchangeDir: string;
  shopify: ShopifyStandIn;
  woo: WooStandIn;
  sap: SapStandIn;
  shipbob: ShipBobStandIn;
  hubspot: HubSpotStandIn;
  edi: EdiStandIn;
  urls: Record<'webstore' | 'marketplace' | 'erp' | '3pl-us' | 'crm' | '3pl-eu', string>;
  /** Environment pointing a subgraph or worker at these stand-ins. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** `shipbobRateLimit`: ShipBob allows 150 calls a minute; tests that post hundreds of orders raise it. */
export async function startLegacy(seed: SeedOptions = {}, options: { shipbobRateLimit?: number } = {}): Promise<LegacyWorld> {
  const retailer = generateRetailer(seed);
  const exchangeDir = mkdtempSync(join(tmpdir(), 'ucg-orders-edi-'));
  const shopify = createShopifyStandIn({ seed });
  const woo = createWooStandIn({ seed });
  const sap = createSapStandIn({ seed });
  const shipbob = createShipBobStandIn({ seed, ...(options.shipbobRateLimit ? { rateLimit: { limit: options.shipbobRateLimit } } : {}) });
  const hubspot = createHubSpotStandIn({ seed });
  const edi = createEdiStandIn({ seed, exchangeDir, pollIntervalMs: 20, pickDelayMs: 0, snapshotIntervalMs: 0 });
  const listen = (app: { listen(o: { port: number; host: string }): Promise<string> }) => app.listen({ port: 0, host: '127.0.0.1' });
  const [webstore, marketplace, erp, us, crm, eu] = await Promise.all([shopify, woo, sap, shipbob, hubspot, edi].map((s) => listen(s.app)));
  const urls = { webstore: webstore!, marketplace: marketplace!, erp: erp!, '3pl-us': us!, crm: crm!, '3pl-eu': eu! };
  return {
    seed, retailer, index: new RetailerIndex(retailer), exchangeDir, shopify, woo, sap, shipbob, hubspot, edi, urls,
    env: {
      SHOPIFY_URL: urls.webstore, WOO_URL: urls.marketplace, ERP_URL: urls.erp, SHIPBOB_URL: urls['3pl-us'], CRM_URL: urls.crm,
      EDI_EXCHANGE_DIR: exchangeDir, CONTEXT_SECRET: SECRET,
    },
    async close() {
      await Promise.allSettled([shopify, woo, sap, shipbob, hubspot, edi].map((s) => s.app.close()));
      rmSync(exchangeDir, { recursive: true, force: true });
    },
  };
}

/** A key prefix of its own, so tests never see each other's keys. */
export function testPrefix(): string {
  return `ucg-orders-test-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}:`;
}

export function testStore(prefix = testPrefix()): RedisStore {
  return new RedisStore({ url: REDIS_URL, keyPrefix: prefix });
}

export interface Caller {
  customer?: string;
  partner?: { companyId: string; customerGroup?: string; scopes?: string[] };
  staff?: string[];
  /** Send no signed context at all (a direct, untrusted call). */
  untrusted?: boolean;
}

export interface SubgraphUnderTest {
  url: string;
  server: SubgraphServer;
  config: OrdersConfig;
  store: RedisStore;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<{ data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

export function contextFor(caller: Caller = {}): RequestContext {
  return {
    ...anonymousContext(`test-${Math.random().toString(36).slice(2, 8)}`),
    ...(caller.customer ? { customer: { email: caller.customer } } : {}),
    ...(caller.partner ? { partner: { companyId: caller.partner.companyId, customerGroup: caller.partner.customerGroup ?? 'B2', scopes: caller.partner.scopes ?? ['orders:read'] } } : {}),
    ...(caller.staff ? { staff: { subject: 'staff-1', scopes: caller.staff } } : {}),
  };
}

/** The orders subgraph on a free port over the given stand-ins and a private Redis prefix. */
export async function startSubgraph(world: LegacyWorld, env: Record<string, string> = {}, store = testStore()): Promise<SubgraphUnderTest> {
  const config = loadConfig({ ...world.env, ...env });
  const server = await createOrdersServer(config, createLogger('orders-test', { level: 'silent' }), { store });
  const url = await server.http.listen(0);
  return {
    url,
    server,
    config,
    store,
    async query(query, variables = {}, caller = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (!caller.untrusted) headers[CONTEXT_HEADER] = signContext(contextFor(caller), SECRET);
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as never;
    },
    async close() {
      await server.http.close();
      await store.close();
    },
  };
}

/** GETs a stand-in's `/__sandbox/calls` (calls served per endpoint). */
export async function calls(url: string): Promise<{ total: number; byEndpoint: Record<string, number> }> {
  return (await (await fetch(`${url}/__sandbox/calls`)).json()) as never;
}

export async function faults(url: string, body: Record<string, unknown>): Promise<void> {
  await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

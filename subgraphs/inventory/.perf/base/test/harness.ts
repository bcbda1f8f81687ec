import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createEdiStandIn, type EdiStandIn } from '@ucg/legacy-edi-warehouse';
import { createSapStandIn, type SapStandIn } from '@ucg/legacy-sap-s4';
import { generateRetailer, RetailerIndex, type Retailer } from '@ucg/legacy-seed';
import { createShipBobStandIn, type ShipBobStandIn } from '@ucg/legacy-shipbob';
import { createShopifyStandIn, type ShopifyStandIn } from '@ucg/legacy-shopify';
import { anonymousContext, CONTEXT_HEADER, signContext, type RequestContext } from '@ucg/request-context';
import { RedisStore } from '@ucg/store';
import { createInventoryServer, loadConfig, type InventoryServer } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export const CONTEXT_SECRET = 'inventory-test-context-secret';

export interface CallCounts {
  total: number;
  byEndpoint: Record<string, number>;
}

export interface World {
  retailer: Retailer;
  index: RetailerIndex;
  shipbob: ShipBobStandIn;
  shopify: ShopifyStandIn;
  sap: SapStandIn;
  edi: EdiStandIn;
  urls: { shipbob: string; shopify: string; sap: string; edi: string; inventory: string };
  store: RedisStore;
  server: InventoryServer;
  logs: Record<string, unknown>[];
  /** POST /graphql on the subgraph with a signed request context. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, context?: Partial<RequestContext>): Promise<{ data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] }>;
  calls(system: 'shipbob' | 'shopify' | 'sap' | 'edi'): Promise<CallCounts>;
  sandbox(system: 'shipbob' | 'shopify' | 'sap' | 'edi', path: string, body: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Waits until `probe` yields something truthy. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Every stand-in the inventory subgraph talks to (in process, port 0), real Redis under a unique
 * prefix, and the subgraph itself listening on port 0 with its real connectors.
 */
export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const dir = mkdtempSync(join(tmpdir(), 'ucg-inventory-'));
  const shipbob = createShipBobStandIn({ rateLimit: { limit: 100_000 } });
  const shopify = createShopifyStandIn();
  const sap = createSapStandIn();
  const edi = createEdiStandIn({ exchangeDir: dir, snapshotIntervalMs: 0, historyDays: 5 });
  const [shipbobUrl, shopifyUrl, sapUrl, ediUrl] = await Promise.all([shipbob, shopify, sap, edi].map((s) => s.app.listen({ port: 0, host: '127.0.0.1' })));
  const prefix = `ucg-test-inventory-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}:`;
  const store = new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: prefix });
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }));
  const config = loadConfig({
    CONTEXT_SECRET,
    SHIPBOB_URL: shipbobUrl!,
    SHOPIFY_URL: shopifyUrl!,
    ERP_URL: sapUrl!,
    EDI_EXCHANGE_DIR: dir,
    INVENTORY_EDI_POLL_INTERVAL_MS: '50',
    ...env,
  });
  const server = await createInventoryServer(config, logger, { store });
  const inventoryUrl = await server.http.listen(0, '127.0.0.1');
  const urls = { shipbob: shipbobUrl!, shopify: shopifyUrl!, sap: sapUrl!, edi: ediUrl!, inventory: inventoryUrl };
  const base = (system: 'shipbob' | 'shopify' | 'sap' | 'edi') => urls[system];
  return {
    retailer, index, shipbob, shopify, sap, edi, urls, store, server, logs,
    async gql(query, variables = {}, context = {}) {
      const ctx: RequestContext = { ...anonymousContext('test'), ...context, issuedAt: Date.now() };
      const res = await fetch(`${inventoryUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: signContext(ctx, CONTEXT_SECRET) },
        body: JSON.stringify({ query, variables }),
      });
      return res.json() as never;
    },
    async calls(system) {
      return (await fetch(`${base(system)}/__sandbox/calls`)).json() as Promise<CallCounts>;
    },
    async sandbox(system, path, body) {
      const res = await fetch(`${base(system)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    async close() {
      await server.http.close();
      await Promise.all([shipbob, shopify, sap, edi].map((s) => s.app.close()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the stand-ins hold of a SKU, from the seed: available (on hand less committed) per graph
 * location id. The web store carries (and counts stock of) only the products it lists.
 */
export function seededLevels(index: RetailerIndex, sku: string): Map<string, number> {
  const product = index.productById.get(index.variantBySku.get(sku)?.productId ?? '');
  const out = new Map<string, number>();
  for (const s of index.stockBySku.get(sku) ?? []) {
    if (s.system === 'webstore' && !product?.inWebStore) continue;
    out.set(`${s.system}:${s.locationNativeId}`, Math.max(0, s.onHand - s.committed));
  }
  return out;
}

export const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

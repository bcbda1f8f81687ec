import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPartnerKey, mintDevToken } from '@ucg/gateway';
import { RetailerIndex, generateRetailer, type Retailer } from '@ucg/legacy-seed';
import { StockLedger } from '@ucg/stock-ledger';
import { RedisStore } from '@ucg/store';
import { gql, sandboxCalls, sandboxFaults, startTestStack, type TestStack } from '../src/index.ts';

/** Stock through the gateway: every system's numbers, reservations, pushes within a second, a dead 3PL, partners. */

type Manifest = { operations: { id: string; name: string; body: string }[] };
const manifest = (client: string) => JSON.parse(readFileSync(new URL(`../../schema/manifests/${client}.json`, import.meta.url), 'utf8')) as Manifest;
const operation = (client: string, name: string) => manifest(client).operations.find((o) => o.name === name)!;

const SOHO = { latitude: 40.7233, longitude: -74.003 };
/** The 3PL's whole stock is read this often here (not every 5 minutes), so the dead-3PL case need not wait long. */
const SHIPBOB_SYNC_MS = 20_000;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** What the stand-ins hold of a SKU (available = on hand less committed) per graph location id. */
function seeded(index: RetailerIndex, sku: string): Map<string, number> {
  const product = index.productById.get(index.variantBySku.get(sku)?.productId ?? '');
  const out = new Map<string, number>();
  for (const s of index.stockBySku.get(sku) ?? []) {
    // The web store counts stock only of the products it lists.
    if (s.system === 'webstore' && !product?.inWebStore) continue;
    out.set(`${s.system}:${s.locationNativeId}`, Math.max(0, s.onHand - s.committed));
  }
  return out;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

interface ByLocation { location: { id: string }; available: number }
interface StockAnswer { sku: string; availability: { status: string; availableToSell: number; asOf: string; stale: boolean; byLocation: ByLocation[] } | null }

describe('inventory through the gateway', () => {
  let stack: TestStack;
  let store: RedisStore;
  let staff: string;
  const retailer: Retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const skusOf = (productId: string) => index.variantsByProduct.get(productId)!.map((v) => v.sku);
  const webProducts = retailer.products.filter((p) => p.inWebStore);
  const large = webProducts.find((p) => index.variantsByProduct.get(p.id)!.length >= 50)!;
  const small = webProducts.find((p) => index.variantsByProduct.get(p.id)!.length === 4)!;
  const calls = (system: '3pl-us' | 'webstore' | 'erp') => sandboxCalls(stack.urls[system]).then((c) => c.total);

  const stockQuery = 'query Stock($skus: [ID!]!) { variants(skus: $skus) { sku availability { status availableToSell asOf stale byLocation { location { id } available } } } }';
  const stockOf = async (skus: string[]) => {
    const res = await gql<{ variants: StockAnswer[] }>(stack.gatewayUrl, stockQuery, { skus }, { authorization: `Bearer ${staff}` });
    return res;
  };

  beforeAll(async () => {
    // Not shorter: each full read walks ~25 pages, and the 3PL allows 150 calls a minute.
    stack = await startTestStack({ env: { SHIPBOB_STOCK_SYNC_INTERVAL_MS: String(SHIPBOB_SYNC_MS) } });
    store = new RedisStore({ url: stack.env.REDIS_URL, keyPrefix: stack.env.REDIS_KEY_PREFIX });
    staff = await mintDevToken({ sub: 'ops-e2e', scope: 'inventory:read purchasing:write' });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await stack?.stop();
  });

  it('ProductDetail: availability from every system less reservations, pickup near SoHo, at most one call per system whatever the variant count', async () => {
    const ledger = new StockLedger(store);
    const reservedSku = skusOf(large.id).find((s) => total(seeded(index, s)) > 20)!;
    const reservation = await ledger.reserve({ sku: reservedSku, quantity: 7, reservationId: `e2e-${Date.now()}`, cartId: 'e2e-cart', expiresAt: Date.now() + 10 * 60_000 });
    expect(reservation.ok).toBe(true);

    const detail = operation('storefront', 'ProductDetail');
    for (const product of [small, large]) {
      const before = await Promise.all([calls('3pl-us'), calls('webstore'), calls('erp')]);
      const res = await gql<{ product: { variants: { nodes: { sku: string; availability: { status: string; availableToSell: number; asOf: string }; pickupAvailability: { location: { id: string }; distanceKm: number; available: number; readyIn: string }[] }[] } } }>(
        stack.gatewayUrl, detail.body, { handle: product.handle, near: SOHO, country: 'US' },
      );
      const after = await Promise.all([calls('3pl-us'), calls('webstore'), calls('erp')]);
      const [shipbob, webstore, erp] = after.map((a, i) => a - before[i]!);
      console.log(`ProductDetail ${product.handle} (${skusOf(product.id).length} variants): legacy calls 3pl-us=${shipbob} webstore=${webstore} erp=${erp}`);
      expect(res.body.errors).toBeUndefined();
      // The 3PL's and the stores' stock were copied whole at start-up (and are pushed since) and the ERP
      // is synced: inventory calls none of them, and the web store and the ERP see at most the catalog's
      // one call each for these cold products (50 variants or 4, the same).
      expect(shipbob).toBe(0);
      expect(webstore).toBeLessThanOrEqual(1);
      expect(erp).toBeLessThanOrEqual(1);
      for (const v of res.body.data!.product.variants.nodes) {
        const expected = total(seeded(index, v.sku)) - (v.sku === reservedSku ? 7 : 0);
        expect(v.availability.availableToSell).toBe(expected);
        const levels = seeded(index, v.sku);
        const holding = [...levels].filter(([id, n]) => id.startsWith('webstore:') && n > 0).map(([id]) => id);
        expect(v.pickupAvailability.length).toBe(Math.min(3, holding.length));
        const distances = v.pickupAvailability.map((p) => p.distanceKm);
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
        for (const p of v.pickupAvailability) {
          expect(holding).toContain(p.location.id);
          expect(p.readyIn).toBe('PT2H');
        }
      }
    }
  });

  it('PartnerStockFeed (persisted, API key): 500 SKUs, byLocation as the stand-ins hold it; warm p95', async () => {
    const feed = operation('partner', 'PartnerStockFeed');
    const skus = retailer.variants.filter((_, i) => i % 11 === 0).slice(0, 500).map((v) => v.sku);
    const send = async () => {
      const started = performance.now();
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': devPartnerKey },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: feed.id } }, variables: { skus } }),
      });
      const body = (await res.json()) as { data?: { variants: (StockAnswer & { availability: StockAnswer['availability'] })[] }; errors?: unknown[] };
      return { ms: performance.now() - started, body };
    };
    const first = await send();
    const stock = first.body.data!.variants.map((v) => v.availability);
    expect(stock.every((a) => a !== null)).toBe(true);
    first.body.data!.variants.forEach((v, i) => {
      expect(v.sku).toBe(skus[i]);
      expect(new Map(v.availability!.byLocation.map((l) => [l.location.id, l.available]))).toEqual(seeded(index, v.sku));
    });
    const times: number[] = [];
    for (let i = 0; i < 40; i++) times.push((await send()).ms);
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(`PartnerStockFeed 500 SKUs warm: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (cold ${first.ms.toFixed(0)} ms)`);
    // The target is 100 ms on a quiet machine; this only guards against a regression by orders of magnitude.
    expect(p95).toBeLessThan(3000);
  });

  it('shows a stock move made at any pushing system through the gateway within 1 s (p99 of 50 moves)', async () => {
    type Target = { system: '3pl-us' | 'webstore' | '3pl-eu'; location: string; native: string };
    const targets: Target[] = [
      { system: '3pl-us', location: '3pl-us:156', native: '156' },
      { system: 'webstore', location: 'webstore:70001', native: '70001' },
      { system: '3pl-eu', location: '3pl-eu:VEN1', native: 'VEN1' },
    ];
    const candidates = retailer.variants.map((v) => v.sku).filter((sku) => targets.every((t) => seeded(index, sku).has(t.location))).slice(100, 150);
    expect(candidates.length).toBe(50);
    await stockOf(candidates);
    const samples: { system: string; ms: number }[] = [];
    for (let i = 0; i < 50; i++) {
      const sku = candidates[i]!;
      const target = targets[i % 3]!;
      const started = performance.now();
      const moved = await fetch(`${stack.urls[target.system]}/__sandbox/stock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku, location: target.native, onHand: 1000 + i }),
      });
      expect(moved.status).toBe(200);
      const body = (await moved.json()) as { available?: number; fulfillable_quantity?: number; onHand?: number; committed?: number };
      const expected = body.available ?? body.fulfillable_quantity!;
      for (;;) {
        const res = await stockOf([sku]);
        const level = res.body.data?.variants[0]?.availability?.byLocation.find((l) => l.location.id === target.location);
        if (level?.available === expected) break;
        if (performance.now() - started > 5000) throw new Error(`${target.system} move of ${sku} not visible after 5 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      samples.push({ system: target.system, ms: performance.now() - started });
    }
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    const bySystem = (system: string) => samples.filter((s) => s.system === system).map((s) => s.ms.toFixed(0)).join(' ');
    console.log(`stock move → visible at the gateway, 50 moves: p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    console.log(`  3pl-us: ${bySystem('3pl-us')}\n  webstore: ${bySystem('webstore')}\n  3pl-eu: ${bySystem('3pl-eu')}`);
    expect(percentile(sorted, 99)).toBeLessThan(1000);
  });

  it('LowStock and PurchaseOrderCreate (ops): ERP reorder points, and one purchase order per idempotency key', async () => {
    const auth = { authorization: `Bearer ${staff}` };
    const low = await gql<{ lowStock: { pageInfo: { hasNextPage: boolean }; nodes: { sku: string; title: string; location: { id: string; type: string }; available: number; reorderPoint: number; suggestedOrderQuantity: number }[] } }>(
      stack.gatewayUrl, operation('ops', 'LowStock').body, { first: 100 }, auth,
    );
    expect(low.body.errors).toBeUndefined();
    const nodes = low.body.data!.lowStock.nodes;
    expect(nodes.length).toBe(100);
    expect(low.body.data!.lowStock.pageInfo.hasNextPage).toBe(true);
    for (const n of nodes) {
      const policy = retailer.reorderPolicies.find((p) => p.sku === n.sku)!;
      expect(n.reorderPoint).toBe(policy.reorderPoint);
      expect(n.available).toBeLessThanOrEqual(n.reorderPoint);
      expect(n.suggestedOrderQuantity).toBe(Math.max(1, Math.ceil((policy.reorderPoint + 1 - n.available) / policy.lotSize)) * policy.lotSize);
      const v = index.variantBySku.get(n.sku)!;
      expect(n.title).toBe(`${index.productById.get(v.productId)!.title.en} ${v.title}`.slice(0, 40).trimEnd());
    }
    const anonymous = await gql(stack.gatewayUrl, operation('ops', 'LowStock').body, { first: 1 });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);

    const sku = [...retailer.purchaseOrders].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)!.lines[0]!.sku;
    const creates = async () => (await sandboxCalls(stack.urls.erp)).byEndpoint['POST /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder'] ?? 0;
    const before = await creates();
    const input = { lines: [{ sku, quantity: 60 }], idempotencyKey: `e2e-po-${Date.now()}` };
    const create = operation('ops', 'PurchaseOrderCreate').body;
    type Payload = { purchaseOrderCreate: { purchaseOrder: { number: string; status: string; supplier: string; lines: { sku: string; quantity: number }[] } | null; userErrors: { code: string }[] } };
    const [a, b] = await Promise.all([gql<Payload>(stack.gatewayUrl, create, { input }, auth), gql<Payload>(stack.gatewayUrl, create, { input }, auth)]);
    const c = await gql<Payload>(stack.gatewayUrl, create, { input }, auth);
    for (const r of [a, b, c]) expect(r.body.data!.purchaseOrderCreate.userErrors).toEqual([]);
    const numbers = new Set([a, b, c].map((r) => r.body.data!.purchaseOrderCreate.purchaseOrder!.number));
    expect(numbers.size).toBe(1);
    expect(a.body.data!.purchaseOrderCreate.purchaseOrder).toMatchObject({ status: 'OPEN', lines: [{ sku, quantity: 60 }] });
    expect(await creates()).toBe(before + 1);
    const bad = await gql<Payload>(stack.gatewayUrl, create, { input: { lines: [{ sku: 'NOPE-1', quantity: 1 }, { sku, quantity: 0 }] } }, auth);
    expect(bad.body.data!.purchaseOrderCreate.userErrors.map((e) => e.code).sort()).toEqual(['INV_INVALID_QUANTITY']);
    const unknown = await gql<Payload>(stack.gatewayUrl, create, { input: { lines: [{ sku: 'NOPE-1', quantity: 1 }] } }, auth);
    expect(unknown.body.data!.purchaseOrderCreate.userErrors.map((e) => e.code)).toEqual(['INV_UNKNOWN_SKU']);
    expect(await creates()).toBe(before + 1);
  });

  it('a dead 3PL still yields its last known stock (stale, with its asOf), for SKUs never asked for too: its whole stock was copied', async () => {
    const carried = retailer.variants.map((v) => v.sku).filter((sku) => [...seeded(index, sku).keys()].some((k) => k.startsWith('3pl-us:')));
    const [known, neverRead] = [carried[3000]!, carried[3001]!];
    const fresh = await stockOf([known]);
    const before = fresh.body.data!.variants[0]!.availability!;
    expect(before.stale).toBe(false);

    await sandboxFaults(stack.urls['3pl-us'], { down: true });
    try {
      const downAt = Date.now();
      // The next full read fails (within SHIPBOB_SYNC_MS): from then on the 3PL's numbers are reported stale.
      let answer = before;
      while (!answer.stale && Date.now() - downAt < 2 * SHIPBOB_SYNC_MS + 10_000) {
        await new Promise((r) => setTimeout(r, 250));
        answer = (await stockOf([known])).body.data!.variants[0]!.availability!;
      }
      expect(answer.stale).toBe(true);
      expect({ ...answer, asOf: before.asOf, stale: false }).toEqual(before);
      expect(Date.parse(answer.asOf)).toBeLessThan(downAt);

      // Never asked for before, still known: the start-up read copied every SKU the 3PL holds.
      const res = await stockOf([known, neverRead]);
      expect(res.body.errors).toBeUndefined();
      const never = res.body.data!.variants[1]!.availability!;
      expect(never.stale).toBe(true);
      expect(new Map(never.byLocation.map((l) => [l.location.id, l.available]))).toEqual(seeded(index, neverRead));
    } finally {
      await sandboxFaults(stack.urls['3pl-us'], { down: false });
    }
  });
});

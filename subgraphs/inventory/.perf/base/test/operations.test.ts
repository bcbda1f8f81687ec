import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededLevels, startWorld, type World } from './harness.ts';

const OPS = { staff: { subject: 'buyer-7', scopes: ['inventory:read', 'purchasing:write'] } };

const LOW_STOCK = /* GraphQL */ `query Low($first: Int, $after: String, $locationId: ID) { lowStock(first: $first, after: $after, locationId: $locationId) {
  pageInfo { hasNextPage endCursor }
  nodes { sku title location { id name type } available reorderPoint suggestedOrderQuantity }
} }`;

const CREATE = /* GraphQL */ `mutation Create($input: PurchaseOrderInput!) { purchaseOrderCreate(input: $input) {
  purchaseOrder { number status supplier createdAt lines { sku quantity } }
  userErrors { code field message }
} }`;

interface LowNode { sku: string; title: string; location: { id: string; name: string; type: string }; available: number; reorderPoint: number; suggestedOrderQuantity: number }
interface CreatePayload { purchaseOrderCreate: { purchaseOrder: { number: string; status: string; supplier: string; createdAt: string; lines: { sku: string; quantity: number }[] } | null; userErrors: { code: string; field: string[] | null; message: string }[] } }

describe('operations: low stock and purchase orders', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 90_000);
  afterAll(async () => world?.close());

  const policy = (sku: string) => world.retailer.reorderPolicies.find((p) => p.sku === sku)!;
  const erpTitle = (sku: string) => {
    const v = world.index.variantBySku.get(sku)!;
    return `${world.index.productById.get(v.productId)!.title.en} ${v.title}`.slice(0, 40).trimEnd();
  };

  async function allLow(locationId: string): Promise<LowNode[]> {
    const nodes: LowNode[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = { lowStock: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: LowNode[] } };
      const res: Awaited<ReturnType<typeof world.gql<Page>>> = await world.gql<Page>(LOW_STOCK, { first: 250, after, locationId }, OPS);
      expect(res.errors).toBeUndefined();
      nodes.push(...res.data!.lowStock.nodes);
      if (!res.data!.lowStock.pageInfo.hasNextPage) return nodes;
      after = res.data!.lowStock.pageInfo.endCursor;
    }
  }

  it('lists every SKU × location at or below its ERP reorder point, with ERP titles and lot-sized suggestions', async () => {
    for (const locationId of ['erp:1000', '3pl-eu:VEN1']) {
      const nodes = await allLow(locationId);
      const expected = world.retailer.stock
        .filter((s) => `${s.system}:${s.locationNativeId}` === locationId && s.onHand - s.committed <= policy(s.sku).reorderPoint)
        .map((s) => s.sku)
        .sort();
      expect(nodes.map((n) => n.sku)).toEqual(expected);
      for (const n of nodes.slice(0, 100)) {
        const p = policy(n.sku);
        expect(n.reorderPoint).toBe(p.reorderPoint);
        expect(n.available).toBe(seededLevels(world.index, n.sku).get(locationId));
        expect(n.available).toBeLessThanOrEqual(n.reorderPoint);
        expect(n.suggestedOrderQuantity).toBe(Math.max(1, Math.ceil((p.reorderPoint + 1 - n.available) / p.lotSize)) * p.lotSize);
        expect(n.title).toBe(erpTitle(n.sku));
        expect(n.location.id).toBe(locationId);
      }
    }
    const first = await world.gql<{ lowStock: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: LowNode[] } }>(LOW_STOCK, { first: 5 }, OPS);
    const next = await world.gql<{ lowStock: { nodes: LowNode[] } }>(LOW_STOCK, { first: 5, after: first.data!.lowStock.pageInfo.endCursor }, OPS);
    expect(first.data!.lowStock.pageInfo.hasNextPage).toBe(true);
    const keys = (ns: LowNode[]) => ns.map((n) => `${n.sku}@${n.location.id}`);
    expect(keys(next.data!.lowStock.nodes)).not.toEqual(expect.arrayContaining(keys(first.data!.lowStock.nodes)));
    expect([...keys(first.data!.lowStock.nodes), ...keys(next.data!.lowStock.nodes)]).toEqual([...keys(first.data!.lowStock.nodes), ...keys(next.data!.lowStock.nodes)].sort());
  });

  it('refuses low stock without the staff scope, and bad arguments', async () => {
    expect((await world.gql(LOW_STOCK, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await world.gql(LOW_STOCK, {}, { staff: { subject: 'x', scopes: ['orders:read'] } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await world.gql(LOW_STOCK, { first: -1 }, OPS)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await world.gql(LOW_STOCK, { locationId: 'mars:1' }, OPS)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('raises a purchase order in the ERP once per idempotency key, from the SKU\'s usual supplier', async () => {
    const history = [...world.retailer.purchaseOrders].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const sku = history.at(-1)!.lines[0]!.sku;
    const usual = history.filter((po) => po.lines.some((l) => l.sku === sku)).at(-1)!;
    const supplierName = world.retailer.suppliers.find((s) => s.id === usual.supplierId)!.name;
    const creates = async () => (await world.calls('sap')).byEndpoint['POST /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder'] ?? 0;
    const before = await creates();
    const input = { lines: [{ sku, quantity: 120 }], idempotencyKey: `po-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => world.gql<CreatePayload>(CREATE, { input }, OPS)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const numbers = new Set(results.map((r) => r.data!.purchaseOrderCreate.purchaseOrder?.number));
    expect(numbers.size).toBe(1);
    const po = results[0]!.data!.purchaseOrderCreate;
    expect(po.userErrors).toEqual([]);
    expect(po.purchaseOrder).toMatchObject({ status: 'OPEN', supplier: supplierName, lines: [{ sku, quantity: 120 }] });
    expect(await creates()).toBe(before + 1);

    const again = await world.gql<CreatePayload>(CREATE, { input }, OPS);
    expect(again.data!.purchaseOrderCreate.purchaseOrder!.number).toBe(po.purchaseOrder!.number);
    expect(await creates()).toBe(before + 1);

    const reused = await world.gql<CreatePayload>(CREATE, { input: { ...input, lines: [{ sku, quantity: 121 }] } }, OPS);
    expect(reused.data!.purchaseOrderCreate).toMatchObject({ purchaseOrder: null, userErrors: [{ code: 'INV_IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'] }] });
    expect(await creates()).toBe(before + 1);
  });

  it('answers expected failures with userErrors and raises nothing', async () => {
    const sku = world.retailer.purchaseOrders[0]!.lines[0]!.sku;
    const creates = async () => (await world.calls('sap')).byEndpoint['POST /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder'] ?? 0;
    const before = await creates();
    const unknown = await world.gql<CreatePayload>(CREATE, { input: { lines: [{ sku, quantity: 10 }, { sku: 'NO-SUCH-SKU', quantity: 10 }], idempotencyKey: `u-${Date.now()}` } }, OPS);
    expect(unknown.data!.purchaseOrderCreate).toEqual({ purchaseOrder: null, userErrors: [expect.objectContaining({ code: 'INV_UNKNOWN_SKU', field: ['input', 'lines', '1', 'sku'] })] });
    const bad = await world.gql<CreatePayload>(CREATE, { input: { lines: [{ sku, quantity: 0 }, { sku, quantity: -5 }] } }, OPS);
    expect(bad.data!.purchaseOrderCreate.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INV_INVALID_QUANTITY', ['input', 'lines', '0', 'quantity']],
      ['INV_INVALID_QUANTITY', ['input', 'lines', '1', 'quantity']],
    ]);
    const location = await world.gql<CreatePayload>(CREATE, { input: { lines: [{ sku, quantity: 5 }], locationId: 'webstore:70001' } }, OPS);
    expect(location.data!.purchaseOrderCreate.userErrors[0]!.code).toBe('INV_INVALID_LOCATION');
    const forbidden = await world.gql<CreatePayload>(CREATE, { input: { lines: [{ sku, quantity: 5 }] } }, { staff: { subject: 'x', scopes: ['inventory:read'] } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await creates()).toBe(before);
  });

  it('needs a supplier for a SKU the ERP has never bought, and prices it from the ERP list price', async () => {
    const bought = new Set(world.retailer.purchaseOrders.flatMap((po) => po.lines.map((l) => world.index.variantBySku.get(l.sku)!.productId)));
    const fresh = world.retailer.variants.find((v) => !bought.has(v.productId))!;
    const product = world.index.productById.get(fresh.productId)!;
    const missing = await world.gql<CreatePayload>(CREATE, { input: { lines: [{ sku: fresh.sku, quantity: 40 }] } }, OPS);
    expect(missing.data!.purchaseOrderCreate.userErrors.map((e) => e.code)).toEqual(['INV_SUPPLIER_REQUIRED']);
    const supplierId = `1730${product.supplierId.replace(/\D/g, '')}`;
    const created = await world.gql<CreatePayload>(CREATE, { input: { supplierId, lines: [{ sku: fresh.sku, quantity: 40 }], idempotencyKey: `s-${Date.now()}` } }, OPS);
    expect(created.data!.purchaseOrderCreate.userErrors).toEqual([]);
    expect(created.data!.purchaseOrderCreate.purchaseOrder).toMatchObject({ supplier: world.retailer.suppliers.find((s) => s.id === product.supplierId)!.name, lines: [{ sku: fresh.sku, quantity: 40 }] });
    const unknownSupplier = await world.gql<CreatePayload>(CREATE, { input: { supplierId: '99999999', lines: [{ sku: fresh.sku, quantity: 40 }] } }, OPS);
    expect(unknownSupplier.data!.purchaseOrderCreate.userErrors.map((e) => e.code)).toEqual(['INV_UNKNOWN_SUPPLIER']);
  });
});

describe('a dead 3PL', () => {
  let world: World;
  beforeAll(async () => {
    // Short freshness so the test need not wait a minute for values to age.
    world = await startWorld({ STOCK_CACHE_TTL_MS: '300', STOCK_CACHE_SWR_MS: '0' });
  }, 90_000);
  afterAll(async () => world?.close());

  it('still yields its last known stock, stale with its true asOf; names the system only when nothing is known', async () => {
    const carried = world.retailer.variants.filter((v) => [...seededLevels(world.index, v.sku).keys()].some((k) => k.startsWith('3pl-us:')));
    const [known, unknown] = [carried[10]!.sku, carried[20]!.sku];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { sku availability { availableToSell asOf stale byLocation { location { id } available } } pickupAvailability { available } } } }`;
    const staff = { staff: { subject: 'ops', scopes: ['inventory:read'] } };
    const fresh = await world.gql(query, { r: [{ __typename: 'Variant', sku: known }] }, staff);
    expect(fresh.errors).toBeUndefined();
    const before = fresh.data._entities[0].availability;
    expect(before.stale).toBe(false);

    await world.sandbox('shipbob', '/__sandbox/faults', { down: true });
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const res = await world.gql(query, { r: [{ __typename: 'Variant', sku: known }, { __typename: 'Variant', sku: unknown }] }, staff);
    const [a, b] = res.data._entities;
    expect(a.availability).toEqual({ ...before, stale: true });
    expect(Date.parse(a.availability.asOf)).toBeLessThan(downAt);
    // Never seen while it was up: no number to fall back on, so the error names the system; the stores still answer.
    expect(b.availability).toBeNull();
    expect(b.pickupAvailability).toEqual(expect.any(Array));
    expect(res.errors).toEqual([expect.objectContaining({ path: ['_entities', 1, 'availability'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', system: '3pl-us' }) })]);
    await world.sandbox('shipbob', '/__sandbox/faults', { down: false });
  });
});

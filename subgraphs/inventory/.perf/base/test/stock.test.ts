import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockLedger } from '@ucg/stock-ledger';
import { seededLevels, startWorld, sum, waitFor, type World } from './harness.ts';

const STAFF = { staff: { subject: 'ops-1', scopes: ['inventory:read'] } };
const AVAILABILITY = /* GraphQL */ `query Stock($r: [_Any!]!) { _entities(representations: $r) { ... on Variant {
  sku availability { status availableToSell asOf stale byLocation { location { id type } available } }
} } }`;

interface Availability {
  status: string;
  availableToSell: number;
  asOf: string;
  stale: boolean;
  byLocation: { location: { id: string; type: string }; available: number }[];
}

const reps = (skus: string[]) => skus.map((sku) => ({ __typename: 'Variant', sku }));

describe('inventory subgraph over the stand-ins', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 90_000);
  afterAll(async () => world?.close());

  const productWith = (min: number, max = Number.POSITIVE_INFINITY, offset = 0) =>
    world.retailer.products.filter((p) => p.inWebStore && world.index.variantsByProduct.get(p.id)!.length >= min && world.index.variantsByProduct.get(p.id)!.length <= max)[offset]!;
  const skusOf = (productId: string) => world.index.variantsByProduct.get(productId)!.map((v) => v.sku);

  async function availability(skus: string[]): Promise<Map<string, Availability>> {
    const res = await world.gql<{ _entities: { sku: string; availability: Availability }[] }>(AVAILABILITY, { r: reps(skus) }, STAFF);
    expect(res.errors).toBeUndefined();
    return new Map(res.data!._entities.map((e) => [e.sku, e.availability]));
  }

  async function callDeltas<T>(work: () => Promise<T>): Promise<{ result: T; shipbob: number; shopify: number; sap: number }> {
    const before = await Promise.all([world.calls('shipbob'), world.calls('shopify'), world.calls('sap')]);
    const result = await work();
    const after = await Promise.all([world.calls('shipbob'), world.calls('shopify'), world.calls('sap')]);
    if (process.env.DEBUG_CALLS) console.log(JSON.stringify(before[0]!.byEndpoint), JSON.stringify(after[0]!.byEndpoint));
    const [shipbob, shopify, sap] = after.map((a, i) => a.total - before[i]!.total) as [number, number, number];
    return { result, shipbob, shopify, sap };
  }

  it('answers availableToSell as everything the four systems hold, per location, in one legacy call per request', async () => {
    const small = productWith(4, 8);
    const large = productWith(50);
    for (const product of [small, large]) {
      const skus = skusOf(product.id);
      const { result, shipbob, shopify, sap } = await callDeltas(() => availability(skus));
      // Count does not grow with variants: one ShipBob call; store stock was exported at start-up; the ERP is synced, never asked per request.
      expect({ variants: skus.length, shipbob, shopify, sap }).toEqual({ variants: skus.length, shipbob: 1, shopify: 0, sap: 0 });
      for (const sku of skus) {
        const expected = seededLevels(world.index, sku);
        const got = result.get(sku)!;
        expect(new Map(got.byLocation.map((l) => [l.location.id, l.available]))).toEqual(expected);
        expect(got.availableToSell).toBe(sum(expected));
        expect(got.status).toBe(sum(expected) === 0 ? 'OUT_OF_STOCK' : sum(expected) <= 5 ? 'LOW_STOCK' : 'IN_STOCK');
        expect(got.stale).toBe(false);
        expect(Date.parse(got.asOf)).not.toBeNaN();
      }
    }
    // Every system is represented among the large product's locations.
    const systems = new Set([...(await availability(skusOf(large.id))).values()].flatMap((a) => a.byLocation.map((l) => l.location.id.split(':')[0])));
    expect([...systems].sort()).toEqual(['3pl-eu', '3pl-us', 'erp', 'webstore']);
  });

  it('serves repeat reads from the cache and nets out carts\' reservations through the ledger', async () => {
    const product = productWith(4, 8, 1);
    const skus = skusOf(product.id);
    await availability(skus);
    const sku = skus.find((s) => sum(seededLevels(world.index, s)) > 10)!;
    const ledger = new StockLedger(world.store);
    const reserved = await ledger.reserve({ sku, quantity: 3, reservationId: `test-${Date.now()}`, cartId: 'cart-1', expiresAt: Date.now() + 60_000 });
    expect(reserved.ok).toBe(true);
    const { result, shipbob, shopify, sap } = await callDeltas(() => availability(skus));
    expect({ shipbob, shopify, sap }).toEqual({ shipbob: 0, shopify: 0, sap: 0 });
    expect(result.get(sku)!.availableToSell).toBe(sum(seededLevels(world.index, sku)) - 3);
    const at = reserved.ok ? reserved.reservation.allocations[0]! : undefined;
    expect(result.get(sku)!.byLocation.find((l) => l.location.id === at!.locationId)!.available).toBe(seededLevels(world.index, sku).get(at!.locationId)! - at!.quantity);
  });

  it('makes one legacy call for a thousand concurrent misses of one SKU', async () => {
    const product = productWith(1, 3, 5);
    const sku = skusOf(product.id)[0]!;
    const light = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { availability { availableToSell } } } }`;
    const { result, shipbob } = await callDeltas(() => Promise.all(Array.from({ length: 1000 }, () => world.gql(light, { r: reps([sku]) }))));
    expect(result.filter((r) => r.errors).map((r) => r.errors)[0]).toBeUndefined();
    expect(shipbob).toBe(1);
  });

  it('offers pickup at stores holding the item, nearest first, with great-circle distances', async () => {
    const soho = { latitude: 40.7233, longitude: -74.003 };
    const stores = new Map(world.retailer.locations.filter((l) => l.pickup).map((l) => [`webstore:${l.nativeId}`, l]));
    const sku = world.retailer.variants.find((v) => {
      const levels = seededLevels(world.index, v.sku);
      return [...stores.keys()].filter((id) => (levels.get(id) ?? 0) > 0).length >= 4;
    })!.sku;
    const res = await world.gql<{ _entities: { pickupAvailability: { location: { id: string }; distanceKm: number; available: number; readyIn: string }[] }[] }>(
      `query($r: [_Any!]!, $near: GeoPointInput) { _entities(representations: $r) { ... on Variant { pickupAvailability(near: $near, first: 20) { location { id } distanceKm available readyIn } } } }`,
      { r: reps([sku]), near: soho },
    );
    expect(res.errors).toBeUndefined();
    const options = res.data!._entities[0]!.pickupAvailability;
    const levels = seededLevels(world.index, sku);
    const holding = [...stores.keys()].filter((id) => (levels.get(id) ?? 0) > 0);
    expect(options.map((o) => o.location.id).sort()).toEqual(holding.sort());
    const km = (id: string) => {
      const s = stores.get(id)!;
      const r = (d: number) => (d * Math.PI) / 180;
      const h = Math.sin(r(s.latitude - soho.latitude) / 2) ** 2 + Math.cos(r(soho.latitude)) * Math.cos(r(s.latitude)) * Math.sin(r(s.longitude - soho.longitude) / 2) ** 2;
      return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
    };
    for (const o of options) {
      expect(o.distanceKm).toBeCloseTo(km(o.location.id), 2);
      expect(o.available).toBe(levels.get(o.location.id));
      expect(o.readyIn).toBe('PT2H');
    }
    expect(options.map((o) => o.distanceKm)).toEqual([...options.map((o) => o.distanceKm)].sort((a, b) => a - b));
    expect(options[0]!.location.id).toBe(holding.includes('webstore:70001') ? 'webstore:70001' : options[0]!.location.id);

    const bad = await world.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { pickupAvailability(first: -1) { distanceKm } } } }`, { r: reps([sku]) });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const far = await world.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { pickupAvailability(near: { latitude: 123, longitude: 0 }) { distanceKm } } } }`, { r: reps([sku]) });
    expect(far.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says whether a product can be sold from its SKUs (@requires skus)', async () => {
    const sellable = productWith(4, 8, 2);
    const skus = skusOf(sellable.id);
    const res = await world.gql<{ _entities: { availableForSale: boolean }[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { availableForSale } } }`,
      { r: [{ __typename: 'Product', id: `gid://ucg/Product/${sellable.handle}`, skus }, { __typename: 'Product', id: 'gid://ucg/Product/none', skus: [] }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.availableForSale)).toEqual([skus.some((s) => sum(seededLevels(world.index, s)) > 0), false]);
  });

  it('hides byLocation from callers without inventory:read', async () => {
    const res = await world.gql(AVAILABILITY, { r: reps([skusOf(productWith(4, 8).id)[0]!]) });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('takes pushed stock from all three pushing systems within a second, and refuses forged webhooks', async () => {
    const sku = world.retailer.variants.find((v) => {
      const l = seededLevels(world.index, v.sku);
      return l.has('3pl-us:156') && l.has('webstore:70001') && l.has('3pl-eu:VEN1');
    })!.sku;
    await availability([sku]);
    const moves: [system: 'shipbob' | 'shopify' | 'edi', location: string, body: Record<string, unknown>][] = [
      ['shipbob', '3pl-us:156', { sku, location: '156', onHand: 500 }],
      ['shopify', 'webstore:70001', { sku, location: '70001', onHand: 40 }],
      ['edi', '3pl-eu:VEN1', { sku, location: 'VEN1', onHand: 300 }],
    ];
    for (const [system, location, body] of moves) {
      const started = Date.now();
      const moved = await world.sandbox(system, '/__sandbox/stock', body);
      expect(moved.status).toBe(200);
      const expected = moved.body.available ?? moved.body.fulfillable_quantity ?? (moved.body.onHand - moved.body.committed);
      await waitFor(async () => (await availability([sku])).get(sku)!.byLocation.find((l) => l.location.id === location)?.available === expected, 1000, `${system} push`);
      expect(Date.now() - started).toBeLessThan(1000);
    }

    const forged = await fetch(`${world.urls.inventory}/webhooks/webstore`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-topic': 'inventory_levels/update', 'x-shopify-hmac-sha256': 'Zm9yZ2Vk', 'x-shopify-triggered-at': new Date().toISOString() },
      body: JSON.stringify({ inventory_item_id: 1, location_id: 70001, available: 9999, updated_at: new Date().toISOString() }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'WEBHOOK_BAD_SIGNATURE' });
    const unsigned = await fetch(`${world.urls.inventory}/webhooks/3pl-us`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'WEBHOOK_UNSIGNED' });
    const { createHmac } = await import('node:crypto');
    const body = JSON.stringify({ inventory_item_id: 1, location_id: 70001, available: 9999, updated_at: new Date().toISOString() });
    const replayed = await fetch(`${world.urls.inventory}/webhooks/webstore`, {
      method: 'POST',
      headers: { 'x-shopify-topic': 'inventory_levels/update', 'x-shopify-hmac-sha256': createHmac('sha256', 'shpss_ucg_dev').update(body).digest('base64'), 'x-shopify-triggered-at': new Date(Date.now() - 3600_000).toISOString() },
      body,
    });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ code: 'WEBHOOK_STALE' });
  });

  it('lists every location with its type, address and pickup flag', async () => {
    const res = await world.gql<{ locations: { id: string; type: string; pickupEnabled: boolean; address: { city: string; countryCode: string } }[] }>(
      '{ locations { id type pickupEnabled address { city countryCode } } }',
    );
    expect(res.errors).toBeUndefined();
    const expected = world.retailer.locations.map((l) => ({ id: `${l.system}:${l.nativeId}`, type: l.type, pickupEnabled: l.pickup, address: { city: l.address.city, countryCode: l.address.countryCode } }));
    expect(res.data!.locations).toEqual(expect.arrayContaining(expected));
    expect(res.data!.locations).toHaveLength(expected.length);
    const stores = await world.gql<{ locations: { id: string }[] }>('{ locations(type: STORE) { id } }');
    expect(stores.data!.locations.map((l) => l.id).every((id) => id.startsWith('webstore:'))).toBe(true);
  });
});

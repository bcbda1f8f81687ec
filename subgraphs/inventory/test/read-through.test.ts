import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededLevels, startWorld, sum, type World } from './harness.ts';

/**
 * 3PL-US stock read through the cache on a miss: what SKUs the full read has not listed get, and
 * every SKU when the full read is off (`SHIPBOB_STOCK_SYNC_INTERVAL_MS=0`, as here).
 */

const STAFF = { staff: { subject: 'ops', scopes: ['inventory:read'] } };
const reps = (skus: string[]) => skus.map((sku) => ({ __typename: 'Variant', sku }));

describe('3PL stock read through the cache', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ SHIPBOB_STOCK_SYNC_INTERVAL_MS: '0' });
  }, 90_000);
  afterAll(async () => world?.close());

  const productWith = (min: number, max = Number.POSITIVE_INFINITY, offset = 0) =>
    world.retailer.products.filter((p) => p.inWebStore && world.index.variantsByProduct.get(p.id)!.length >= min && world.index.variantsByProduct.get(p.id)!.length <= max)[offset]!;
  const skusOf = (productId: string) => world.index.variantsByProduct.get(productId)!.map((v) => v.sku);
  const shipBobCalls = async () => (await world.calls('shipbob')).total;

  it('costs one 3PL call per request for cold SKUs, however many variants', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { sku availability { availableToSell byLocation { location { id } available } } } } }`;
    for (const product of [productWith(4, 8), productWith(50)]) {
      const skus = skusOf(product.id);
      const before = await Promise.all([shipBobCalls(), world.calls('shopify'), world.calls('sap')]);
      const res = await world.gql<{ _entities: { sku: string; availability: { availableToSell: number; byLocation: { location: { id: string }; available: number }[] } }[] }>(query, { r: reps(skus) }, STAFF);
      const [shipbob, shopify, sap] = [(await shipBobCalls()) - before[0], (await world.calls('shopify')).total - before[1].total, (await world.calls('sap')).total - before[2].total];
      expect(res.errors).toBeUndefined();
      expect({ variants: skus.length, shipbob, shopify, sap }).toEqual({ variants: skus.length, shipbob: 1, shopify: 0, sap: 0 });
      for (const e of res.data!._entities) {
        const expected = seededLevels(world.index, e.sku);
        expect(new Map(e.availability.byLocation.map((l) => [l.location.id, l.available]))).toEqual(expected);
        expect(e.availability.availableToSell).toBe(sum(expected));
      }
    }
  });

  it('makes one legacy call for a thousand concurrent misses of one SKU', async () => {
    const sku = skusOf(productWith(1, 3, 5).id)[0]!;
    const light = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { availability { availableToSell } } } }`;
    const before = await shipBobCalls();
    const results = await Promise.all(Array.from({ length: 1000 }, () => world.gql(light, { r: reps([sku]) })));
    expect(results.filter((r) => r.errors).map((r) => r.errors)[0]).toBeUndefined();
    expect((await shipBobCalls()) - before).toBe(1);
  });
});

describe('a dead 3PL, read through the cache', () => {
  let world: World;
  beforeAll(async () => {
    // Short freshness so the test need not wait minutes for values to age.
    world = await startWorld({ SHIPBOB_STOCK_SYNC_INTERVAL_MS: '0', STOCK_CACHE_TTL_MS: '300', STOCK_CACHE_SWR_MS: '0' });
  }, 90_000);
  afterAll(async () => world?.close());

  it('still yields its last known stock, stale with its true asOf; names the system only when nothing is known', async () => {
    const carried = world.retailer.variants.filter((v) => [...seededLevels(world.index, v.sku).keys()].some((k) => k.startsWith('3pl-us:')));
    const [known, unknown] = [carried[10]!.sku, carried[20]!.sku];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { sku availability { availableToSell asOf stale byLocation { location { id } available } } pickupAvailability { available } } } }`;
    const fresh = await world.gql(query, { r: [{ __typename: 'Variant', sku: known }] }, STAFF);
    expect(fresh.errors).toBeUndefined();
    const before = fresh.data._entities[0].availability;
    expect(before.stale).toBe(false);

    await world.sandbox('shipbob', '/__sandbox/faults', { down: true });
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const res = await world.gql(query, { r: [{ __typename: 'Variant', sku: known }, { __typename: 'Variant', sku: unknown }] }, STAFF);
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

import { generateRetailer } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';

const retailer = generateRetailer();
const seedStock = retailer.stock.filter((s) => s.system === '3pl-us');

describe('ShipBobConnector: inventory and locations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('returns per-centre stock for SKUs exactly as the seed holds it', async () => {
    const skus = [...new Set(seedStock.map((s) => s.sku))].slice(100, 140);
    const records = await h.connector().inventoryLevels(skus);
    const expected = seedStock.filter((s) => skus.includes(s.sku));
    expect(records).toHaveLength(expected.length);
    for (const e of expected) {
      expect(records).toContainEqual(expect.objectContaining({ sku: e.sku, system: '3pl-us', locationNativeId: e.locationNativeId, onHand: e.onHand, committed: e.committed, available: e.onHand - e.committed }));
    }
  });

  it('walks every page of every batch (small pages, many SKUs)', async () => {
    const skus = [...new Set(seedStock.map((s) => s.sku))].slice(0, 60);
    const connector = h.connector({ pageSize: 4 });
    await connector.inventoryLevels(skus.slice(0, 1)); // builds the SKU index
    const before = (await h.calls()).byEndpoint['GET /2026-01/inventory-level/locations'] ?? 0;
    const records = await connector.inventoryLevels(skus);
    const after = (await h.calls()).byEndpoint['GET /2026-01/inventory-level/locations'] ?? 0;
    expect(new Set(records.map((r) => r.sku))).toEqual(new Set(skus));
    expect(records).toHaveLength(seedStock.filter((s) => skus.includes(s.sku)).length);
    // 60 ids → batches of 50 and 10 → pages of 4 items: 13 + 3 calls.
    expect(after - before).toBe(Math.ceil(50 / 4) + Math.ceil(10 / 4));
  });

  it('looks a few SKUs up directly on a cold start, and costs one call per query once its index is read', async () => {
    const skus = [...new Set(seedStock.map((s) => s.sku))].slice(200, 206);
    const cold = h.connector();
    const before = (await h.calls()).byEndpoint;
    expect(await cold.inventoryLevels(skus)).toHaveLength(seedStock.filter((s) => skus.includes(s.sku)).length);
    const searched = ((await h.calls()).byEndpoint['GET /2026-01/inventory-level'] ?? 0) - (before['GET /2026-01/inventory-level'] ?? 0);
    expect(searched).toBeGreaterThanOrEqual(skus.length); // one SearchBy per SKU (plus the index walk starting beside them)
    await cold.inventoryLevels(['NOT-A-SKU']); // an unknown SKU waits for that walk to end

    const warm = h.connector({ prefetchSkuIndex: true });
    await warm.inventoryLevels(skus.slice(0, 1)); // waits for the start-up prefetch
    const total = (await h.calls()).total;
    await warm.inventoryLevels(skus);
    expect((await h.calls()).total - total).toBe(1);
  });

  it('reads every SKU at every centre in one walk of every page, and needs no index walk afterwards', async () => {
    const connector = h.connector();
    const endpoint = (c: { byEndpoint: Record<string, number> }, path: string) => c.byEndpoint[`GET /2026-01/${path}`] ?? 0;
    const before = await h.calls();
    const all = await connector.allInventoryLevels();
    const walked = await h.calls();
    // Every page of 250 items, and nothing else.
    expect(walked.total - before.total).toBe(Math.ceil(all.skus.length / 250));
    expect(endpoint(walked, 'inventory-level/locations') - endpoint(before, 'inventory-level/locations')).toBe(walked.total - before.total);
    expect(all.records).toHaveLength(seedStock.length);
    const byKey = new Map(all.records.map((r) => [`${r.sku}@${r.locationNativeId}`, r]));
    for (const e of seedStock) {
      expect(byKey.get(`${e.sku}@${e.locationNativeId}`)).toEqual({ sku: e.sku, system: '3pl-us', locationNativeId: e.locationNativeId, onHand: e.onHand, committed: e.committed, available: e.onHand - e.committed, asOf: all.asOf });
    }
    // The listing is complete: SKUs held at no centre are listed too (without records).
    const stocked = new Set(seedStock.map((s) => s.sku));
    expect(all.skus).toEqual(expect.arrayContaining([...stocked]));
    const unstocked = retailer.variants.map((v) => v.sku).filter((s) => !stocked.has(s));
    expect(unstocked.length).toBeGreaterThan(0);
    expect(all.skus).toEqual(expect.arrayContaining(unstocked));
    expect(all.records.some((r) => unstocked.includes(r.sku))).toBe(false);

    // The walk taught the SKU index: 40 SKUs, including an unstocked one, cost one call.
    const total = (await h.calls()).total;
    const records = await connector.inventoryLevels([...[...stocked].slice(300, 339), unstocked[0]!]);
    expect((await h.calls()).total - total).toBe(1);
    expect(new Set(records.map((r) => r.sku)).size).toBe(39);
  });

  it('yields nothing for SKUs ShipBob does not hold, and de-duplicates repeated SKUs', async () => {
    const sku = seedStock[0]!.sku;
    const records = await h.connector().inventoryLevels(['NOT-A-SKU', sku, sku]);
    expect(records.every((r) => r.sku === sku)).toBe(true);
    expect(records).toHaveLength(seedStock.filter((s) => s.sku === sku).length);
  });

  it('sees a stock move made at the warehouse (after /__sandbox/stock)', async () => {
    const row = seedStock.find((s) => s.onHand > 0)!;
    const connector = h.connector();
    await h.sandbox('/__sandbox/stock', { sku: row.sku, location: row.locationNativeId, delta: -1 });
    const [record] = (await connector.inventoryLevels([row.sku])).filter((r) => r.locationNativeId === row.locationNativeId);
    expect(record!.onHand).toBe(row.onHand - 1);
  });

  it('lists the four accessible fulfilment centres as canonical locations', async () => {
    const locations = await h.connector().locations();
    const centres = retailer.locations.filter((l) => l.system === '3pl-us');
    expect(locations.map((l) => l.nativeId).sort()).toEqual(centres.map((c) => c.nativeId).sort());
    for (const c of centres) {
      expect(locations).toContainEqual({
        system: '3pl-us', nativeId: c.nativeId, name: c.name, type: 'FULFILLMENT_CENTER', active: true, timezone: c.timezone,
        address: { line1: c.address.line1, line2: null, city: c.address.city, province: c.address.province, postalCode: c.address.postalCode, countryCode: c.address.countryCode },
      });
    }
  });

  it('reads stock movements from ShipBob’s inventory history (its own change feed)', async () => {
    const row = seedStock.find((s) => s.locationNativeId === '167')!;
    const since = new Date(Date.now() - 1000).toISOString();
    await h.sandbox('/__sandbox/stock', { sku: row.sku, location: '167', delta: 5 });
    const moves = await h.connector().inventoryMovements('167', since);
    expect(moves).toContainEqual(expect.objectContaining({ sku: row.sku, locationNativeId: '167', quantityChange: 5, category: 'Adjustment Increase' }));
  });
});

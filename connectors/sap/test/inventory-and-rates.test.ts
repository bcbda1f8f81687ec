import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_NOW, startErp, type ErpFixture } from './harness.ts';

let erp: ErpFixture;

beforeAll(async () => {
  erp = await startErp();
});
afterAll(() => erp.close());

describe('SapConnector stock, reorder points and rates', () => {
  it('plantStock reports the plant stock the seed gives the ERP, and sees a stock movement', async () => {
    const seedRows = erp.standIn.retailer.stock.filter((s) => s.system === 'erp');
    const carried = seedRows.slice(0, 30);
    const notCarried = erp.standIn.retailer.variants.find((v) => !seedRows.some((s) => s.sku === v.sku))!;
    const connector = erp.connector();
    const stock = await connector.plantStock([...carried.map((s) => s.sku), notCarried.sku]);
    expect(stock.map((s) => [s.sku, s.onHand, s.available, s.committed, s.locationNativeId, s.system]).sort()).toEqual(
      carried.map((s) => [s.sku, s.onHand, s.onHand, 0, '1000', 'erp']).sort(),
    );
    expect(stock[0]!.asOf).toBe(SEED_NOW.toISOString());
    await erp.sandbox('stock', { sku: carried[0]!.sku, location: '1000', delta: -1 });
    const [after] = await connector.plantStock([carried[0]!.sku]);
    expect(after!.onHand).toBe(carried[0]!.onHand - 1);
  });

  it('reorderPoints reads the reorder-point planning data of the plant', async () => {
    const policies = erp.standIn.retailer.reorderPolicies.slice(0, 5);
    const points = await erp.connector().reorderPoints(policies.map((p) => p.sku));
    expect(points.map((p) => [p.sku, p.reorderPoint, p.lotSize, p.locationNativeId]).sort()).toEqual(policies.map((p) => [p.sku, p.reorderPoint, p.lotSize, '1000']).sort());
    expect(points.every((p) => (p.leadTimeDays ?? 0) > 0)).toBe(true);
  });

  it('exchangeRates divides out SAP ratio factors: the same decimal strings the retailer uses', async () => {
    const rates = await erp.connector().exchangeRates();
    const seed = erp.standIn.retailer.exchangeRates;
    expect(rates).toHaveLength(seed.length);
    for (const r of seed) {
      const got = rates.find((x) => x.from === r.from && x.to === r.to)!;
      expect(Number(got.rate)).toBe(Number(r.rate));
      expect(got.rate).toMatch(/^\d+(\.\d+)?$/);
      expect(got.validFrom).toBe(r.validFrom);
    }
  });
});

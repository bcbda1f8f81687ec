import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('exportInventoryLevels', () => {
  it('returns every level of every SKU, as inventoryLevels reads them, through one bulk operation', async () => {
    const { connector } = await harness();
    const exported = await connector.exportInventoryLevels();
    const skus = [...new Set(exported.map((r) => r.sku))];
    expect(skus.length).toBeGreaterThan(10);
    const sample = skus.slice(0, 10);
    const byKey = (records: typeof exported) => new Map(records.map((r) => [`${r.sku}@${r.locationNativeId}`, r]));
    expect(byKey(exported.filter((r) => sample.includes(r.sku)))).toEqual(byKey(await connector.inventoryLevels(sample)));
    // Stock of the last SKUs too (the export walks every page, not just the first).
    const tail = skus.slice(-5);
    expect(byKey(exported.filter((r) => tail.includes(r.sku)))).toEqual(byKey(await connector.inventoryLevels(tail)));
  });
});

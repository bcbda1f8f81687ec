import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('locations and stock', () => {
  it('lists the retail stores with address, coordinates and pickup', async () => {
    const { standIn, connector } = await harness();
    const locations = await connector.locations();
    const seeded = standIn.retailer.locations.filter((l) => l.system === 'webstore');
    expect(locations.map((l) => l.nativeId).sort()).toEqual(seeded.map((l) => l.nativeId).sort());
    const soho = locations.find((l) => l.nativeId === '70001')!;
    expect(soho).toMatchObject({
      system: 'webstore', name: 'SoHo Flagship', type: 'STORE', active: true, pickupEnabled: true, fulfillsOnlineOrders: true,
      latitude: 40.7247, longitude: -73.9986,
      address: { line1: '112 Prince St', city: 'New York', province: 'NY', postalCode: '10012', countryCode: 'US' },
    });
  });

  it('reports available, on hand and committed per SKU and location', async () => {
    const { standIn, connector } = await harness();
    const levels = [...standIn.state.levels.values()];
    const skus = [...new Set(levels.filter((l) => l.committed > 0).map((l) => l.sku))].slice(0, 8);
    const records = await connector.inventoryLevels(skus);
    const expected = levels.filter((l) => skus.includes(l.sku));
    expect(records).toHaveLength(expected.length);
    for (const level of expected) {
      expect(records).toContainEqual(expect.objectContaining({
        sku: level.sku, system: 'webstore', locationNativeId: level.locationId,
        onHand: level.onHand, committed: level.committed, available: level.onHand - level.committed,
      }));
    }
  });

  it('sees stock moved at a till', async () => {
    const { standIn, connector, url } = await harness();
    const level = [...standIn.state.levels.values()][0]!;
    const res = await fetch(`${url}/__sandbox/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: level.sku, location: level.locationId, delta: 4 }) });
    expect(res.status).toBe(200);
    const [record] = (await connector.inventoryLevels([level.sku])).filter((r) => r.locationNativeId === level.locationId);
    expect(record!.onHand).toBe(level.onHand + 4);
  });
});

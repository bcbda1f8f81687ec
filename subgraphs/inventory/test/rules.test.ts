import { describe, expect, it } from 'vitest';
import type { GraphLocation } from '../src/locations/directory.ts';
import { parseLocationId, locationId } from '../src/locations/ids.ts';
import { SourceHealth } from '../src/stock/health.ts';
import { suggestedOrderQuantity } from '../src/stock/low-stock.ts';
import { distanceKm, pickupOptions } from '../src/stock/pickup.ts';
import type { SkuStock } from '../src/stock/stock-reader.ts';

const store = (id: string, latitude: number | null, longitude: number | null, pickupEnabled = true): GraphLocation => ({
  id, system: 'webstore', nativeId: id.split(':')[1]!, name: id, type: 'STORE', address: { line1: '1 Main St', line2: null, city: 'Town', province: null, postalCode: null, countryCode: 'US' }, latitude, longitude, pickupEnabled, sellable: true,
});

const stockAt = (levels: [GraphLocation, number][]): SkuStock => ({
  sku: 'S', availableToSell: 0, asOf: new Date().toISOString(), stale: false, errors: new Map(),
  levels: levels.map(([location, available]) => ({ location, available, held: available, asOf: null })),
});

describe('pickup', () => {
  it('measures great-circle distance', () => {
    // New York (JFK) to London (LHR) is about 5 540 km along the great circle.
    expect(distanceKm({ latitude: 40.6413, longitude: -73.7781 }, { latitude: 51.47, longitude: -0.4543 })).toBeGreaterThan(5530);
    expect(distanceKm({ latitude: 40.6413, longitude: -73.7781 }, { latitude: 51.47, longitude: -0.4543 })).toBeLessThan(5560);
    expect(distanceKm({ latitude: 10, longitude: 10 }, { latitude: 10, longitude: 10 })).toBe(0);
  });

  it('lists only pickup stores with units, nearest first, stores without coordinates last', () => {
    const soho = { latitude: 40.7247, longitude: -73.9986 };
    const stock = stockAt([
      [store('webstore:3', 42.3484, -71.0862), 4],
      [store('webstore:1', 40.7247, -73.9986), 2],
      [store('webstore:2', 40.7183, -73.9573), 0],
      [store('webstore:4', null, null), 9],
      [store('webstore:5', 40.72, -74.0, false), 9],
      [{ ...store('3pl-us:156', 41.8, -87.7), type: 'FULFILLMENT_CENTER', pickupEnabled: false }, 50],
    ]);
    const near = pickupOptions(stock, soho, 10, 'PT2H');
    expect(near.map((o) => o.location.id)).toEqual(['webstore:1', 'webstore:3', 'webstore:4']);
    expect(near.map((o) => o.distanceKm)).toEqual([0, distanceKm(soho, { latitude: 42.3484, longitude: -71.0862 }), null]);
    expect(near.every((o) => o.readyIn === 'PT2H')).toBe(true);
    expect(pickupOptions(stock, soho, 1, 'PT2H')).toHaveLength(1);
    // Without a point: most units first, no distances.
    expect(pickupOptions(stock, null, 10, 'PT2H').map((o) => [o.location.id, o.distanceKm])).toEqual([['webstore:4', null], ['webstore:3', null], ['webstore:1', null]]);
  });
});

describe('suggested order quantity', () => {
  it('orders the fewest whole ERP lots that lift stock above the reorder point', () => {
    expect(suggestedOrderQuantity({ reorderPoint: 20, lotSize: 60 }, 20)).toBe(60);
    expect(suggestedOrderQuantity({ reorderPoint: 20, lotSize: 60 }, 0)).toBe(60);
    expect(suggestedOrderQuantity({ reorderPoint: 40, lotSize: 15 }, 0)).toBe(45);
  });

  it('without a lot size, refills to twice the reorder point', () => {
    expect(suggestedOrderQuantity({ reorderPoint: 20, lotSize: null }, 5)).toBe(35);
    expect(suggestedOrderQuantity({ reorderPoint: 0, lotSize: null }, 0)).toBe(1);
  });
});

describe('location ids and source health', () => {
  it('round-trips `<system>:<native id>` and rejects other ids', () => {
    expect(parseLocationId(locationId('3pl-eu', 'VEN1'))).toEqual({ system: '3pl-eu', nativeId: 'VEN1' });
    expect(parseLocationId('webstore:70001')).toEqual({ system: 'webstore', nativeId: '70001' });
    expect(parseLocationId('mars:1')).toBeNull();
    expect(parseLocationId('erp:')).toBeNull();
  });

  it('reports a source failing after a failed attempt, and a pushing source that went silent', () => {
    let now = 1000;
    const health = new SourceHealth(() => now);
    health.ok('3pl-us');
    expect(health.failing('3pl-us')).toBe(false);
    now += 10;
    health.failed('3pl-us', new Error('down'));
    expect(health.failing('3pl-us')).toBe(true);
    now += 10;
    health.ok('3pl-us');
    expect(health.failing('3pl-us')).toBe(false);
    health.expectEvery('3pl-eu', 500);
    health.ok('3pl-eu');
    now += 499;
    expect(health.failing('3pl-eu')).toBe(false);
    now += 2;
    expect(health.failing('3pl-eu')).toBe(true);
  });
});

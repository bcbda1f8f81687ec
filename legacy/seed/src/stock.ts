import type { Random } from './random.ts';
import type { Location, ReorderPolicy, StockLevel, Variant } from './types.ts';

interface Profile {
  /** Share of SKUs this kind of location carries. */
  carries: number;
  max: number;
  /** Share of carried SKUs that are sold out. */
  soldOut: number;
}

const profiles: Record<Location['system'], Profile> = {
  webstore: { carries: 0.4, max: 12, soldOut: 0.12 },
  '3pl-us': { carries: 0.8, max: 220, soldOut: 0.06 },
  '3pl-eu': { carries: 0.7, max: 160, soldOut: 0.08 },
  erp: { carries: 0.5, max: 400, soldOut: 0.05 },
};

export function generateStock(random: Random, variants: Variant[], locations: Location[]): StockLevel[] {
  const stock: StockLevel[] = [];
  for (const location of locations) {
    const profile = profiles[location.system];
    for (const variant of variants) {
      if (!random.chance(profile.carries)) continue;
      const soldOut = random.chance(profile.soldOut);
      // Skewed toward low quantities, as real shelves are.
      const onHand = soldOut ? 0 : Math.max(1, Math.floor(profile.max * random.next() ** 2));
      const committed = onHand > 0 && location.system !== 'erp' ? Math.min(onHand, random.int(0, Math.ceil(onHand * 0.15))) : 0;
      stock.push({ sku: variant.sku, system: location.system, locationNativeId: location.nativeId, onHand, committed });
    }
  }
  return stock;
}

export function generateReorderPolicies(random: Random, variants: Variant[]): ReorderPolicy[] {
  return variants.map((v) => {
    const reorderPoint = random.int(2, 8) * 5;
    return { sku: v.sku, reorderPoint, lotSize: reorderPoint * random.int(3, 6) };
  });
}

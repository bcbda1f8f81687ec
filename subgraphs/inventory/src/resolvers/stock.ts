import { hasScope } from '@ucg/request-context';
import { badUserInput, forbidden } from '@ucg/subgraph-kit';
import type { LocationLevel, SkuStock } from '../stock/stock-reader.ts';
import { pickupOptions, type GeoPoint } from '../stock/pickup.ts';
import type { InventoryContext } from './context.ts';

const MAX_PICKUP = 20;

interface AvailabilityParent {
  status: 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';
  availableToSell: number;
  asOf: string;
  stale: boolean;
  levels: LocationLevel[];
}

/** A system that is down and never told us about this SKU: its error (naming the system) is the answer. */
function throwUnknown(stock: SkuStock, only?: string): void {
  for (const [system, error] of stock.errors) if (!only || system === only) throw error;
}

function validPoint(near: GeoPoint | null | undefined): GeoPoint | null {
  if (!near) return null;
  const { latitude, longitude } = near;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) throw badUserInput('`near.latitude` must be between -90 and 90', 'near');
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) throw badUserInput('`near.longitude` must be between -180 and 180', 'near');
  return { latitude, longitude };
}

export const stockResolvers = {
  Variant: {
    __resolveReference: (ref: { sku: string }) => ({ sku: ref.sku }),
    availability: async (v: { sku: string }, _: unknown, ctx: InventoryContext): Promise<AvailabilityParent> => {
      const stock = await ctx.loaders.stock.load(v.sku);
      throwUnknown(stock);
      const n = stock.availableToSell;
      const status = n <= 0 ? 'OUT_OF_STOCK' : n <= ctx.runtime.config.LOW_STOCK_THRESHOLD ? 'LOW_STOCK' : 'IN_STOCK';
      return { status, availableToSell: n, asOf: stock.asOf, stale: stock.stale, levels: stock.levels };
    },
    pickupAvailability: async (v: { sku: string }, args: { near?: GeoPoint | null; first?: number | null }, ctx: InventoryContext) => {
      const first = args.first ?? 3;
      if (!Number.isInteger(first) || first < 0) throw badUserInput('`first` must be zero or a positive integer', 'first');
      if (first > MAX_PICKUP) throw badUserInput(`\`first\` may be at most ${MAX_PICKUP}`, 'first');
      const near = validPoint(args.near);
      const stock = await ctx.loaders.stock.load(v.sku);
      // Store stock is the web store's; other systems being down does not matter here.
      throwUnknown(stock, 'webstore');
      return pickupOptions(stock, near, first, ctx.runtime.config.PICKUP_READY_IN);
    },
  },
  Availability: {
    byLocation: (a: AvailabilityParent, _: unknown, ctx: InventoryContext) => {
      // The gateway enforces the scope; a subgraph reached directly still refuses.
      if (!hasScope(ctx.request, 'inventory:read')) throw forbidden('byLocation needs the inventory:read scope');
      // Each level has the LocationStock fields (location, available): no copy per location.
      return a.levels;
    },
  },
  Product: {
    __resolveReference: (ref: { id: string; skus?: string[] }) => ref,
    availableForSale: async (p: { skus?: string[] | null }, _: unknown, ctx: InventoryContext) => {
      const skus = p.skus ?? [];
      if (skus.length === 0) return false;
      const stocks = await ctx.loaders.stock.loadMany(skus);
      // What is known decides: a down system without any last known value cannot make it true.
      return stocks.some((s) => !(s instanceof Error) && s.availableToSell > 0);
    },
  },
};

import type { GraphLocation } from '../locations/directory.ts';
import type { InventoryContext } from './context.ts';

export const locationResolvers = {
  Query: {
    locations: async (_: unknown, args: { type?: GraphLocation['type'] | null }, ctx: InventoryContext) => {
      const { all } = await ctx.runtime.directory.get();
      return all.filter((l) => !args.type || l.type === args.type).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
  },
  Location: {
    __resolveReference: async (ref: { id: string }, ctx: InventoryContext) => (await ctx.runtime.directory.get()).byId.get(ref.id) ?? null,
    address: (l: GraphLocation) => {
      const a = l.address;
      return { address1: a.line1, city: a.city, province: a.province, zip: a.postalCode, countryCode: a.countryCode };
    },
    coordinates: (l: GraphLocation) => (l.latitude !== null && l.longitude !== null ? { latitude: l.latitude, longitude: l.longitude } : null),
  },
};

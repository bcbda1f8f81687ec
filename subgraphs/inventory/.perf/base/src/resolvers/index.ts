import { locationResolvers } from './locations.ts';
import { operationResolvers } from './operations.ts';
import { stockResolvers } from './stock.ts';

export type { InventoryContext } from './context.ts';

export const resolvers = {
  ...stockResolvers,
  Location: locationResolvers.Location,
  Query: { ...locationResolvers.Query, ...operationResolvers.Query },
  Mutation: operationResolvers.Mutation,
};

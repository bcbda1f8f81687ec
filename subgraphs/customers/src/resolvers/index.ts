import { customerResolvers } from './customer.ts';
import { JSONScalar } from './json-scalar.ts';
import { privacyResolvers } from './privacy.ts';

export type { CustomersContext } from '../context.ts';

export const resolvers = {
  JSON: JSONScalar,
  Query: { ...customerResolvers.Query, ...privacyResolvers.Query },
  Mutation: privacyResolvers.Mutation,
  Customer: customerResolvers.Customer,
  Loyalty: customerResolvers.Loyalty,
  Company: customerResolvers.Company,
  SystemRecordCount: privacyResolvers.SystemRecordCount,
};

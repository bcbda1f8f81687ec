import type { SubgraphContext } from '@ucg/subgraph-kit';
import type { CustomerSystems } from './connectors.ts';
import type { CustomerLoaders } from './loaders/index.ts';
import type { PrivacyService } from './privacy/service.ts';

/** What every resolver of this subgraph sees. */
export interface CustomersContext extends SubgraphContext {
  loaders: CustomerLoaders;
  systems: CustomerSystems;
  privacy: PrivacyService;
  /** USD value of one loyalty point. */
  pointValueUsd: string;
}

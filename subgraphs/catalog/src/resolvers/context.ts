import type { Logger } from '@ucg/service-kit';
import type { SubgraphContext } from '@ucg/subgraph-kit';
import type { CatalogLoaders } from '../loaders/index.ts';
import type { CatalogIndex } from '../search/catalog-index.ts';
import type { ProductSearch } from '../search/product-search.ts';

/** What resolvers use of the catalogue process. */
export interface CatalogServices {
  index: CatalogIndex;
  search: ProductSearch;
  /** 1 USD in `currency` at the ERP's rate (cached); null when it cannot be had (logged). */
  rateFromUsd(currency: string, logger: Logger): Promise<string | null>;
}

export interface CatalogContext extends SubgraphContext {
  catalog: CatalogServices;
  loaders: CatalogLoaders;
}

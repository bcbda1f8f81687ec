import type { SubgraphContext } from '@ucg/subgraph-kit';
import type { InventoryLoaders } from '../loaders/index.ts';
import type { InventoryRuntime } from '../runtime.ts';

export interface InventoryContext extends SubgraphContext {
  runtime: InventoryRuntime;
  loaders: InventoryLoaders;
}

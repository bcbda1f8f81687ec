import DataLoader from 'dataloader';
import type { SkuStock, StockReader } from '../stock/stock-reader.ts';

/** Per-request loaders: every SKU the operation touches is read in one batch (one call per pulled system at most). */
export function createLoaders(reader: StockReader) {
  return {
    stock: new DataLoader<string, SkuStock>(
      async (skus) => {
        const bySku = await reader.read(skus);
        return skus.map((s) => bySku.get(s)!);
      },
      { maxBatchSize: 2000 },
    ),
  };
}

export type InventoryLoaders = ReturnType<typeof createLoaders>;

import type { StockRecord } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { mapPlantStock, type SapStockRow } from './map/stock.ts';
import { anyOf, chunk, odataString } from './odata.ts';

/**
 * Plant stock of SKUs (A_MatlStkInAcctMod), summed over storage locations. SKUs the plant does
 * not carry have no record. The ERP pushes no stock notifications: callers poll.
 */
export async function plantStock(ctx: SapContext, skus: readonly string[]): Promise<StockRecord[]> {
  const unique = [...new Set(skus)];
  const asOf = ctx.now().toISOString();
  const reads = chunk(unique, ctx.config.keysPerRequest).map((part) => ({
    path: 'A_MatlStkInAcctMod',
    query: { $filter: `${anyOf('Material', part)} and Plant eq ${odataString(ctx.config.plant)}` },
  }));
  return mapPlantStock((await ctx.client.readMany<SapStockRow>('API_MATERIAL_STOCK_SRV', reads)).flat(), asOf);
}

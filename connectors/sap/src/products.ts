import type { MaterialRecord, ReorderPointRecord } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { mapMaterial, type SapProduct } from './map/material.ts';
import { mapReorderPoint, type SapSupplyPlanning } from './map/stock.ts';
import { anyOf, chunk, odataString } from './odata.ts';

const SERVICE = 'API_PRODUCT_SRV';

/** Materials (variant articles) for SKUs, with their descriptions in every language. */
export async function products(ctx: SapContext, skus: readonly string[]): Promise<MaterialRecord[]> {
  const unique = [...new Set(skus)];
  const reads = chunk(unique, ctx.config.keysPerRequest).map((part) => ({ path: 'A_Product', query: { $filter: anyOf('Product', part), $expand: 'to_Description' } }));
  return (await ctx.client.readMany<SapProduct>(SERVICE, reads)).flat().map(mapMaterial);
}

/** The whole material master (generic and variant articles), every page of it. */
export async function listProducts(ctx: SapContext): Promise<MaterialRecord[]> {
  return (await ctx.client.list<SapProduct>(SERVICE, 'A_Product', { $expand: 'to_Description' })).map(mapMaterial);
}

/** Reorder points (reorder-point planning, MRP type VB) of SKUs at the connector's plant. */
export async function reorderPoints(ctx: SapContext, skus: readonly string[]): Promise<ReorderPointRecord[]> {
  const unique = [...new Set(skus)];
  const reads = chunk(unique, ctx.config.keysPerRequest).map((part) => ({
    path: 'A_ProductSupplyPlanning',
    query: { $filter: `${anyOf('Product', part)} and Plant eq ${odataString(ctx.config.plant)}` },
  }));
  return (await ctx.client.readMany<SapSupplyPlanning>(SERVICE, reads)).flat().map(mapReorderPoint);
}

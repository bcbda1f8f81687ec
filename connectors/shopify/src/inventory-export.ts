import type { StockRecord } from '@ucg/connector-core';
import { childrenByParent, runBulkQuery } from './bulk.ts';
import type { ShopifyClient } from './client.ts';
import { mapLevel, type ShopifyInventoryLevel } from './map/location.ts';

/** The fields `inventory.ts` reads per level, as a bulk query over every inventory item. */
const EXPORT_QUERY = /* GraphQL */ `{ inventoryItems { edges { node {
  id sku
  inventoryLevels { edges { node { id location { id } updatedAt quantities(names: ["available", "on_hand", "committed"]) { name quantity updatedAt } } } }
} } } }`;

/**
 * Stock of every SKU at every location, through one bulk operation. Per-SKU reads of 50 variants
 * at 10 stores exceed the single-query cost limit several times over; a consumer that keeps a copy
 * of the shop's stock (kept current by `inventory_levels/update` webhooks) seeds it with this.
 */
export async function exportInventoryLevels(client: ShopifyClient): Promise<StockRecord[]> {
  const lines = await runBulkQuery(client, EXPORT_QUERY);
  const levels = childrenByParent(lines);
  return lines.flatMap((item) => {
    if (item.__parentId !== undefined || typeof item.sku !== 'string' || !item.sku) return [];
    return (levels.get(item.id ?? '') ?? []).map((level) => mapLevel(item.sku as string, level as unknown as ShopifyInventoryLevel));
  });
}

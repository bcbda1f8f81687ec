import type { LocationRecord, StockRecord } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { PageSizer, chunk, fetchPages, searchValue, type Page } from './cost-planning.ts';
import { mapLevel, mapLocation, type ShopifyInventoryLevel, type ShopifyLocation } from './map/location.ts';

const LEVEL_FIELDS = 'location { id } updatedAt quantities(names: ["available", "on_hand", "committed"]) { name quantity updatedAt }';
const LEVELS_PER_ITEM = 25;

/** Every location of the shop (its retail stores), walking all pages. */
export async function locations(client: ShopifyClient): Promise<LocationRecord[]> {
  const page = await fetchPages<ShopifyLocation>(async (first, after) => {
    const data = await client.request<{ locations: Page<ShopifyLocation> }>(
      `query Locations($first: Int!, $after: String) { locations(first: $first, after: $after, includeInactive: false) { nodes {
        id legacyResourceId name isActive fulfillsOnlineOrders isFulfillmentService
        address { address1 address2 city provinceCode zip countryCode latitude longitude }
        localPickupSettingsV2 { pickupTime }
      } pageInfo { hasNextPage endCursor } } }`,
      { first, after },
    );
    return data.locations;
  }, new PageSizer(50));
  return page.nodes.map(mapLocation);
}

interface VariantLevels {
  sku: string | null;
  inventoryItem: { id: string; inventoryLevels: Page<ShopifyInventoryLevel> };
}

/**
 * Stock of the given SKUs at every location (available, on hand, committed), found through
 * `productVariants(query: "sku:…")` and each variant's inventory item.
 */
export async function inventoryLevels(client: ShopifyClient, skus: readonly string[], sizer: PageSizer): Promise<StockRecord[]> {
  const records: StockRecord[] = [];
  for (const batch of chunk([...new Set(skus)], 50)) {
    const page = await fetchPages<VariantLevels>(async (first, after) => {
      const data = await client.request<{ productVariants: Page<VariantLevels> }>(
        `query StockBySku($first: Int!, $after: String, $query: String!) { productVariants(first: $first, after: $after, query: $query) { nodes {
          sku inventoryItem { id inventoryLevels(first: ${LEVELS_PER_ITEM}) { nodes { ${LEVEL_FIELDS} } pageInfo { hasNextPage endCursor } } }
        } pageInfo { hasNextPage endCursor } } }`,
        { first, after, query: batch.map((s) => `sku:${searchValue(s)}`).join(' OR ') },
      );
      return data.productVariants;
    }, sizer);
    for (const variant of page.nodes) {
      if (!variant.sku || !batch.includes(variant.sku)) continue;
      const levels = [...variant.inventoryItem.inventoryLevels.nodes];
      if (variant.inventoryItem.inventoryLevels.pageInfo.hasNextPage) {
        levels.push(...(await moreLevels(client, variant.inventoryItem.id, variant.inventoryItem.inventoryLevels.pageInfo.endCursor)));
      }
      records.push(...levels.map((l) => mapLevel(variant.sku!, l)));
    }
  }
  return records;
}

async function moreLevels(client: ShopifyClient, inventoryItemId: string, after: string | null): Promise<ShopifyInventoryLevel[]> {
  const page = await fetchPages<ShopifyInventoryLevel>(async (first, cursor) => {
    const data = await client.request<{ inventoryItem: { inventoryLevels: Page<ShopifyInventoryLevel> } }>(
      `query MoreLevels($id: ID!, $first: Int!, $after: String) { inventoryItem(id: $id) { inventoryLevels(first: $first, after: $after) { nodes { ${LEVEL_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
      { id: inventoryItemId, first, after: cursor },
    );
    return data.inventoryItem.inventoryLevels;
  }, new PageSizer(100), Number.POSITIVE_INFINITY, after);
  return page.nodes;
}

/** The SKUs of inventory items (webhooks name items, not SKUs), by numeric or global id. */
export async function skusForInventoryItems(client: ShopifyClient, itemIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const batch of chunk([...new Set(itemIds)], 100)) {
    const ids = batch.map((id) => (id.startsWith('gid://') ? id : `gid://shopify/InventoryItem/${id}`));
    const data = await client.request<{ nodes: ({ id: string; sku: string | null } | null)[] }>(
      'query ItemSkus($ids: [ID!]!) { nodes(ids: $ids) { ... on InventoryItem { id sku } } }',
      { ids },
    );
    data.nodes.forEach((node, i) => { if (node?.sku) out.set(batch[i]!, node.sku); });
  }
  return out;
}

import type { StockRecord } from '@ucg/connector-core';
import type { ShipBobClient } from './client.ts';
import { mapInventoryByLocation } from './map/inventory.ts';
import type { InventoryByLocation, InventoryQuantity } from './wire.ts';

/** Ids per `InventoryIds` filter: keeps the query string well under URL limits. */
const IDS_PER_CALL = 50;
/** A SKU the index did not know may be new; re-read the catalogue for it at most this often. */
const MISS_REFRESH_MS = 60_000;
/** Up to this many unknown SKUs are looked up one by one (`SearchBy`) rather than waiting for the whole index. */
const SEARCH_AT_MOST = 8;

/**
 * ShipBob filters inventory by its own inventory ids, and `SearchBy` is a fuzzy search for one
 * term; so the connector keeps a SKU → inventory id index, read by walking every page of
 * `GET /inventory-level` and refreshed when it ages or a SKU is missing from it. While that walk
 * (dozens of pages for a large catalogue) is under way, a handful of unknown SKUs are looked up
 * directly so the first query does not wait for the whole catalogue.
 */
export class SkuIndex {
  private ids = new Map<string, number>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading?: Promise<void>;

  constructor(
    private readonly client: ShipBobClient,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads the whole index now (the connector does this once at start-up unless told not to). */
  warm(): Promise<void> {
    return this.refresh();
  }

  /** Takes a complete listing read elsewhere (a full stock read walks the same items) as the index. */
  learn(items: readonly { inventory_id: number; sku?: string | null }[]): void {
    this.ids = new Map(items.filter((i) => i.sku).map((i) => [i.sku!, i.inventory_id]));
    this.loadedAt = this.clock();
  }

  private refresh(): Promise<void> {
    this.loading ??= this.client
      .cursorPages<InventoryQuantity>('inventory-level', { PageSize: 250 })
      .then((items) => this.learn(items))
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** One SKU by ShipBob's search (partial match on SKU or name), keeping only the exact SKU. */
  private async search(sku: string): Promise<void> {
    const found = await this.client.cursorPages<InventoryQuantity>('inventory-level', { SearchBy: sku, PageSize: 50 });
    const item = found.find((i) => i.sku === sku);
    if (item) this.ids.set(sku, item.inventory_id);
  }

  async idsFor(skus: readonly string[]): Promise<Map<string, number>> {
    // A walk already under way (the start-up prefetch) answers more cheaply than searching beside it.
    if (this.loading && skus.some((s) => !this.ids.has(s))) await this.loading.catch(() => undefined);
    const age = this.clock() - this.loadedAt;
    const missing = skus.filter((s) => !this.ids.has(s));
    const stale = age > this.client.config.skuIndexTtlMs;
    if (stale && missing.length === 0) {
      // Inventory ids never change; an old index is still right for the SKUs it knows.
      this.refresh().catch(() => undefined);
    } else if (stale || (missing.length > 0 && age > MISS_REFRESH_MS)) {
      if (missing.length <= SEARCH_AT_MOST) {
        // The walk continues in the background; its failure surfaces on a later call, not here.
        this.refresh().catch(() => undefined);
        await Promise.all(missing.map((s) => this.search(s)));
      } else await this.refresh();
    }
    return new Map(skus.flatMap((s) => (this.ids.has(s) ? [[s, this.ids.get(s)!] as const] : [])));
  }
}

/** Stock per fulfilment centre for the given SKUs: batched by inventory id, every page walked. */
export async function inventoryLevels(client: ShipBobClient, index: SkuIndex, skus: readonly string[]): Promise<StockRecord[]> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return [];
  const ids = [...(await index.idsFor(unique)).values()];
  const asOf = new Date().toISOString();
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) batches.push(ids.slice(i, i + IDS_PER_CALL));
  const pages = await Promise.all(
    batches.map((batch) => client.cursorPages<InventoryByLocation>('inventory-level/locations', { InventoryIds: batch, PageSize: client.config.pageSize })),
  );
  return pages.flat().flatMap((item) => mapInventoryByLocation(item, asOf));
}

/** Every item ShipBob holds, read in one walk. */
export interface InventorySnapshot {
  /** Every SKU listed, those held at no centre included (they have no records): the listing is complete. */
  skus: string[];
  /** Stock per SKU × fulfilment centre. */
  records: StockRecord[];
  /** When the walk began: every record was true at least then. */
  asOf: string;
}

/**
 * Stock of every SKU at every centre: every page of `GET /inventory-level/locations` (the account's
 * whole catalogue, 250 items a call). The walk lists every item with its inventory id, so it also
 * serves as the SKU index: queries for these SKUs afterwards need no index walk of their own.
 */
export async function allInventoryLevels(client: ShipBobClient, index: SkuIndex): Promise<InventorySnapshot> {
  const asOf = new Date().toISOString();
  const items = await client.cursorPages<InventoryByLocation>('inventory-level/locations', { PageSize: client.config.pageSize });
  index.learn(items);
  const skus = [...new Set(items.flatMap((i) => (i.sku ? [i.sku] : [])))];
  return { skus, records: items.flatMap((item) => mapInventoryByLocation(item, asOf)), asOf };
}

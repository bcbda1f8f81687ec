import type { ReorderPointRecord } from '@ucg/connector-core';
import type { StockLedger } from '@ucg/stock-ledger';
import type { ErpMasterData } from '../erp/master-data.ts';
import type { GraphLocation, LocationDirectory } from '../locations/directory.ts';
import type { LedgerWriter } from './ledger-writer.ts';

export interface LowStockRow {
  sku: string;
  location: GraphLocation;
  available: number;
  reorderPoint: number;
  suggestedOrderQuantity: number;
}

/**
 * How much to order when `available` has fallen to the reorder point. With an ERP fixed lot size:
 * the fewest whole lots (at least one) that lift the location above its reorder point. Without one:
 * enough to bring it back to twice the reorder point.
 */
export function suggestedOrderQuantity(point: Pick<ReorderPointRecord, 'reorderPoint' | 'lotSize'>, available: number): number {
  const shortfall = point.reorderPoint + 1 - available;
  if (point.lotSize && point.lotSize > 0) return Math.max(1, Math.ceil(shortfall / point.lotSize)) * point.lotSize;
  return Math.max(1, 2 * point.reorderPoint - available);
}

const SKU_CHUNK = 500;

export interface LowStockDeps {
  ledger: StockLedger;
  writer: LedgerWriter;
  erp: ErpMasterData;
  directory: LocationDirectory;
}

/**
 * Every SKU × location whose available stock (held less reserved) is at or below the SKU's ERP
 * reorder point, over every SKU any system has reported stock for, sorted by SKU then location.
 */
export async function lowStockRows(deps: LowStockDeps, locationId?: string): Promise<LowStockRow[]> {
  const [skus, directory] = await Promise.all([deps.writer.knownSkus(), deps.directory.get()]);
  const points = await deps.erp.reorderPoints.getMany(skus);
  const planned = skus.filter((s) => points.get(s)?.value);
  const chunks: string[][] = [];
  for (let i = 0; i < planned.length; i += SKU_CHUNK) chunks.push(planned.slice(i, i + SKU_CHUNK));
  const rows: LowStockRow[] = [];
  for (const entries of await Promise.all(chunks.map((c) => deps.ledger.available(c)))) {
    for (const entry of entries) {
      const point = points.get(entry.sku)!.value!;
      for (const level of entry.locations) {
        if (locationId && level.locationId !== locationId) continue;
        const location = directory.byId.get(level.locationId);
        if (!location || level.available > point.reorderPoint) continue;
        rows.push({ sku: entry.sku, location, available: level.available, reorderPoint: point.reorderPoint, suggestedOrderQuantity: suggestedOrderQuantity(point, level.available) });
      }
    }
  }
  return rows.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.location.id < b.location.id ? -1 : a.location.id > b.location.id ? 1 : 0));
}

/**
 * The report is a walk over every SKU; paging through it should not repeat the walk. Results are
 * kept for a few seconds per location filter (stock this close to its reorder point moves slowly).
 */
export class LowStockReport {
  private readonly memo = new Map<string, { at: number; rows: Promise<LowStockRow[]> }>();

  constructor(
    private readonly deps: LowStockDeps,
    private readonly maxAgeMs = 5000,
    private readonly clock: () => number = Date.now,
  ) {}

  rows(locationId?: string): Promise<LowStockRow[]> {
    const key = locationId ?? '';
    const now = this.clock();
    const hit = this.memo.get(key);
    if (hit && now - hit.at < this.maxAgeMs) return hit.rows;
    const rows = lowStockRows(this.deps, locationId);
    this.memo.set(key, { at: now, rows });
    rows.catch(() => this.memo.delete(key));
    return rows;
  }
}

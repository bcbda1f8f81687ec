import type { ReorderPointRecord, StockRecord } from '@ucg/connector-core';

/** A_MatlStkInAcctMod. */
export interface SapStockRow {
  Material: string;
  Plant: string;
  StorageLocation: string;
  InventoryStockType: string;
  InventorySpecialStockType: string;
  MaterialBaseUnit: string;
  /** Decimal(31,14) as a string. */
  MatlWrhsStkQtyInMatlBaseUnit: string;
}

/** A_ProductSupplyPlanning. */
export interface SapSupplyPlanning {
  Product: string;
  Plant: string;
  MRPType: string;
  ReorderThresholdQuantity: string;
  FixedLotSizeQuantity: string;
  PlannedDeliveryDurationInDays: string;
}

/** Unrestricted-use stock, the only stock type a sale can draw from. */
const UNRESTRICTED = '01';

/**
 * Sums storage locations per material and plant. Own stock only (no special stock such as
 * consignment); quality-inspection and blocked stock count as on hand but not as available.
 * SAP's stock API knows nothing of open orders' promises, so `committed` is 0.
 */
export function mapPlantStock(rows: readonly SapStockRow[], asOf: string): StockRecord[] {
  const totals = new Map<string, { sku: string; plant: string; onHand: number; available: number }>();
  for (const r of rows) {
    if (r.InventorySpecialStockType) continue;
    const key = `${r.Material}|${r.Plant}`;
    const t = totals.get(key) ?? { sku: r.Material, plant: r.Plant, onHand: 0, available: 0 };
    const qty = Number(r.MatlWrhsStkQtyInMatlBaseUnit);
    t.onHand += qty;
    if (r.InventoryStockType === UNRESTRICTED) t.available += qty;
    totals.set(key, t);
  }
  return [...totals.values()].map((t) => ({ sku: t.sku, system: 'erp', locationNativeId: t.plant, onHand: t.onHand, committed: 0, available: t.available, asOf }));
}

export function mapReorderPoint(r: SapSupplyPlanning): ReorderPointRecord {
  const lot = Number(r.FixedLotSizeQuantity);
  const lead = Number(r.PlannedDeliveryDurationInDays);
  return { sku: r.Product, system: 'erp', locationNativeId: r.Plant, reorderPoint: Number(r.ReorderThresholdQuantity), lotSize: lot > 0 ? lot : null, leadTimeDays: lead > 0 ? lead : null };
}

import type { StockRecord } from '@ucg/connector-core';
import type { InventoryByLocation } from '../wire.ts';

/** One ShipBob inventory item's per-centre quantities → one StockRecord per fulfilment centre. */
export function mapInventoryByLocation(item: InventoryByLocation, asOf: string): StockRecord[] {
  if (!item.sku) return [];
  return (item.locations ?? []).map((fc) => {
    const onHand = fc.on_hand_quantity ?? 0;
    const committed = fc.committed_quantity ?? 0;
    return {
      sku: item.sku!,
      system: '3pl-us',
      locationNativeId: String(fc.location_id),
      onHand,
      committed,
      // ShipBob computes fulfillable (on hand minus committed); never sell below zero.
      available: Math.max(0, fc.fulfillable_quantity ?? onHand - committed),
      asOf,
    };
  });
}

import type { Retailer } from '@ucg/legacy-seed';
import type { Row } from '../odata/edm.ts';
import { groupIndex, p, type EntitySetDef, type ServiceDef } from '../odata/model.ts';
import { PLANT, STORAGE_LOCATION } from './org.ts';

/**
 * API_MATERIAL_STOCK_SRV / A_MatlStkInAcctMod: stock per material, plant, storage location and
 * stock type (01 = unrestricted use). The ERP knows what is on the shelf, not what open orders
 * have promised (that is an ATP check, another API), so it reports no commitments.
 */

/** Unrestricted-use stock per SKU at plant 1000, from the seed's `erp` stock rows. */
export function seedPlantStock(retailer: Retailer): Map<string, number> {
  return new Map(retailer.stock.filter((s) => s.system === 'erp' && s.locationNativeId === PLANT).map((s) => [s.sku, s.onHand]));
}

/** Live stock the service reads; the sandbox moves it. */
export interface StockLedger {
  stock: Map<string, number>;
  /** Bumped on every movement so derived rows are rebuilt. */
  version: number;
}

function stockRow(material: string, quantity: number): Row {
  return {
    Material: material, Plant: PLANT, StorageLocation: STORAGE_LOCATION, Batch: '', Supplier: '', Customer: '', WBSElementInternalID: '00000000',
    SDDocument: '', SDDocumentItem: '000000', InventorySpecialStockType: '', InventoryStockType: '01', MaterialBaseUnit: 'PC',
    MatlWrhsStkQtyInMatlBaseUnit: String(quantity),
  };
}

export function stockService(ledger: () => StockLedger): ServiceDef {
  let cache: { ledger: StockLedger; version: number; rows: Row[] } | undefined;
  const rows = (): Row[] => {
    const l = ledger();
    if (!cache || cache.ledger !== l || cache.version !== l.version) {
      const list = [...l.stock].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, qty]) => stockRow(sku, qty));
      cache = { ledger: l, version: l.version, rows: list };
    }
    return cache.rows;
  };
  const stock: EntitySetDef = {
    name: 'A_MatlStkInAcctMod', type: 'A_MatlStkInAcctModType', label: 'Material Stock', keys: ['Material', 'Plant', 'StorageLocation', 'Batch', 'Supplier', 'Customer', 'WBSElementInternalID', 'SDDocument', 'SDDocumentItem', 'InventorySpecialStockType', 'InventoryStockType'],
    properties: [
      p.key('Material', 40), p.key('Plant', 4), p.key('StorageLocation', 4), p.key('Batch', 10), p.key('Supplier', 10), p.key('Customer', 10),
      p.key('WBSElementInternalID', 24), p.key('SDDocument', 10), p.key('SDDocumentItem', 6), p.key('InventorySpecialStockType', 1), p.key('InventoryStockType', 2),
      p.str('MaterialBaseUnit', 3), p.dec('MatlWrhsStkQtyInMatlBaseUnit', 31, 14, { unit: 'MaterialBaseUnit', label: 'Stock Quantity' }),
    ],
    rows,
    lookup: { Material: groupIndex('Material', rows) },
  };
  return { name: 'API_MATERIAL_STOCK_SRV', component: 'MM-IM-GF-API', sets: [stock] };
}

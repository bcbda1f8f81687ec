import Big from 'big.js';
import type { Retailer } from '@ucg/legacy-seed';
import { sapDate, type Row } from '../odata/edm.ts';
import { ODataError } from '../odata/errors.ts';
import { groupIndex, keyIndex, p, type EntitySetDef, type Payload, type ServiceDef } from '../odata/model.ts';
import { supplierNumber } from './business-partners.ts';
import { COMPANY_CODE, PLANT, PURCHASING_GROUP, PURCHASING_ORGANIZATION, STORAGE_LOCATION } from './org.ts';

/** API_PURCHASEORDER_PROCESS_SRV: the seed's purchase orders to suppliers for plant 1000; create with `to_PurchaseOrderItem`. */

export interface PurchaseOrderRows {
  orders: Row[];
  items: Row[];
  next: number;
}

export interface PurchaseOrderDeps {
  suppliers: Set<string>;
  materials: Map<string, string>;
  now(): number;
}

export function seedPurchaseOrders(retailer: Retailer, materials: Map<string, string>): PurchaseOrderRows {
  const rows: PurchaseOrderRows = { orders: [], items: [], next: 4500000001 };
  for (const po of retailer.purchaseOrders) {
    const created = Date.parse(po.createdAt);
    rows.orders.push({
      PurchaseOrder: po.number, CompanyCode: COMPANY_CODE, PurchaseOrderType: 'NB', PurchasingProcessingStatus: '05', CreatedByUser: 'PURCHASER', CreationDate: sapDate(created),
      LastChangeDateTime: created, Supplier: supplierNumber(po.supplierId), PurchasingOrganization: PURCHASING_ORGANIZATION, PurchasingGroup: PURCHASING_GROUP,
      DocumentCurrency: po.lines[0]?.currency ?? 'USD', PurchaseOrderDate: sapDate(created), Language: 'EN',
    });
    po.lines.forEach((line, i) => rows.items.push({
      PurchaseOrder: po.number, PurchaseOrderItem: String((i + 1) * 10), PurchaseOrderItemText: materials.get(line.sku) ?? '', Plant: po.plant, StorageLocation: STORAGE_LOCATION,
      Material: line.sku, OrderQuantity: String(line.quantity), PurchaseOrderQuantityUnit: 'PC', NetPriceAmount: line.netPrice, NetPriceQuantity: '1',
      DocumentCurrency: line.currency, IsCompletelyDelivered: po.status === 'RECEIVED', IsFinallyInvoiced: po.status === 'RECEIVED', PurchaseOrderItemCategory: '0',
    }));
    rows.next = Math.max(rows.next, Number(po.number) + 1);
  }
  return rows;
}

function fail(code: string, message: string): never {
  throw new ODataError(400, code, message);
}

function createPurchaseOrder(rows: PurchaseOrderRows, deps: PurchaseOrderDeps, payload: Payload): Row {
  const v = payload.values;
  const supplier = String(v.Supplier ?? '');
  if (!supplier) fail('06/036', 'Enter a supplier');
  if (!deps.suppliers.has(supplier)) fail('06/025', `Supplier ${supplier} does not exist`);
  if ((v.CompanyCode ?? COMPANY_CODE) !== COMPANY_CODE) fail('06/034', `Company code ${String(v.CompanyCode)} is not assigned to purchasing organization ${PURCHASING_ORGANIZATION}`);
  const items = payload.nested.to_PurchaseOrderItem ?? [];
  if (items.length === 0) fail('06/035', 'No items in purchase order');
  const number = String(rows.next);
  const now = deps.now();
  const currency = String(v.DocumentCurrency ?? 'USD');
  const newItems = items.map((itemPayload, i) => {
    const iv = itemPayload.values;
    const material = String(iv.Material ?? '');
    if (!deps.materials.has(material)) fail('06/218', `Material ${material} does not exist`);
    if ((iv.Plant ?? PLANT) !== PLANT) fail('06/219', `Material ${material} not maintained in plant ${String(iv.Plant)}`);
    if (!new Big(String(iv.OrderQuantity ?? '0')).gt(0)) fail('06/230', `Enter a quantity for item ${String((i + 1) * 10)}`);
    if (iv.NetPriceAmount === undefined) fail('06/231', `Enter a net price for item ${String((i + 1) * 10)}`);
    return {
      PurchaseOrder: number, PurchaseOrderItem: String(iv.PurchaseOrderItem ?? (i + 1) * 10), PurchaseOrderItemText: String(iv.PurchaseOrderItemText ?? deps.materials.get(material)),
      Plant: PLANT, StorageLocation: String(iv.StorageLocation ?? STORAGE_LOCATION), Material: material, OrderQuantity: String(iv.OrderQuantity),
      PurchaseOrderQuantityUnit: String(iv.PurchaseOrderQuantityUnit ?? 'PC'), NetPriceAmount: String(iv.NetPriceAmount), NetPriceQuantity: String(iv.NetPriceQuantity ?? '1'),
      DocumentCurrency: currency, IsCompletelyDelivered: false, IsFinallyInvoiced: false, PurchaseOrderItemCategory: '0',
    };
  });
  const header: Row = {
    PurchaseOrder: number, CompanyCode: COMPANY_CODE, PurchaseOrderType: String(v.PurchaseOrderType ?? 'NB'), PurchasingProcessingStatus: '05', CreatedByUser: 'UCG_DEV',
    CreationDate: sapDate(now), LastChangeDateTime: now, Supplier: supplier, PurchasingOrganization: PURCHASING_ORGANIZATION, PurchasingGroup: String(v.PurchasingGroup ?? PURCHASING_GROUP),
    DocumentCurrency: currency, PurchaseOrderDate: (v.PurchaseOrderDate as number | undefined) ?? sapDate(now), Language: 'EN',
  };
  rows.orders.push(header);
  rows.items.push(...newItems);
  rows.next++;
  return header;
}

export function purchaseOrderService(state: () => PurchaseOrderRows, deps: PurchaseOrderDeps): ServiceDef {
  const find = keyIndex(['PurchaseOrder'], () => state().orders);
  const itemsOf = groupIndex('PurchaseOrder', () => state().items);
  const order: EntitySetDef = {
    name: 'A_PurchaseOrder', type: 'A_PurchaseOrderType', label: 'Purchase Order', keys: ['PurchaseOrder'],
    properties: [
      p.key('PurchaseOrder', 10), p.str('CompanyCode', 4), p.str('PurchaseOrderType', 4), p.str('PurchasingProcessingStatus', 2, { readOnly: true }),
      p.str('CreatedByUser', 12, { readOnly: true }), p.date('CreationDate', { readOnly: true }), p.stamp('LastChangeDateTime', { readOnly: true }), p.str('Supplier', 10),
      p.str('PurchasingOrganization', 4), p.str('PurchasingGroup', 3), p.str('DocumentCurrency', 5), p.date('PurchaseOrderDate'), p.str('Language', 2),
    ],
    navigations: [{ name: 'to_PurchaseOrderItem', target: 'A_PurchaseOrderItem', many: true, resolve: (r) => itemsOf(String(r.PurchaseOrder)) }],
    rows: () => state().orders,
    find,
    create: (payload) => createPurchaseOrder(state(), deps, payload),
  };
  const item: EntitySetDef = {
    name: 'A_PurchaseOrderItem', type: 'A_PurchaseOrderItemType', label: 'Purchase Order Item', keys: ['PurchaseOrder', 'PurchaseOrderItem'],
    properties: [
      p.key('PurchaseOrder', 10), p.key('PurchaseOrderItem', 5), p.str('PurchaseOrderItemText', 40), p.str('Plant', 4), p.str('StorageLocation', 4), p.str('Material', 40),
      p.dec('OrderQuantity', 13, 3, { unit: 'PurchaseOrderQuantityUnit' }), p.str('PurchaseOrderQuantityUnit', 3),
      p.dec('NetPriceAmount', 16, 3, { currency: 'DocumentCurrency' }), p.dec('NetPriceQuantity', 5, 0), p.str('DocumentCurrency', 5),
      p.bool('IsCompletelyDelivered', { readOnly: true }), p.bool('IsFinallyInvoiced', { readOnly: true }), p.str('PurchaseOrderItemCategory', 1),
    ],
    rows: () => state().items,
    lookup: { PurchaseOrder: itemsOf },
  };
  return { name: 'API_PURCHASEORDER_PROCESS_SRV', component: 'MM-PUR-PO-API', sets: [order, item] };
}

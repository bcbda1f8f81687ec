import { Big, money, type PurchaseOrderRecord } from '@ucg/connector-core';
import { expanded, parseODataDate } from '../odata.ts';

export interface SapPurchaseOrderItem {
  PurchaseOrderItem: string;
  PurchaseOrderItemText: string;
  Plant: string;
  Material: string;
  OrderQuantity: string;
  NetPriceAmount: string;
  NetPriceQuantity: string;
  DocumentCurrency: string;
  IsCompletelyDelivered: boolean;
}

/** A_PurchaseOrder with `$expand=to_PurchaseOrderItem`. */
export interface SapPurchaseOrder {
  PurchaseOrder: string;
  Supplier: string;
  CreationDate: string | null;
  DocumentCurrency: string;
  to_PurchaseOrderItem?: { results?: SapPurchaseOrderItem[] };
}

/** Received once every item is completely delivered (goods receipt posted). */
export function mapPurchaseOrder(o: SapPurchaseOrder): PurchaseOrderRecord {
  const items = expanded(o.to_PurchaseOrderItem);
  return {
    system: 'erp',
    number: o.PurchaseOrder,
    supplier: o.Supplier,
    createdAt: parseODataDate(o.CreationDate),
    currency: o.DocumentCurrency,
    status: items.length > 0 && items.every((i) => i.IsCompletelyDelivered) ? 'RECEIVED' : 'OPEN',
    lines: items.map((i) => {
      const per = Number(i.NetPriceQuantity) > 1 ? Number(i.NetPriceQuantity) : 1;
      return {
        item: i.PurchaseOrderItem,
        sku: i.Material,
        description: i.PurchaseOrderItemText,
        quantity: Number(i.OrderQuantity),
        netPrice: money(new Big(i.NetPriceAmount).div(per), i.DocumentCurrency || o.DocumentCurrency),
        locationNativeId: i.Plant,
        received: i.IsCompletelyDelivered,
      };
    }),
  };
}

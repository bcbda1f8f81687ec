import { money, type SalesOrderRecord, type SalesOrderStatus } from '@ucg/connector-core';
import { expanded, parseODataDate } from '../odata.ts';

export interface SapSalesOrderItem {
  SalesOrder: string;
  SalesOrderItem: string;
  SalesOrderItemText: string;
  Material: string;
  RequestedQuantity: string;
  NetAmount: string;
  TransactionCurrency: string;
}

/** A_SalesOrder with `$expand=to_Item`. */
export interface SapSalesOrder {
  SalesOrder: string;
  SalesOrderType: string;
  SoldToParty: string;
  PurchaseOrderByCustomer: string;
  SalesOrderDate: string | null;
  CreationDate: string | null;
  TotalNetAmount: string;
  TransactionCurrency: string;
  OverallSDProcessStatus: string;
  OverallTotalDeliveryStatus: string;
  OverallSDDocumentRejectionSts: string;
  to_Item?: { results?: SapSalesOrderItem[] };
}

/** SD status codes: A not yet processed, B partially processed, C completely processed. */
function status(o: SapSalesOrder): SalesOrderStatus {
  if (o.OverallSDDocumentRejectionSts === 'C') return 'CANCELLED';
  if (o.OverallSDProcessStatus === 'C') return 'COMPLETED';
  return o.OverallSDProcessStatus === 'B' ? 'IN_PROCESS' : 'OPEN';
}

export function mapSalesOrder(o: SapSalesOrder): SalesOrderRecord {
  return {
    system: 'erp',
    number: o.SalesOrder,
    externalReference: o.PurchaseOrderByCustomer || null,
    soldToParty: o.SoldToParty,
    orderType: o.SalesOrderType,
    orderedAt: parseODataDate(o.SalesOrderDate),
    createdAt: parseODataDate(o.CreationDate),
    currency: o.TransactionCurrency,
    netAmount: money(o.TotalNetAmount || '0', o.TransactionCurrency),
    status: status(o),
    deliveryStatus: o.OverallTotalDeliveryStatus === 'C' ? 'DELIVERED' : o.OverallTotalDeliveryStatus === 'B' ? 'PARTIALLY_DELIVERED' : 'NOT_DELIVERED',
    vendorStatus: `process ${o.OverallSDProcessStatus || '-'} / delivery ${o.OverallTotalDeliveryStatus || '-'} / rejection ${o.OverallSDDocumentRejectionSts || '-'}`,
    lines: expanded(o.to_Item).map((i) => ({
      item: i.SalesOrderItem,
      sku: i.Material,
      description: i.SalesOrderItemText,
      quantity: Number(i.RequestedQuantity),
      netAmount: money(i.NetAmount || '0', i.TransactionCurrency || o.TransactionCurrency),
    })),
  };
}

import type { PurchaseOrderInput, PurchaseOrderRecord } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { mapPurchaseOrder, type SapPurchaseOrder } from './map/purchase-order.ts';
import { anyOf, chunk, odataString } from './odata.ts';

const SERVICE = 'API_PURCHASEORDER_PROCESS_SRV';

export interface PurchaseOrderQuery {
  numbers?: readonly string[];
  supplier?: string;
}

/** Creates a standard purchase order (type NB) with its items in one deep insert. Not idempotent: SAP has no external key for it. */
export async function createPurchaseOrder(ctx: SapContext, po: PurchaseOrderInput): Promise<PurchaseOrderRecord> {
  const plant = po.locationNativeId ?? ctx.config.plant;
  const body = {
    PurchaseOrderType: 'NB',
    Supplier: po.supplier,
    DocumentCurrency: po.currency,
    to_PurchaseOrderItem: {
      results: po.lines.map((line, i) => ({
        PurchaseOrderItem: String((i + 1) * 10),
        Material: line.sku,
        Plant: plant,
        OrderQuantity: String(line.quantity),
        PurchaseOrderQuantityUnit: 'PC',
        NetPriceAmount: line.netPrice.amount,
        NetPriceQuantity: '1',
      })),
    },
  };
  const res = await ctx.client.write('POST', SERVICE, 'A_PurchaseOrder', body);
  return mapPurchaseOrder(res.json<{ d: SapPurchaseOrder }>().d);
}

/** Purchase orders with their items (by number and/or supplier; all when neither); every page. */
export async function purchaseOrders(ctx: SapContext, query: PurchaseOrderQuery = {}): Promise<PurchaseOrderRecord[]> {
  const supplier = query.supplier ? `Supplier eq ${odataString(query.supplier)}` : undefined;
  if (query.numbers && query.numbers.length === 0) return [];
  const filters = query.numbers
    ? chunk([...new Set(query.numbers)], ctx.config.keysPerRequest).map((part) => [supplier, anyOf('PurchaseOrder', part)].filter(Boolean).join(' and '))
    : [supplier];
  const reads = filters.map((f) => ({ path: 'A_PurchaseOrder', query: { ...(f ? { $filter: f } : {}), $expand: 'to_PurchaseOrderItem' } }));
  return (await ctx.client.readMany<SapPurchaseOrder>(SERVICE, reads)).flat().map(mapPurchaseOrder);
}

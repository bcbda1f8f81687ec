import { Big, money, sumMoney, type OrderRecord, type OrderStatus } from '@ucg/connector-core';
import type { WooOrder } from '../types.ts';
import { mapAddress } from './address.ts';
import { decodeEntities, gmtToIso } from './text.ts';

/** WooCommerce order statuses in the graph's words. `completed` means fulfilled; parcels are the 3PL's story. */
const statusMap: Record<string, OrderStatus> = {
  pending: 'UNFULFILLED',
  'on-hold': 'UNFULFILLED',
  'checkout-draft': 'UNFULFILLED',
  processing: 'PROCESSING',
  completed: 'COMPLETED',
  cancelled: 'CANCELLED',
  failed: 'CANCELLED',
  trash: 'CANCELLED',
  refunded: 'RETURNED',
};

export function mapStatus(status: string): OrderStatus {
  return statusMap[status] ?? 'PROCESSING';
}

/**
 * WooCommerce order → canonical order. Line `subtotal` is net of tax; when the shop's prices
 * include tax the shelf price is subtotal + subtotal_tax. Unit prices come from those strings
 * (the float `price` WooCommerce also sends is never used for money).
 */
export function mapOrder(o: WooOrder): OrderRecord {
  const c = o.currency;
  const lines = o.line_items.map((l) => {
    const shelf = o.prices_include_tax ? new Big(l.subtotal).plus(l.subtotal_tax || 0) : new Big(l.subtotal);
    return {
      sku: l.sku || null,
      title: decodeEntities(l.name),
      quantity: l.quantity,
      unitPrice: money(l.quantity ? shelf.div(l.quantity) : shelf, c),
      lineTotal: money(shelf, c),
    };
  });
  return {
    system: 'marketplace',
    nativeId: String(o.id),
    number: o.number,
    channel: 'MARKETPLACE',
    email: o.billing?.email || null,
    customerNativeId: o.customer_id ? String(o.customer_id) : null,
    placedAt: gmtToIso(o.date_created_gmt) ?? o.date_created_gmt,
    status: mapStatus(o.status),
    vendorStatus: o.status,
    subtotal: sumMoney(lines.map((l) => l.lineTotal), c),
    tax: money(o.total_tax || 0, c),
    shipping: money(o.shipping_total || 0, c),
    total: money(o.total, c),
    totalInShopCurrency: null,
    lines: lines.map(({ lineTotal: _total, ...line }) => line),
    storeNativeId: null,
    shippingAddress: mapAddress(o.shipping),
  };
}

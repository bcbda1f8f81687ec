import type { Money, OrderChannel, OrderRecord, SalesOrderRecord, ShipmentStatus } from '@ucg/connector-core';
import { Big, money } from '@ucg/connector-core';
import type { OrderSource } from './numbers.ts';

/** The graph's order states (the SDL enum): a selling system's states plus PENDING for graph orders not yet in the ERP. */
export type OrderStatusName = 'PENDING' | 'UNFULFILLED' | 'PROCESSING' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'RETURNED';

export interface OrderLineView {
  sku: string;
  title: string;
  quantity: number;
  /** In the order's currency. */
  unitPrice: Money;
}

/** Where a graph order's units were reserved, by location (`3pl-us:156`, `3pl-eu:VEN1`, `erp:1000`, `webstore:70001`). */
export interface AllocationView {
  sku: string;
  locationId: string;
  quantity: number;
}

/**
 * One order from any source, in the shape the resolvers serve. Personal and routing details
 * (email, sold-to party) stay here for ownership checks and are never exposed as fields.
 */
export interface OrderView {
  source: OrderSource;
  /** The selling system's own id (Shopify gid, WooCommerce id, SAP document, outbox number). */
  nativeId: string;
  number: string;
  channel: OrderChannel;
  status: OrderStatusName;
  placedAt: string;
  /** The email the order was placed with, as the system stores it (compare case-insensitively). */
  email: string | null;
  /** ERP sold-to party (B2B orders, and partner orders placed through the graph). */
  soldToParty: string | null;
  currency: string;
  lines: OrderLineView[];
  subtotal: Money;
  total: Money;
  /** Goods net of tax, without shipping: what loyalty points are earned on. */
  netGoods: Money;
  /** Retail store of a POS sale, as a Location id. */
  storeLocationId: string | null;
  shipToCountry: string | null;
  /** Graph orders: where the units were reserved (decides the 3PL). */
  allocations: AllocationView[];
  /** Graph orders carry the points checkout promised; other orders earn by the rule in `loyalty.ts`. */
  loyaltyPointsEarned: number | null;
}

/** A parcel as the Shipment type serves it. */
export interface ShipmentView {
  orderNumber: string;
  system: '3pl-us' | '3pl-eu' | 'erp';
  nativeId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  status: Exclude<ShipmentStatus, 'PENDING' | 'CANCELLED'>;
  fromLocationId: string | null;
  shippedAt: string | null;
  events: { at: string; status: ShipmentView['status']; description: string }[];
  lines: { sku: string; quantity: number }[];
}

export const emailsMatch = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** A selling system's order (web store, POS, marketplace) as an OrderView. */
export function fromOrderRecord(o: OrderRecord, source: 'webstore' | 'marketplace'): OrderView {
  return {
    source,
    nativeId: o.nativeId,
    number: o.number,
    channel: o.channel,
    status: o.status,
    placedAt: o.placedAt,
    email: o.email,
    soldToParty: null,
    currency: o.total.currencyCode,
    lines: o.lines.map((l) => ({ sku: l.sku ?? '', title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
    subtotal: o.subtotal,
    total: o.total,
    // Whether prices included tax or it was added on top, the total less tax and shipping is the net value of the goods.
    netGoods: money(new Big(o.total.amount).minus(o.tax.amount).minus(o.shipping.amount), o.total.currencyCode),
    storeLocationId: o.storeNativeId ? `webstore:${o.storeNativeId}` : null,
    shipToCountry: o.shippingAddress?.countryCode ?? null,
    allocations: [],
    loyaltyPointsEarned: null,
  };
}

/**
 * SAP's processing and delivery status in the graph's words: delivered in full is DELIVERED, in
 * part SHIPPED, anything open or in process PROCESSING (a B2B order is confirmed once posted).
 */
export function erpStatus(o: SalesOrderRecord): OrderStatusName {
  if (o.status === 'CANCELLED') return 'CANCELLED';
  if (o.deliveryStatus === 'DELIVERED') return 'DELIVERED';
  if (o.deliveryStatus === 'PARTIALLY_DELIVERED') return 'SHIPPED';
  return 'PROCESSING';
}

/**
 * An ERP sales order (a B2B partner's order) as an OrderView. The ERP keeps amounts net of tax and
 * shipping, so subtotal and total are both the net value; unit prices are the item net amounts
 * divided by the quantity.
 */
export function fromSalesOrder(o: SalesOrderRecord): OrderView {
  const lines = o.lines.map((l) => ({
    sku: l.sku,
    title: l.description,
    quantity: l.quantity,
    unitPrice: money(l.quantity ? new Big(l.netAmount.amount).div(l.quantity) : 0, l.netAmount.currencyCode),
  }));
  return {
    source: 'erp',
    nativeId: o.number,
    number: o.number,
    channel: 'B2B',
    status: erpStatus(o),
    placedAt: o.orderedAt ?? o.createdAt ?? new Date(0).toISOString(),
    email: null,
    soldToParty: o.soldToParty,
    currency: o.currency,
    lines,
    subtotal: o.netAmount,
    total: o.netAmount,
    netGoods: o.netAmount,
    storeLocationId: null,
    shipToCountry: null,
    allocations: [],
    loyaltyPointsEarned: 0,
  };
}


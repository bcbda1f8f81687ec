import { money, type FulfilmentOrderRecord, type FulfilmentOrderRequest, type FulfilmentOrderStatus } from '@ucg/connector-core';
import type { WireOrder, WireTracking } from '../wire.ts';
import { mapShipment } from './shipment.ts';

const STATUS: Record<string, FulfilmentOrderStatus> = {
  Processing: 'PROCESSING',
  Exception: 'EXCEPTION',
  PartiallyFulfilled: 'PARTIALLY_FULFILLED',
  Fulfilled: 'FULFILLED',
  Cancelled: 'CANCELLED',
  ImportReview: 'ON_HOLD',
};

/** ShipBob states order amounts in USD (`financials.total_price`: "in USD"). */
const CURRENCY = 'USD';

/** `Orders.OrderViewModel` → FulfilmentOrderRecord; shipments carry tracking events when `tracking` has them. */
export function mapOrder(o: WireOrder, tracking: ReadonlyMap<number, WireTracking> = new Map()): FulfilmentOrderRecord {
  return {
    system: '3pl-us',
    nativeId: String(o.id),
    referenceId: o.reference_id ?? String(o.id),
    orderNumber: o.order_number ?? null,
    status: STATUS[o.status ?? ''] ?? 'PROCESSING',
    channelNativeId: o.channel ? String(o.channel.id) : null,
    createdAt: o.created_date,
    purchasedAt: o.purchase_date ?? null,
    lines: (o.products ?? []).map((p) => ({
      sku: p.sku ?? p.reference_id ?? String(p.id),
      quantity: p.quantity,
      unitPrice: p.unit_price === null || p.unit_price === undefined ? null : money(p.unit_price, CURRENCY),
    })),
    total: o.financials?.total_price === null || o.financials?.total_price === undefined ? null : money(o.financials.total_price, CURRENCY),
    shipments: (o.shipments ?? []).map((s) => mapShipment(s, tracking.get(s.id))),
  };
}

const TYPE = { DTC: 'DTC', B2B: 'B2B', DROPSHIP: 'DropShip' } as const;

/** FulfilmentOrderRequest → `Orders.CreateOrderModel` (products by reference id = SKU, ShipBob's recommended model). */
export function toCreateOrderModel(r: FulfilmentOrderRequest) {
  const a = r.recipient.address;
  return {
    reference_id: r.referenceId,
    order_number: r.orderNumber ?? r.referenceId,
    type: TYPE[r.kind ?? 'DTC'],
    shipping_method: r.shippingMethod,
    ...(r.purchasedAt ? { purchase_date: r.purchasedAt } : {}),
    recipient: {
      name: r.recipient.name,
      email: r.recipient.email ?? null,
      phone_number: r.recipient.phone ?? null,
      address: { address1: a.line1, address2: a.line2, company_name: r.recipient.company ?? null, city: a.city, state: a.province, zip_code: a.postalCode, country: a.countryCode },
    },
    products: r.lines.map((l) => ({
      reference_id: l.sku,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      ...(l.unitPrice ? { unit_price: Number(l.unitPrice.amount) } : {}),
      ...(l.gtin ? { gtin: l.gtin } : {}),
    })),
    ...(r.total ? { financials: { total_price: Number(r.total.amount) } } : {}),
  };
}

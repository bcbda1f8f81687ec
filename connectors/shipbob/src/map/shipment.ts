import type { ShipmentRecord, ShipmentStatus, TrackingEventRecord } from '@ucg/connector-core';
import type { WireShipment, WireTracking } from '../wire.ts';

/** A carrier status from `/shipments-tracking` in the graph's words. */
export function trackingStatus(status: string | null | undefined, substatus?: string | null): ShipmentStatus {
  switch (status) {
    case 'PreTransit': return 'LABEL_CREATED';
    case 'InTransit': return /out for delivery/i.test(substatus ?? '') ? 'OUT_FOR_DELIVERY' : 'IN_TRANSIT';
    case 'Available for Pickup': return 'OUT_FOR_DELIVERY';
    case 'Delivered': return 'DELIVERED';
    case 'Cancelled': return 'CANCELLED';
    case 'DeliveryException':
    case 'Exception':
    case 'Failed':
    case 'Delivery attempt Failed':
    case 'Return to sender':
      return 'EXCEPTION';
    default: return 'IN_TRANSIT';
  }
}

/** A shipment's ShipBob status (and, once it has left, its status detail) in the graph's words. */
export function shipmentStatus(s: WireShipment): ShipmentStatus {
  const detail = s.status_details?.[0]?.name ?? '';
  switch (s.status) {
    case 'Exception': return 'EXCEPTION';
    case 'Cancelled':
    case 'CleanSweeped':
      return 'CANCELLED';
    case 'LabeledCreated': return 'LABEL_CREATED';
    case 'Completed':
      if (detail === 'Delivered' || s.delivery_date) return 'DELIVERED';
      if (detail === 'OutForDelivery') return 'OUT_FOR_DELIVERY';
      if (detail === 'DeliveryException') return 'EXCEPTION';
      return 'IN_TRANSIT';
    default: return 'PENDING';
  }
}

export function mapTrackingEvents(t: WireTracking | undefined): TrackingEventRecord[] {
  return (t?.history ?? [])
    .filter((e) => e.timestamp)
    .map((e) => ({ at: e.timestamp!, status: trackingStatus(e.status, e.substatus), description: e.message ?? e.substatus ?? e.status ?? '', location: e.location ?? null }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** `Orders.ShipmentViewModel` (+ its carrier tracking, when fetched) → ShipmentRecord. */
export function mapShipment(s: WireShipment, tracking?: WireTracking): ShipmentRecord {
  const events = mapTrackingEvents(tracking);
  const last = events.at(-1);
  // The carrier's latest scan is fresher than ShipBob's own shipment status once a parcel has left.
  const status = last && s.status === 'Completed' ? last.status : shipmentStatus(s);
  return {
    system: '3pl-us',
    nativeId: String(s.id),
    orderNativeId: String(s.order_id),
    referenceId: s.reference_id ?? null,
    fromLocationNativeId: s.location ? String(s.location.id) : null,
    status,
    carrier: s.tracking?.carrier ?? tracking?.carrier ?? null,
    service: s.tracking?.carrier_service ?? tracking?.service ?? null,
    trackingNumber: s.tracking?.tracking_number ?? tracking?.carrier_tracking_number ?? null,
    trackingUrl: s.tracking?.tracking_url ?? tracking?.public_tracking_url ?? null,
    shippedAt: s.actual_fulfillment_date ?? s.tracking?.shipping_date ?? null,
    deliveredAt: s.delivery_date ?? (status === 'DELIVERED' ? last?.at ?? null : null),
    lines: (s.products ?? []).map((p) => ({ sku: p.sku ?? p.reference_id ?? '', quantity: (p.inventory_items ?? []).reduce((n, i) => n + (i.quantity ?? 0), 0) })),
    events,
  };
}

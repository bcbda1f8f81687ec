import type { FulfilmentOrderRecord, ShipmentRecord, ShipmentStatus } from '@ucg/connector-core';
import type { ShipmentView } from './model.ts';
import type { OrderSystems } from './systems/index.ts';

type Served = ShipmentView['status'];

/** The SDL's ShipmentStatus has no PENDING or CANCELLED: a label is the first thing a parcel gets. */
function served(status: ShipmentStatus): Served {
  if (status === 'PENDING') return 'LABEL_CREATED';
  if (status === 'CANCELLED') return 'EXCEPTION';
  return status;
}

/**
 * A 3PL's shipment as the graph serves it, or null while it is no parcel yet (no carrier and
 * tracking number: still being picked, or cancelled before it left).
 */
export function toShipmentView(s: ShipmentRecord, orderNumber: string): ShipmentView | null {
  if (!s.carrier || !s.trackingNumber || s.status === 'CANCELLED') return null;
  return {
    orderNumber,
    system: s.system,
    nativeId: s.nativeId,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    status: served(s.status),
    fromLocationId: s.fromLocationNativeId ? `${s.system}:${s.fromLocationNativeId}` : null,
    shippedAt: s.shippedAt,
    events: s.events.map((e) => ({ at: e.at, status: served(e.status), description: e.description })),
    lines: s.lines,
  };
}

/**
 * Parcels of many orders from both 3PLs, by order number, oldest first. ShipBob is asked once per
 * 50 references for its orders, then once for the shipments that carry tracking (with the carrier
 * scans); the EU warehouse's 945s are read from its history on local disk. `us` lists the orders
 * ShipBob may hold (those with a delivery address); `eu` those the EU warehouse may hold.
 */
export async function shipmentsFor(systems: Pick<OrderSystems, 'us3pl' | 'eu3pl'>, targets: { us: readonly string[]; eu: readonly string[] }): Promise<Map<string, ShipmentView[]>> {
  const [usOrders, euShipments] = await Promise.all([
    targets.us.length ? systems.us3pl.ordersByReference(targets.us) : Promise.resolve<FulfilmentOrderRecord[]>([]),
    systems.eu3pl.shipmentsForOrders(targets.eu),
  ]);
  const wanted = new Set(targets.us);
  const referenceOf = new Map<string, string>();
  const tracked: string[] = [];
  for (const order of usOrders) {
    if (!wanted.has(order.referenceId)) continue;
    referenceOf.set(order.nativeId, order.referenceId);
    if (order.shipments.some((s) => s.trackingNumber)) tracked.push(order.nativeId);
  }
  const usShipments = tracked.length ? await systems.us3pl.shipments(tracked) : [];

  const byOrder = new Map<string, ShipmentView[]>();
  const add = (number: string | undefined, record: ShipmentRecord) => {
    const view = number ? toShipmentView(record, number) : null;
    if (view) byOrder.set(number!, [...(byOrder.get(number!) ?? []), view]);
  };
  for (const s of usShipments) add(referenceOf.get(s.orderNativeId), s);
  for (const s of euShipments) add(s.referenceId ?? s.orderNativeId, s);
  for (const list of byOrder.values()) list.sort((a, b) => (a.shippedAt ?? '').localeCompare(b.shippedAt ?? ''));
  return byOrder;
}

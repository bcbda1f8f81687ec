import { ConnectorError, type CreatedFulfilmentOrder, type FulfilmentOrderRecord, type FulfilmentOrderRequest, type ShipmentRecord } from '@ucg/connector-core';
import type { ShipBobClient } from './client.ts';
import { mapOrder, toCreateOrderModel } from './map/order.ts';
import { mapShipment } from './map/shipment.ts';
import type { WireOrder, WireTracking } from './wire.ts';

/** Reference ids and order ids per `GET /order` filter. */
const FILTER_BATCH = 50;
/** `/shipments-tracking` takes 1–25 shipment ids. */
const TRACKING_BATCH = 25;
const DUPLICATE_REFERENCE = /existing ReferenceId/i;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Orders whose reference id is one of `refs`, from every channel; walks every page. */
export async function ordersByReference(client: ShipBobClient, refs: readonly string[]): Promise<FulfilmentOrderRecord[]> {
  const unique = [...new Set(refs)];
  const pages = await Promise.all(chunks(unique, FILTER_BATCH).map((batch) => client.pages<WireOrder>('order', { ReferenceIds: batch })));
  return pages.flat().map((o) => mapOrder(o));
}

/**
 * Orders matching ShipBob's list filters, every page: `hasTracking: false` is the open work (no
 * shipment labelled yet, whatever its age), `updatedSince` what moved since then (labels,
 * departures, exceptions). Without filters: every order, so pass at least one.
 */
export async function listOrders(client: ShipBobClient, filter: { hasTracking?: boolean; updatedSince?: string }): Promise<FulfilmentOrderRecord[]> {
  const query = {
    ...(filter.hasTracking !== undefined ? { HasTracking: String(filter.hasTracking) } : {}),
    ...(filter.updatedSince ? { LastUpdateStartDate: filter.updatedSince } : {}),
  };
  return (await client.pages<WireOrder>('order', query)).map((o) => mapOrder(o));
}

export async function order(client: ShipBobClient, id: string): Promise<FulfilmentOrderRecord | null> {
  if (!/^\d+$/.test(id)) return null;
  const response = await client.http.request({ path: client.path(`order/${id}`), acceptStatus: [404] });
  return response.status === 404 ? null : mapOrder(response.json<WireOrder>());
}

/**
 * `POST /order`. ShipBob refuses a second order with the same reference id on a channel (422,
 * "Cannot insert order with existing ReferenceId"); that refusal is the idempotency guarantee, so
 * the POST may be retried after a timeout and a refusal returns the order that already exists.
 */
export async function createOrder(client: ShipBobClient, request: FulfilmentOrderRequest): Promise<CreatedFulfilmentOrder> {
  const channelId = await client.channelId();
  const response = await client.http.request({
    method: 'POST',
    path: client.path('order'),
    headers: { shipbob_channel_id: channelId },
    body: toCreateOrderModel(request),
    idempotent: true,
    acceptStatus: [422],
  });
  if (response.status !== 422) return { order: mapOrder(response.json<WireOrder>()), created: true };
  const refusal = response.text();
  if (!DUPLICATE_REFERENCE.test(refusal)) {
    throw new ConnectorError('UPSTREAM_REJECTED', '3pl-us', `ShipBob refused order ${request.referenceId}`, { statusCode: 422, upstreamBody: refusal, vendorCode: 'UNPROCESSABLE_ORDER' });
  }
  const existing = (await ordersByReference(client, [request.referenceId])).find((o) => o.channelNativeId === channelId);
  if (!existing) {
    throw new ConnectorError('UPSTREAM_BAD_RESPONSE', '3pl-us', `ShipBob reports reference ${request.referenceId} as existing but does not list it`, { statusCode: 422, upstreamBody: refusal });
  }
  return { order: existing, created: false };
}

/** Shipments of the given ShipBob orders with carrier tracking history: one `GET /order?IDs=` per 50 orders, one tracking call per 25 shipments. */
export async function shipments(client: ShipBobClient, orderIds: readonly string[]): Promise<ShipmentRecord[]> {
  const ids = [...new Set(orderIds)].filter((id) => /^\d+$/.test(id));
  const orders = (await Promise.all(chunks(ids, FILTER_BATCH).map((batch) => client.pages<WireOrder>('order', { IDs: batch })))).flat();
  const wire = orders.flatMap((o) => o.shipments ?? []);
  const tracked = wire.filter((s) => s.tracking?.tracking_number).map((s) => s.id);
  const tracking = new Map<number, WireTracking>();
  for (const batch of chunks(tracked, TRACKING_BATCH)) {
    const answer = await client.http.json<WireTracking[]>({ path: client.url('shipments-tracking', { ShipmentIds: batch }) });
    for (const t of answer) tracking.set(t.shipment_id, t);
  }
  return wire.map((s) => mapShipment(s, tracking.get(s.id)));
}

import { createHmac } from 'node:crypto';
import {
  ConnectorError, WebhookError, assertFresh, signaturesMatch,
  type FulfilmentOrderRecord, type ShipmentRecord, type StockRecord,
} from '@ucg/connector-core';
import type { ShipBobClient } from './client.ts';
import { mapInventoryByLocation } from './map/inventory.ts';
import { mapOrder } from './map/order.ts';
import { mapShipment } from './map/shipment.ts';
import type { InventoryEventPayload, WireOrder, WireShipment, WireSubscription } from './wire.ts';

/** The order topics the graph subscribes to by default (all are ShipBob `Webhooks.Topics`). */
export const ORDER_TOPICS = ['order.shipped', 'order.shipment.delivered', 'order.shipment.exception'] as const;

/**
 * Not a ShipBob topic. ShipBob 2026-01 has no inventory webhook (stock moves are learnt by polling
 * `POST /inventory/history:query`); the stand-in offers this one so the sandbox can push stock
 * changes. Subscribing to it against the real API is refused with 422.
 */
export const STANDIN_INVENTORY_TOPIC = 'ucg.inventory.updated';

/** Standard Webhooks' default tolerance for `webhook-timestamp`. */
const DEFAULT_TOLERANCE_MS = 5 * 60_000;

export interface WebhookSubscription {
  id: string;
  url: string;
  topics: string[];
  /** The signing secret to verify deliveries with. */
  secret: string;
}

interface EventBase {
  topic: string;
  /** `webhook-id`: stable across ShipBob's retries, so the receiver's idempotency key. */
  deliveryId: string;
  occurredAt: string;
}

export type ShipBobWebhookEvent =
  | (EventBase & { type: 'INVENTORY_CHANGED'; stock: StockRecord[] })
  | (EventBase & { type: 'ORDER_SHIPPED'; order: FulfilmentOrderRecord })
  | (EventBase & { type: 'SHIPMENT_DELIVERED' | 'SHIPMENT_EXCEPTION' | 'SHIPMENT_ON_HOLD' | 'SHIPMENT_CANCELLED'; shipment: ShipmentRecord })
  | (EventBase & { type: 'OTHER'; payload: unknown });

/**
 * Subscribes `url` to `topics` with the connector's signing secret. Earlier subscriptions to the
 * same URL are removed first (their secrets cannot be read back), so re-registering on every
 * start leaves exactly one subscription.
 */
export async function registerWebhooks(client: ShipBobClient, url: string, topics: readonly string[] = ORDER_TOPICS, secret = client.config.webhookSecret): Promise<WebhookSubscription> {
  const existing = await client.cursorPages<WireSubscription>('webhook', { RecordsPerPage: 250 });
  for (const s of existing.filter((x) => x.url === url)) await client.http.request({ method: 'DELETE', path: client.path(`webhook/${encodeURIComponent(s.id)}`), acceptStatus: [404] });
  const created = await client.http.json<WireSubscription>({ method: 'POST', path: client.path('webhook'), body: { topics, url, secret, description: 'Unified Commerce Graph' } });
  return { id: created.id, url: created.url ?? url, topics: created.topics ?? [...topics], secret: created.secret ?? secret };
}

export async function listWebhooks(client: ShipBobClient): Promise<Omit<WebhookSubscription, 'secret'>[]> {
  const all = await client.cursorPages<WireSubscription>('webhook', { RecordsPerPage: 250 });
  return all.map((s) => ({ id: s.id, url: s.url ?? '', topics: s.topics ?? [] }));
}

export async function deleteWebhook(client: ShipBobClient, id: string): Promise<void> {
  await client.http.request({ method: 'DELETE', path: client.path(`webhook/${encodeURIComponent(id)}`) });
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function headerOf(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : bag[key];
  return Array.isArray(v) ? v[0] : v;
}

function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

function typed(topic: string, base: EventBase, payload: unknown): ShipBobWebhookEvent {
  switch (topic) {
    case 'order.shipped':
      return { ...base, type: 'ORDER_SHIPPED', order: mapOrder(payload as WireOrder) };
    case 'order.shipment.delivered':
      return { ...base, type: 'SHIPMENT_DELIVERED', shipment: mapShipment(payload as WireShipment) };
    case 'order.shipment.exception':
      return { ...base, type: 'SHIPMENT_EXCEPTION', shipment: mapShipment(payload as WireShipment) };
    case 'order.shipment.on_hold':
      return { ...base, type: 'SHIPMENT_ON_HOLD', shipment: mapShipment(payload as WireShipment) };
    case 'order.shipment.cancelled':
      return { ...base, type: 'SHIPMENT_CANCELLED', shipment: mapShipment(payload as WireShipment) };
    case STANDIN_INVENTORY_TOPIC: {
      const p = payload as InventoryEventPayload;
      const at = p.event_time ?? base.occurredAt;
      return { ...base, occurredAt: at, type: 'INVENTORY_CHANGED', stock: mapInventoryByLocation(p, at) };
    }
    default:
      return { ...base, type: 'OTHER', payload };
  }
}

/**
 * Verifies a ShipBob delivery (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, key = base64-decoded
 * secret after `whsec_`) and returns it as a typed event. Pass the raw body exactly as received.
 */
export function verifyShipBobWebhook(rawBody: string | Buffer, headers: HeaderBag, secret: string, now = Date.now(), toleranceMs = DEFAULT_TOLERANCE_MS): ShipBobWebhookEvent {
  const id = headerOf(headers, 'webhook-id');
  const timestamp = headerOf(headers, 'webhook-timestamp');
  const signatures = headerOf(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookError('WEBHOOK_UNSIGNED', '3pl-us', 'delivery lacks webhook-id, webhook-timestamp or webhook-signature');
  const body = Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody;
  const expected = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  const given = signatures.split(' ').filter((s) => s.startsWith('v1,')).map((s) => s.slice(3));
  if (!given.some((g) => signaturesMatch(expected, g))) throw new WebhookError('WEBHOOK_BAD_SIGNATURE', '3pl-us', 'no v1 signature in webhook-signature matches the body');
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  assertFresh('3pl-us', seconds * 1000, toleranceMs, now);

  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (cause) {
    throw new ConnectorError('UPSTREAM_BAD_RESPONSE', '3pl-us', 'signed webhook body is not JSON', { upstreamBody: body, cause });
  }
  const topic = headerOf(headers, 'x-webhook-topic') ?? (payload as { topic?: string }).topic ?? 'unknown';
  return typed(topic, { topic, deliveryId: id, occurredAt: new Date(seconds * 1000).toISOString() }, payload);
}

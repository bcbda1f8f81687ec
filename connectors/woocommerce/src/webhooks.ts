import { WebhookError, assertFresh, hmac, signaturesMatch, type CustomerAccount, type OrderRecord } from '@ucg/connector-core';
import type { WooClient } from './client.ts';
import { mapCustomer } from './map/customer.ts';
import { mapOrder } from './map/order.ts';
import { gmtToIso } from './map/text.ts';
import type { WooCustomer, WooOrder, WooWebhook } from './types.ts';

export type WooWebhookTopic = `${'order' | 'product' | 'customer' | 'coupon'}.${'created' | 'updated' | 'deleted' | 'restored'}`;

export interface WebhookSubscription {
  nativeId: string;
  topic: string;
  deliveryUrl: string;
  status: WooWebhook['status'];
}

/**
 * Subscribes `url` to `topic` with `secret` through `POST webhooks`. Re-registering the same
 * topic and URL updates that webhook (new secret, reactivated) instead of adding a duplicate,
 * so a service can register at every start. WooCommerce pings the URL with an unsigned
 * `webhook_id=<id>` form body when the webhook is created.
 */
export async function registerWebhook(client: WooClient, topic: WooWebhookTopic | string, url: string, secret: string): Promise<WebhookSubscription> {
  const existing = (await client.all<WooWebhook>('webhooks', { status: 'all' })).find((w) => w.topic === topic && w.delivery_url === url);
  const body = { name: `ucg ${topic}`, topic, delivery_url: url, secret, status: 'active' };
  const saved = existing
    ? await client.send<WooWebhook>('PUT', `webhooks/${existing.id}`, body)
    : await client.send<WooWebhook>('POST', 'webhooks', body);
  return { nativeId: String(saved.id), topic: saved.topic, deliveryUrl: saved.delivery_url, status: saved.status };
}

interface Delivery {
  topic: string;
  event: string;
  webhookId: string;
  deliveryId: string;
  /** The resource id from the payload. */
  nativeId: string;
}

/** What a verified delivery says happened. `raw` is the parsed payload, for fields the canonical model lacks. */
export type WooWebhookEvent =
  | { kind: 'ping'; webhookId: string }
  | (Delivery & { kind: 'order'; order: OrderRecord | null; raw: unknown })
  | (Delivery & { kind: 'customer'; customer: CustomerAccount | null; raw: unknown })
  | (Delivery & { kind: 'product'; sku: string | null; parentNativeId: string | null; raw: unknown })
  | (Delivery & { kind: 'other'; raw: unknown });

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return Array.isArray(v) ? v[0] : v;
  return undefined;
}

/**
 * Checks a WooCommerce delivery and says what it means. The signature is base64 HMAC-SHA256 of
 * the exact body bytes (WordPress writes `https:\/\/…`, so never re-serialise before checking).
 * WooCommerce signs no timestamp, so freshness comes from the signed payload itself: a resource
 * whose `date_modified_gmt` is older than the tolerance is a replay (WEBHOOK_STALE). Deletions
 * carry only `{ "id": n }` and cannot be dated. The unsigned ping sent when a webhook is created
 * (`webhook_id=<id>`) is recognised and returned as `kind: "ping"`, so receivers can answer 200.
 */
export function verifyWooWebhook(rawBody: string | Buffer, headers: Headers, secret: string, now = Date.now(), toleranceMs = 15 * 60_000): WooWebhookEvent {
  const body = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8');
  const signature = header(headers, 'x-wc-webhook-signature');
  if (!signature) {
    const ping = /^webhook_id=(\d+)$/.exec(body.toString('utf8').trim());
    if (ping && !header(headers, 'x-wc-webhook-topic')) return { kind: 'ping', webhookId: ping[1]! };
    throw new WebhookError('WEBHOOK_UNSIGNED', 'marketplace', 'delivery has no X-WC-Webhook-Signature');
  }
  if (!signaturesMatch(hmac('sha256', secret, body, 'base64'), signature.trim())) {
    throw new WebhookError('WEBHOOK_BAD_SIGNATURE', 'marketplace', 'X-WC-Webhook-Signature does not match the body');
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new WebhookError('WEBHOOK_BAD_SIGNATURE', 'marketplace', 'signed body is not JSON');
  }
  const stamp = gmtToIso((payload.date_modified_gmt ?? payload.date_created_gmt) as string | undefined);
  if (stamp) assertFresh('marketplace', Date.parse(stamp), toleranceMs, now);

  const topic = header(headers, 'x-wc-webhook-topic') ?? '';
  const [resource = '', event = header(headers, 'x-wc-webhook-event') ?? ''] = topic.split('.');
  const delivery: Delivery = {
    topic,
    event,
    webhookId: header(headers, 'x-wc-webhook-id') ?? '',
    deliveryId: header(headers, 'x-wc-webhook-delivery-id') ?? '',
    nativeId: payload.id === undefined ? '' : String(payload.id),
  };
  const full = event !== 'deleted' && typeof payload.id === 'number' && Object.keys(payload).length > 1;
  switch (resource) {
    case 'order':
      return { ...delivery, kind: 'order', order: full ? mapOrder(payload as unknown as WooOrder) : null, raw: payload };
    case 'customer':
      return { ...delivery, kind: 'customer', customer: full ? mapCustomer(payload as unknown as WooCustomer) : null, raw: payload };
    case 'product':
      return {
        ...delivery, kind: 'product', raw: payload,
        sku: typeof payload.sku === 'string' && payload.sku ? payload.sku : null,
        parentNativeId: typeof payload.parent_id === 'number' && payload.parent_id ? String(payload.parent_id) : null,
      };
    default:
      return { ...delivery, kind: 'other', raw: payload };
  }
}

import { ConnectorError, WebhookError, assertFresh, hmac, signaturesMatch, type OrderRecord } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { mapRestOrder, type RestOrder } from './map/rest-order.ts';

export type ShopifyWebhookTopic = 'INVENTORY_LEVELS_UPDATE' | 'ORDERS_CREATE' | 'PRODUCTS_UPDATE';

export interface WebhookSubscription {
  id: string;
  topic: ShopifyWebhookTopic;
  uri: string;
}

const SUBSCRIPTION_FIELDS = 'id topic uri';

/**
 * Subscribes `url` to a topic through `webhookSubscriptionCreate` (`uri` since 2025-04). Idempotent:
 * when the shop already sends that topic to that address, the existing subscription is returned.
 */
export async function registerWebhook(client: ShopifyClient, topic: ShopifyWebhookTopic, url: string): Promise<WebhookSubscription> {
  const data = await client.request<{ webhookSubscriptionCreate: { webhookSubscription: WebhookSubscription | null; userErrors: { field: string[] | null; message: string }[] } }>(
    `mutation Subscribe($topic: WebhookSubscriptionTopic!, $uri: String!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) { webhookSubscription { ${SUBSCRIPTION_FIELDS} } userErrors { field message } } }`,
    { topic, uri: url },
    // Creating twice is harmless: the second answers "already been taken" and is resolved below.
    { idempotent: true },
  );
  const result = data.webhookSubscriptionCreate;
  if (result.webhookSubscription) return result.webhookSubscription;
  if (result.userErrors.some((e) => /already been taken/i.test(e.message))) {
    const existing = await client.request<{ webhookSubscriptions: { nodes: WebhookSubscription[] } }>(
      `query Existing($topics: [WebhookSubscriptionTopic!]) { webhookSubscriptions(first: 100, topics: $topics) { nodes { ${SUBSCRIPTION_FIELDS} } } }`,
      { topics: [topic] },
    );
    const match = existing.webhookSubscriptions.nodes.find((w) => w.uri === url);
    if (match) return match;
  }
  throw new ConnectorError('UPSTREAM_REJECTED', 'webstore', `webhookSubscriptionCreate refused: ${result.userErrors.map((e) => e.message).join('; ')}`);
}

export interface WebhookMeta {
  topic: string;
  webhookId: string | null;
  eventId: string | null;
  shopDomain: string | null;
  apiVersion: string | null;
  triggeredAt: string;
}

/**
 * A verified delivery, typed by topic. Inventory events name the inventory item; resolve SKUs with
 * `skusForInventoryItems`. Product events name the product; read its content with `productsByHandles`.
 */
export type ShopifyWebhookEvent =
  | { type: 'INVENTORY_LEVEL_UPDATED'; meta: WebhookMeta; inventoryItemId: string; locationNativeId: string; available: number | null; updatedAt: string }
  | { type: 'ORDER_CREATED'; meta: WebhookMeta; order: OrderRecord }
  | { type: 'PRODUCT_UPDATED'; meta: WebhookMeta; productNativeId: string; handle: string; updatedAt: string }
  | { type: 'OTHER'; meta: WebhookMeta; payload: unknown };

type HeaderBag = Record<string, string | string[] | undefined>;

function headerOf(headers: HeaderBag, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies a Shopify webhook delivery: `X-Shopify-Hmac-Sha256` must be the base64 HMAC-SHA256 of
 * the raw body under the app's client secret, and `X-Shopify-Triggered-At` recent (a replayed
 * delivery is refused). Pass the body exactly as received, before any JSON parsing.
 */
export function verifyShopifyWebhook(rawBody: string | Buffer, headers: HeaderBag, secret: string, now = Date.now(), toleranceMs = 5 * 60_000): ShopifyWebhookEvent {
  const given = headerOf(headers, 'x-shopify-hmac-sha256');
  if (!given) throw new WebhookError('WEBHOOK_UNSIGNED', 'webstore', 'delivery has no X-Shopify-Hmac-Sha256 header');
  if (!signaturesMatch(hmac('sha256', secret, rawBody, 'base64'), given)) {
    throw new WebhookError('WEBHOOK_BAD_SIGNATURE', 'webstore', 'X-Shopify-Hmac-Sha256 does not match the body');
  }
  const triggeredAt = headerOf(headers, 'x-shopify-triggered-at');
  assertFresh('webstore', triggeredAt ? Date.parse(triggeredAt) : Number.NaN, toleranceMs, now);
  const meta: WebhookMeta = {
    topic: headerOf(headers, 'x-shopify-topic') ?? '',
    webhookId: headerOf(headers, 'x-shopify-webhook-id') ?? null,
    eventId: headerOf(headers, 'x-shopify-event-id') ?? null,
    shopDomain: headerOf(headers, 'x-shopify-shop-domain') ?? null,
    apiVersion: headerOf(headers, 'x-shopify-api-version') ?? null,
    triggeredAt: triggeredAt!,
  };
  const payload = JSON.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody) as Record<string, unknown>;
  if (meta.topic === 'inventory_levels/update') {
    return {
      type: 'INVENTORY_LEVEL_UPDATED', meta,
      inventoryItemId: String(payload.inventory_item_id), locationNativeId: String(payload.location_id),
      available: typeof payload.available === 'number' ? payload.available : null, updatedAt: String(payload.updated_at),
    };
  }
  if (meta.topic === 'orders/create') return { type: 'ORDER_CREATED', meta, order: mapRestOrder(payload as unknown as RestOrder) };
  if (meta.topic === 'products/update') {
    return {
      type: 'PRODUCT_UPDATED', meta,
      productNativeId: typeof payload.admin_graphql_api_id === 'string' ? payload.admin_graphql_api_id : `gid://shopify/Product/${String(payload.id)}`,
      handle: String(payload.handle), updatedAt: String(payload.updated_at),
    };
  }
  return { type: 'OTHER', meta, payload };
}

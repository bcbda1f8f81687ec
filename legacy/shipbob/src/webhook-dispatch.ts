import { createHmac, randomBytes } from 'node:crypto';
import { deliverWebhook } from '@ucg/legacy-kit';
import type { ShipBobAccount } from './account.ts';
import type { AccountEvent } from './model.ts';
import { inventoryByLocationView, orderView, shipmentView } from './views.ts';

/** The topics ShipBob 2026-01 accepts (`Webhooks.Topics`). */
export const SHIPBOB_TOPICS = [
  'order.shipped', 'order.shipment.delivered', 'order.shipment.exception', 'order.shipment.on_hold', 'order.shipment.cancelled',
  'return.created', 'return.updated', 'return.completed', 'billing.charge.created', 'billing.refund.created', 'billing.credit.created',
] as const;

/**
 * Not a ShipBob topic: ShipBob 2026-01 has no inventory webhook (its way to learn of stock moves is
 * polling `POST /inventory/history:query`). The stand-in offers this one extension so the graph's
 * sandbox can react to `/__sandbox/stock` at once; the payload is an `InventoryQuantityFcResponse`
 * narrowed to the centre that changed, plus `event_time`.
 */
export const EXTENSION_INVENTORY_TOPIC = 'ucg.inventory.updated';

export const ACCEPTED_TOPICS: readonly string[] = [...SHIPBOB_TOPICS, EXTENSION_INVENTORY_TOPIC];

/** Standard Webhooks key: the bytes after `whsec_`, base64-decoded (a secret without the prefix is used as-is). */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** `webhook-signature` value: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export function signDelivery(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export interface DeliveryRecord {
  id: string;
  topic: string;
  url: string;
  subscriptionId: string;
  at: string;
  state: 'pending' | 'delivered' | 'failed';
}

/**
 * Renders each account event into ShipBob's payload (the order for `order.shipped`, the shipment
 * for `order.shipment.*`) and POSTs it, signed, to every enabled subscription for that topic.
 */
export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];

  constructor(
    private readonly account: ShipBobAccount,
    private readonly clock: () => number = Date.now,
  ) {
    account.on((event) => this.dispatch(event));
  }

  private payload(event: AccountEvent): unknown {
    switch (event.topic) {
      case 'order.shipped':
        return orderView(this.account, this.account.order(event.orderId)!);
      case 'inventory.updated': {
        const item = this.account.item(event.inventoryId)!;
        return { ...inventoryByLocationView(this.account, item, event.locationId), event_time: new Date(this.clock()).toISOString() };
      }
      default:
        return shipmentView(this.account, this.account.shipment(event.shipmentId)!);
    }
  }

  dispatch(event: AccountEvent): void {
    const topic = event.topic === 'inventory.updated' ? EXTENSION_INVENTORY_TOPIC : event.topic;
    const targets = [...this.account.subscriptions.values()].filter((s) => s.enabled && s.topics.includes(topic));
    if (targets.length === 0) return;
    const body = JSON.stringify(this.payload(event));
    for (const subscription of targets) {
      const id = `msg_${randomBytes(15).toString('base64url')}`;
      const timestamp = Math.floor(this.clock() / 1000);
      const record: DeliveryRecord = { id, topic, url: subscription.url, subscriptionId: subscription.id, at: new Date(this.clock()).toISOString(), state: 'pending' };
      this.deliveries.push(record);
      if (this.deliveries.length > 500) this.deliveries.shift();
      let failed = false;
      void deliverWebhook(
        {
          url: subscription.url,
          body,
          headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signDelivery(subscription.secret, id, timestamp, body), 'x-webhook-topic': topic },
        },
        { onGiveUp: () => (failed = true) },
      ).then(() => (record.state = failed ? 'failed' : 'delivered'));
    }
  }
}

import { createHmac, randomUUID } from 'node:crypto';
import { deliverWebhook } from '@ucg/legacy-kit';
import type { ShopState, WebhookRec } from './shop-state.ts';

export type RestTopic = 'inventory_levels/update' | 'orders/create' | 'products/update';
const topicEnum: Record<RestTopic, WebhookRec['topic']> = { 'inventory_levels/update': 'INVENTORY_LEVELS_UPDATE', 'orders/create': 'ORDERS_CREATE', 'products/update': 'PRODUCTS_UPDATE' };

export interface DispatcherOptions {
  /** The app's client secret: Shopify signs deliveries with it. */
  secret: string;
  shopDomain: string;
  apiVersion: string;
  onGiveUp?: (error: unknown, delivery: { topic: RestTopic; url: string }) => void;
}

/** Sends Shopify webhooks to every subscription of a topic, signed and headed as Shopify does. */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly state: ShopState, private readonly options: DispatcherOptions) {}

  emit(topic: RestTopic, payload: unknown): void {
    const subscribers = this.state.webhooks.filter((w) => w.topic === topicEnum[topic]);
    if (!subscribers.length) return;
    const body = JSON.stringify(payload);
    const hmac = createHmac('sha256', this.options.secret).update(body, 'utf8').digest('base64');
    const triggeredAt = new Date().toISOString();
    const eventId = randomUUID();
    for (const w of subscribers) {
      const delivery = deliverWebhook({
        url: w.uri,
        body,
        headers: {
          'x-shopify-topic': topic,
          'x-shopify-hmac-sha256': hmac,
          'x-shopify-shop-domain': this.options.shopDomain,
          'x-shopify-api-version': this.options.apiVersion,
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-event-id': eventId,
          'x-shopify-triggered-at': triggeredAt,
        },
      }, { onGiveUp: (error) => this.options.onGiveUp?.(error, { topic, url: w.uri }) });
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  /** Resolves once every delivery under way has been answered or given up (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

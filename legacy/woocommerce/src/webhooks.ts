import { createHash, createHmac, randomBytes } from 'node:crypto';
import { deliverWebhook } from '@ucg/legacy-kit';
import { phpJson } from './php-json.ts';
import type { StoredWebhook } from './state.ts';

/** The WordPress/WooCommerce hooks each topic listens to, as the `hooks` field reports them. */
const topicHooks: Record<string, string[]> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
  'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
};

/** `wc_is_webhook_valid_topic()`: a known resource.event, or `action.<hook>`. */
export function isValidTopic(topic: string): boolean {
  return topic in topicHooks || /^action\.[a-z0-9_]+$/.test(topic);
}

export function hooksFor(topic: string): string[] {
  return topicHooks[topic] ?? (topic.startsWith('action.') ? [topic.slice(7)] : []);
}

/** WooCommerce disables a webhook after more than this many consecutive failed deliveries. */
export const MAX_DELIVERY_FAILURES = 5;
const USER_AGENT = 'WooCommerce/10.3.0 Hookshot (WordPress/6.8.3)';

export interface WebhookDeliveryRecord {
  webhookId: number;
  topic: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends deliveries the way `WC_Webhook::deliver()` does: one POST per active webhook on the topic,
 * the body as `wp_json_encode` writes it, `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of that
 * body with the webhook's secret, no retries, and the webhook disabled after more than five
 * consecutive failures. Creating a webhook sends an unsigned `webhook_id=<id>` ping first.
 */
export class WebhookDispatcher {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly webhooks: () => Iterable<StoredWebhook>,
    private readonly onDelivery?: (record: WebhookDeliveryRecord) => void,
  ) {}

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once every delivery started so far has finished (tests use it). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  ping(webhook: StoredWebhook): void {
    const body = `webhook_id=${webhook.id}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'user-agent': USER_AGENT };
    this.onDelivery?.({ webhookId: webhook.id, topic: 'ping', url: webhook.delivery_url, headers, body });
    this.track(deliverWebhook({ url: webhook.delivery_url, body, headers }, { attempts: 1 }));
  }

  /** Fires `topic` for a resource; the payload is built when the delivery runs, as Action Scheduler does. */
  fire(topic: string, home: string, payload: () => unknown): void {
    const [resource = '', event = ''] = topic.split('.');
    for (const webhook of this.webhooks()) {
      if (webhook.status !== 'active' || webhook.topic !== topic) continue;
      this.track(
        Promise.resolve().then(async () => {
          const body = phpJson(payload());
          const deliveryId = createHash('md5').update(`${webhook.id}${Date.now()}${randomBytes(8).toString('hex')}`).digest('hex');
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'x-wc-webhook-source': `${home}/`,
            'x-wc-webhook-topic': topic,
            'x-wc-webhook-resource': resource,
            'x-wc-webhook-event': event,
            'x-wc-webhook-signature': createHmac('sha256', webhook.secret).update(body).digest('base64'),
            'x-wc-webhook-id': String(webhook.id),
            'x-wc-webhook-delivery-id': deliveryId,
          };
          this.onDelivery?.({ webhookId: webhook.id, topic, url: webhook.delivery_url, headers, body });
          let failed = false;
          await deliverWebhook({ url: webhook.delivery_url, body, headers }, { attempts: 1, onGiveUp: () => (failed = true) });
          webhook.failureCount = failed ? webhook.failureCount + 1 : 0;
          if (webhook.failureCount > MAX_DELIVERY_FAILURES) webhook.status = 'disabled';
        }),
      );
    }
  }
}

import { deliverWebhook } from '@ucg/legacy-kit';
import type { ChangeEvent } from './crm-store.ts';
import type { ResolvedOptions } from './options.ts';
import { signatureV1, signatureV3 } from './signature.ts';

export interface WebhookSettings {
  targetUrl: string;
  throttling: { maxConcurrentRequests: number; period?: string };
  createdAt: string;
  updatedAt: string;
}

export interface Subscription {
  id: string;
  eventType: string;
  propertyName?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One event inside a delivery, field for field as HubSpot sends them. */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: 'CREATED' | 'DELETED';
  propertyName?: string;
  propertyValue?: string;
  sourceId?: string;
}

export interface DeliveryRecord {
  url: string;
  body: string;
  headers: Record<string, string>;
  delivered: boolean | undefined;
}

/** HubSpot puts at most 100 events in one request. */
const MAX_EVENTS_PER_REQUEST = 100;

/**
 * The app's webhook configuration and the sender: store changes become events for every active
 * matching subscription; the events of one API call go out together in one signed POST.
 */
export class WebhookDispatcher {
  settings: WebhookSettings | undefined;
  readonly subscriptions = new Map<string, Subscription>();
  /** Every delivery attempted (for tests and the sandbox). */
  readonly deliveries: DeliveryRecord[] = [];
  private queue: WebhookEvent[] = [];
  private nextEventId = 1000;
  private nextSubscriptionId = 801_000;
  private pending: Promise<void>[] = [];

  constructor(private readonly options: ResolvedOptions) {}

  newSubscriptionId(): string {
    return String(this.nextSubscriptionId++);
  }

  /** Queues events for the current turn; they are flushed together once the API call is done. */
  enqueue(changes: ChangeEvent[]): void {
    if (!this.settings) return;
    const wasEmpty = this.queue.length === 0;
    for (const change of changes) {
      const type = `${change.objectType === 'contacts' ? 'contact' : 'company'}.${change.kind}`;
      for (const sub of this.subscriptions.values()) {
        if (!sub.active || sub.eventType !== type) continue;
        if (change.kind === 'propertyChange' && sub.propertyName !== change.propertyName) continue;
        this.queue.push({
          eventId: this.nextEventId++,
          subscriptionId: Number(sub.id),
          portalId: this.options.portalId,
          appId: this.options.appId,
          occurredAt: change.occurredAt,
          subscriptionType: type,
          attemptNumber: 0,
          objectId: Number(change.objectId),
          changeSource: change.changeSource,
          ...(change.kind === 'creation' ? { changeFlag: 'CREATED' as const } : {}),
          ...(change.kind === 'deletion' || change.kind === 'privacyDeletion' ? { changeFlag: 'DELETED' as const } : {}),
          ...(change.kind === 'propertyChange' ? { propertyName: change.propertyName!, propertyValue: change.propertyValue ?? '' } : {}),
          ...(change.changeSource === 'INTEGRATION' ? { sourceId: `${this.options.appId}` } : {}),
        });
      }
    }
    if (wasEmpty && this.queue.length) setImmediate(() => this.flush());
  }

  /** Resolves once every delivery started so far has finished (tests wait on it). */
  async idle(): Promise<void> {
    while (this.pending.length) await Promise.allSettled(this.pending.splice(0));
  }

  private flush(): void {
    const url = this.settings?.targetUrl;
    const events = this.queue.splice(0);
    if (!url) return;
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
      const body = JSON.stringify(events.slice(i, i + MAX_EVENTS_PER_REQUEST));
      const timestamp = Date.now();
      const secret = this.options.clientSecret;
      const headers = {
        'user-agent': 'HubSpot Webhooks',
        'x-hubspot-signature': signatureV1(secret, body),
        'x-hubspot-signature-version': 'v1',
        'x-hubspot-signature-v3': signatureV3(secret, 'POST', url, body, timestamp),
        'x-hubspot-request-timestamp': String(timestamp),
      };
      const record: DeliveryRecord = { url, body, headers, delivered: undefined };
      this.deliveries.push(record);
      if (this.deliveries.length > 1000) this.deliveries.shift();
      let failed = false;
      this.pending.push(deliverWebhook({ url, body, headers }, { onGiveUp: () => { failed = true; } }).then(() => { record.delivered = !failed; }));
    }
  }
}

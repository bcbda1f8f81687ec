import { assertFresh, ConnectorError, hmac, signaturesMatch, WebhookError } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import { HubSpotError } from './errors.ts';
import { LOYALTY_PROPERTIES } from './map/contact.ts';

/** HubSpot rejects nothing older itself; receivers must refuse deliveries older than five minutes. */
export const MAX_WEBHOOK_AGE_MS = 5 * 60_000;

type ContactEventType = 'contact.creation' | 'contact.deletion' | 'contact.privacyDeletion';

/** A contact event from a HubSpot delivery, in canonical terms (ids as strings, ISO timestamps). */
export type HubSpotWebhookEvent =
  | {
    type: 'contact.propertyChange';
    eventId: string;
    objectId: string;
    propertyName: string;
    propertyValue: string;
    /** Set when the changed property is the email itself; otherwise resolve `objectId` with `contactsByIds`. */
    email?: string;
    occurredAt: string;
    changeSource: string | null;
  }
  | { type: ContactEventType; eventId: string; objectId: string; occurredAt: string; changeSource: string | null };

interface RawEvent {
  eventId?: number | string;
  subscriptionType?: string;
  objectId?: number | string;
  propertyName?: string;
  propertyValue?: string;
  occurredAt?: number;
  changeSource?: string;
}

/** What the HTTP request looked like to the receiver: v3 signs the method and the full URL. */
export interface WebhookRequestLine {
  /** @default 'POST' */
  method?: string;
  /** The public URL HubSpot called (as registered), including any query string. */
  url: string;
}

/** HubSpot decodes these characters in the URI before signing; the receiver must do the same. */
function signatureUri(url: string): string {
  const decoded: Record<string, string> = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' };
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => decoded[m.toUpperCase()] ?? m);
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies a HubSpot webhook delivery (`X-HubSpot-Signature-v3`: base64 HMAC-SHA256 with the
 * app's client secret over method + URI + raw body + `X-HubSpot-Request-Timestamp`) and returns
 * its contact events. Throws WebhookError `WEBHOOK_UNSIGNED`, `WEBHOOK_BAD_SIGNATURE` or
 * `WEBHOOK_STALE` (older than five minutes: a replay must not apply twice).
 */
export function verifyHubSpotWebhook(
  rawBody: string | Buffer,
  headers: Record<string, string | string[] | undefined>,
  clientSecret: string,
  request: WebhookRequestLine,
  now = Date.now(),
): HubSpotWebhookEvent[] {
  const signature = headerValue(headers, 'x-hubspot-signature-v3');
  const timestamp = headerValue(headers, 'x-hubspot-request-timestamp');
  if (!signature || !timestamp) throw new WebhookError('WEBHOOK_UNSIGNED', 'crm', 'delivery has no X-HubSpot-Signature-v3 / X-HubSpot-Request-Timestamp');
  const body = Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody;
  const expected = hmac('sha256', clientSecret, `${(request.method ?? 'POST').toUpperCase()}${signatureUri(request.url)}${body}${timestamp}`, 'base64');
  if (!signaturesMatch(expected, signature)) throw new WebhookError('WEBHOOK_BAD_SIGNATURE', 'crm', 'X-HubSpot-Signature-v3 does not match the delivery');
  assertFresh('crm', Number(timestamp), MAX_WEBHOOK_AGE_MS, now);
  let events: unknown;
  try {
    events = JSON.parse(body);
  } catch (cause) {
    throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'crm', 'webhook delivery is not JSON', { cause, upstreamBody: body });
  }
  if (!Array.isArray(events)) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'crm', 'webhook delivery is not an array of events', { upstreamBody: body });
  return (events as RawEvent[]).flatMap(toEvent);
}

function toEvent(raw: RawEvent): HubSpotWebhookEvent[] {
  const base = {
    eventId: String(raw.eventId ?? ''),
    objectId: String(raw.objectId ?? ''),
    occurredAt: new Date(Number(raw.occurredAt ?? 0)).toISOString(),
    changeSource: raw.changeSource ?? null,
  };
  switch (raw.subscriptionType) {
    case 'contact.propertyChange': {
      const propertyValue = raw.propertyValue ?? '';
      return [{ type: 'contact.propertyChange', ...base, propertyName: raw.propertyName ?? '', propertyValue, ...(raw.propertyName === 'email' && propertyValue ? { email: propertyValue.toLowerCase() } : {}) }];
    }
    case 'contact.creation':
    case 'contact.deletion':
    case 'contact.privacyDeletion':
      return [{ type: raw.subscriptionType, ...base }];
    default:
      // Other object types are not ours to interpret.
      return [];
  }
}

export interface WebhookRegistration {
  targetUrl: string;
  subscriptions: { id: string; eventType: string; propertyName?: string; active: boolean }[];
}

export interface RegisterWebhookOptions {
  /** Contact properties whose changes to receive. @default loyalty points, tier, store credit and email */
  properties?: readonly string[];
  /** Contact lifecycle events to receive. @default creation and privacy deletion */
  events?: readonly ContactEventType[];
  /** HubSpot's per-app delivery concurrency (5-100). @default 10 */
  maxConcurrentRequests?: number;
}

interface SubscriptionBody {
  id: string;
  eventType: string;
  propertyName?: string;
  active: boolean;
}

/**
 * Points the app's webhooks at `targetUrl` and makes sure the contact subscriptions exist and are
 * active. Safe to call on every start: existing subscriptions are reused, inactive ones activated.
 */
export async function registerWebhooks(client: HubSpotClient, targetUrl: string, options: RegisterWebhookOptions = {}): Promise<WebhookRegistration> {
  const dev = client.developer();
  if (!dev) throw new HubSpotError('CRM_WEBHOOK_APP_NOT_CONFIGURED', 'registerWebhooks needs developerApiKey and appId in the HubSpot config');
  const base = `/webhooks/v3/${encodeURIComponent(dev.appId)}`;
  const query = { hapikey: dev.key };
  await dev.http.json({ method: 'PUT', path: `${base}/settings`, query, body: { targetUrl, throttling: { maxConcurrentRequests: options.maxConcurrentRequests ?? 10 } } });
  const existing = (await dev.http.json<{ results: SubscriptionBody[] }>({ path: `${base}/subscriptions`, query })).results;
  const properties = options.properties ?? [LOYALTY_PROPERTIES.points, LOYALTY_PROPERTIES.tier, LOYALTY_PROPERTIES.storeCredit, 'email'];
  const wanted = [
    ...properties.map((propertyName) => ({ eventType: 'contact.propertyChange', propertyName })),
    ...(options.events ?? ['contact.creation', 'contact.privacyDeletion']).map((eventType) => ({ eventType, propertyName: undefined })),
  ];
  const subscriptions: SubscriptionBody[] = [];
  for (const want of wanted) {
    const found = existing.find((s) => s.eventType === want.eventType && s.propertyName === want.propertyName);
    if (found?.active) subscriptions.push(found);
    else if (found) subscriptions.push(await dev.http.json<SubscriptionBody>({ method: 'PATCH', path: `${base}/subscriptions/${found.id}`, query, body: { active: true }, idempotent: true }));
    else subscriptions.push(await dev.http.json<SubscriptionBody>({ method: 'POST', path: `${base}/subscriptions`, query, body: { ...want, active: true } }));
  }
  return { targetUrl, subscriptions: subscriptions.map(({ id, eventType, propertyName, active }) => ({ id, eventType, ...(propertyName ? { propertyName } : {}), active })) };
}

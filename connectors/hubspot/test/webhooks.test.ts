import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isHubSpotError, verifyHubSpotWebhook } from '../src/index.ts';
import { crmCalls, harness } from './helpers.ts';

const CLIENT_SECRET = 'ucg-dev-client-secret';
const APP = { developerApiKey: 'ucg-dev-developer-key', appId: 1234567 };

interface Delivery {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const receivers: Server[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

/** The graph's side: an endpoint HubSpot posts to. */
async function receiver(): Promise<{ base: string; deliveries: Delivery[]; next: () => Promise<Delivery> }> {
  const deliveries: Delivery[] = [];
  const waiting: ((d: Delivery) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      deliveries.push(delivery);
      waiting.shift()?.(delivery);
      res.writeHead(204).end();
    });
  });
  receivers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, deliveries, next: () => new Promise((r) => waiting.push(r)) };
}

function rejection(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('HubSpot webhooks', () => {
  it('registers the target URL and subscriptions through the app’s webhooks API, idempotently', async () => {
    const { standIn, connector } = await harness(APP);
    const first = await connector.registerWebhooks('https://graph.example/hooks/hubspot');
    expect(standIn.webhooks.settings?.targetUrl).toBe('https://graph.example/hooks/hubspot');
    expect(first.subscriptions.map((s) => `${s.eventType}${s.propertyName ? `:${s.propertyName}` : ''}`)).toEqual([
      'contact.propertyChange:loyalty_points', 'contact.propertyChange:loyalty_tier', 'contact.propertyChange:store_credit_balance',
      'contact.propertyChange:email', 'contact.creation', 'contact.privacyDeletion',
    ]);
    expect(first.subscriptions.every((s) => s.active)).toBe(true);

    standIn.webhooks.subscriptions.get(first.subscriptions[1]!.id)!.active = false;
    const posts = () => crmCalls(standIn, '/webhooks/').filter((c) => c.method === 'POST').length;
    const before = posts();
    const second = await connector.registerWebhooks('https://graph.example/hooks/hubspot');
    expect(second.subscriptions).toEqual(first.subscriptions);
    expect(posts()).toBe(before);
    expect(standIn.webhooks.subscriptions.size).toBe(6);
  });

  it('needs the developer API key and app id to register', async () => {
    const { connector } = await harness();
    const error = await connector.registerWebhooks('https://graph.example/hooks').catch((e: unknown) => e);
    expect(isHubSpotError(error) && error.code).toBe('CRM_WEBHOOK_APP_NOT_CONFIGURED');
  });

  it('verifies signed v3 deliveries of loyalty changes and rejects forged, unsigned and stale ones', async () => {
    const { standIn, connector } = await harness(APP);
    const hooks = await receiver();
    // An encoded character in the query: HubSpot decodes it before signing, and so must the receiver.
    const targetUrl = `${hooks.base}/hooks/hubspot?source=crm%3Aloyalty`;
    await connector.registerWebhooks(targetUrl);
    const ava = standIn.store.find('contacts', 'ava.chen@example.com', 'email')!;
    const before = Number(ava.properties.loyalty_points);

    const arriving = hooks.next();
    await connector.updateLoyalty('ava.chen@example.com', { operationId: 'order-1:earn', pointsDelta: 50 });
    const delivery = await arriving;
    expect(delivery.url).toBe('/hooks/hubspot?source=crm%3Aloyalty');
    const events = verifyHubSpotWebhook(delivery.body, delivery.headers, CLIENT_SECRET, { method: 'POST', url: targetUrl });
    expect(events).toEqual([{
      type: 'contact.propertyChange', eventId: expect.any(String), objectId: ava.id, propertyName: 'loyalty_points',
      propertyValue: String(before + 50), occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), changeSource: 'INTEGRATION',
    }]);

    const timestamp = Number(delivery.headers['x-hubspot-request-timestamp']);
    const verify = (body: string, headers: IncomingHttpHeaders, secret = CLIENT_SECRET, now = timestamp) =>
      rejection(() => verifyHubSpotWebhook(body, headers, secret, { url: targetUrl }, now));
    expect(verify(delivery.body.replace(String(before + 50), '999999'), delivery.headers)).toBe('WEBHOOK_BAD_SIGNATURE');
    expect(verify(delivery.body, delivery.headers, 'not-the-secret')).toBe('WEBHOOK_BAD_SIGNATURE');
    expect(verify(delivery.body, { ...delivery.headers, 'x-hubspot-request-timestamp': String(timestamp + 1) })).toBe('WEBHOOK_BAD_SIGNATURE');
    expect(verify(delivery.body, { 'content-type': 'application/json' })).toBe('WEBHOOK_UNSIGNED');
    expect(verify(delivery.body, delivery.headers, CLIENT_SECRET, timestamp + 5 * 60_000 + 1)).toBe('WEBHOOK_STALE');
    expect(verify(delivery.body, delivery.headers, CLIENT_SECRET, timestamp + 4 * 60_000)).toBe('accepted');
  });

  it('delivers edits made in HubSpot itself, with the email when the email changed', async () => {
    const { standIn, url, connector } = await harness(APP);
    const hooks = await receiver();
    const targetUrl = `${hooks.base}/hooks/hubspot`;
    await connector.registerWebhooks(targetUrl);
    const arriving = hooks.next();
    await fetch(`${url}/__sandbox/contact-change`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ava.chen@example.com', properties: { email: 'Ava.Chen@New.Example.com', loyalty_tier: 'platinum' } }),
    });
    const delivery = await arriving;
    const events = verifyHubSpotWebhook(delivery.body, delivery.headers, CLIENT_SECRET, { url: targetUrl });
    expect(events.map((e) => e.type === 'contact.propertyChange' && [e.propertyName, e.propertyValue, e.email, e.changeSource])).toEqual([
      ['email', 'ava.chen@new.example.com', 'ava.chen@new.example.com', 'CRM_UI'],
      ['loyalty_tier', 'platinum', undefined, 'CRM_UI'],
    ]);
    expect((await connector.contactsByIds([events[0]!.objectId]))[0]?.email).toBe('ava.chen@new.example.com');
  });
});

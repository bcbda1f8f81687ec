import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoCustomerEmail } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWooWebhook, type WooWebhookEvent } from '../src/index.ts';
import { startHarness, type Harness } from './helpers.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('WooCommerce webhooks through the connector', () => {
  let h: Harness;
  let receiver: Server;
  let hookUrl: string;
  const received: Received[] = [];
  const secret = 'whsec_marketplace_test';

  beforeAll(async () => {
    h = await startHarness();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/marketplace`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
    await h.close();
  });

  it('registers through the webhooks API (once per topic and URL), answers the ping, and verifies a signed order.created', async () => {
    const connector = h.connector();
    const subscription = await connector.registerWebhook('order.created', hookUrl, secret);
    expect(subscription).toMatchObject({ topic: 'order.created', deliveryUrl: hookUrl, status: 'active' });
    expect((await connector.registerWebhook('order.created', hookUrl, secret)).nativeId).toBe(subscription.nativeId);
    expect(h.woo.store().webhooks.size).toBe(1);

    const sku = h.woo.store().variations.values().next().value!.sku;
    const placed = (await (await h.sandbox('orders', { email: demoCustomerEmail, lines: [{ sku, quantity: 2 }] })).json()) as { id: number };
    await h.woo.webhooks.idle();

    const ping = received.find((r) => r.body.toString().startsWith('webhook_id='))!;
    expect(connector.verifyWooWebhook(ping.body, ping.headers, secret)).toEqual({ kind: 'ping', webhookId: subscription.nativeId });

    const delivery = received.find((r) => r.headers['x-wc-webhook-topic'] === 'order.created')!;
    const event = connector.verifyWooWebhook(delivery.body, delivery.headers, secret) as Extract<WooWebhookEvent, { kind: 'order' }>;
    expect(event).toMatchObject({ kind: 'order', topic: 'order.created', event: 'created', webhookId: subscription.nativeId, nativeId: String(placed.id) });
    expect(event.order).toMatchObject({ number: String(placed.id), email: demoCustomerEmail, status: 'PROCESSING', lines: [{ sku, quantity: 2 }] });
  });

  it('rejects forged, unsigned and replayed deliveries', async () => {
    const delivery = received.find((r) => r.headers['x-wc-webhook-topic'] === 'order.created')!;
    const forged = Buffer.from(delivery.body.toString().replace('"quantity":2', '"quantity":20'));
    expect(() => verifyWooWebhook(forged, delivery.headers, secret)).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
    expect(() => verifyWooWebhook(delivery.body, delivery.headers, 'someone-elses-secret')).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
    // Re-serialising the body (WordPress escapes "/" as "\/") breaks the signature: verify the raw bytes.
    expect(() => verifyWooWebhook(JSON.stringify(JSON.parse(delivery.body.toString())), delivery.headers, secret)).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
    const { 'x-wc-webhook-signature': _dropped, ...unsigned } = delivery.headers;
    expect(() => verifyWooWebhook(delivery.body, unsigned, secret)).toThrow(expect.objectContaining({ code: 'WEBHOOK_UNSIGNED' }));
    const later = Date.now() + 20 * 60_000;
    expect(() => verifyWooWebhook(delivery.body, delivery.headers, secret, later)).toThrow(expect.objectContaining({ code: 'WEBHOOK_STALE' }));
  });
});

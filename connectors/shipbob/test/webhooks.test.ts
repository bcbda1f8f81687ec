import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_WEBHOOK_SECRET, ORDER_TOPICS, STANDIN_INVENTORY_TOPIC, verifyShipBobWebhook, type ShipBobConnector, type ShipBobWebhookEvent } from '../src/index.ts';
import { harness, webhookReceiver, type Delivery, type Harness } from './helpers.ts';

const SECRET = 'whsec_Z3JhcGgtdGVzdC1zZWNyZXQtZm9yLXNoaXBib2I=';

describe('ShipBobConnector: webhooks', () => {
  let h: Harness;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let connector: ShipBobConnector;
  beforeAll(async () => {
    h = await harness();
    hooks = await webhookReceiver();
    connector = h.connector({ webhookSecret: SECRET });
    await connector.registerWebhooks(hooks.url, [...ORDER_TOPICS, STANDIN_INVENTORY_TOPIC]);
  });
  afterAll(async () => {
    await hooks.close();
    await h.close();
  });

  const verify = (d: Delivery, now?: number): ShipBobWebhookEvent => verifyShipBobWebhook(d.body, d.headers, SECRET, now);
  const newOrder = (referenceId: string) =>
    connector.createOrder({
      referenceId,
      shippingMethod: 'Standard',
      recipient: { name: 'Noah Park', email: 'noah@example.com', address: { line1: '9 Lake St', line2: null, city: 'Chicago', province: 'IL', postalCode: '60601', countryCode: 'US' } },
      lines: [{ sku: 'NW100001-OCH-XL', name: 'Boreal Anorak', quantity: 1 }],
    });

  it('subscribes through the API, and re-registering leaves exactly one subscription for the URL', async () => {
    const again = await connector.registerWebhooks(hooks.url, [...ORDER_TOPICS, STANDIN_INVENTORY_TOPIC]);
    expect(again.secret).toBe(SECRET);
    const mine = (await connector.listWebhooks()).filter((s) => s.url === hooks.url);
    expect(mine).toEqual([{ id: again.id, url: hooks.url, topics: [...ORDER_TOPICS, STANDIN_INVENTORY_TOPIC] }]);
  });

  it('verifies order.shipped and types it with reference id and tracking', async () => {
    const { order } = await newOrder('wh-1');
    await h.sandbox(`/__sandbox/orders/${order.nativeId}/ship`);
    const event = verify(await hooks.next('order.shipped'));
    expect(event.type).toBe('ORDER_SHIPPED');
    if (event.type !== 'ORDER_SHIPPED') return;
    expect(event.deliveryId).toMatch(/^msg_/);
    expect(event.order).toMatchObject({ referenceId: 'wh-1', nativeId: order.nativeId, status: 'FULFILLED' });
    expect(event.order.shipments[0]).toMatchObject({ referenceId: 'wh-1', status: 'IN_TRANSIT', carrier: expect.any(String), trackingNumber: expect.any(String), trackingUrl: expect.stringMatching(/^https:\/\//) });
  });

  it('verifies order.shipment.delivered and order.shipment.exception', async () => {
    const { order } = await newOrder('wh-2');
    await h.sandbox(`/__sandbox/orders/${order.nativeId}/ship`);
    await h.sandbox(`/__sandbox/orders/${order.nativeId}/deliver`);
    const delivered = verify(await hooks.next('order.shipment.delivered'));
    expect(delivered).toMatchObject({ type: 'SHIPMENT_DELIVERED', shipment: { referenceId: 'wh-2', orderNativeId: order.nativeId, status: 'DELIVERED', deliveredAt: expect.any(String), trackingNumber: expect.any(String) } });

    const { order: stuck } = await newOrder('wh-3');
    await h.sandbox(`/__sandbox/orders/${stuck.nativeId}/exception`);
    const exception = verify(await hooks.next('order.shipment.exception'));
    expect(exception).toMatchObject({ type: 'SHIPMENT_EXCEPTION', shipment: { referenceId: 'wh-3', status: 'EXCEPTION', trackingNumber: null } });
  });

  it('turns a warehouse stock move (/__sandbox/stock) into a verified inventory event', async () => {
    const moved = await h.sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '161', onHand: 42 });
    expect(moved.status).toBe(200);
    const event = verify(await hooks.next(STANDIN_INVENTORY_TOPIC, '"on_hand_quantity":42'));
    expect(event).toMatchObject({ type: 'INVENTORY_CHANGED', stock: [{ sku: 'NW100001-OCH-M', system: '3pl-us', locationNativeId: '161', onHand: 42, committed: 0, available: 42 }] });
  });

  it('rejects forged, unsigned and stale deliveries', async () => {
    await h.sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '161', delta: 1 });
    const real = await hooks.next(STANDIN_INVENTORY_TOPIC, '"on_hand_quantity":43');
    expect(() => verifyShipBobWebhook(real.body.replace('"on_hand_quantity":43', '"on_hand_quantity":9999'), real.headers, SECRET)).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
    expect(() => verifyShipBobWebhook(real.body, real.headers, DEV_WEBHOOK_SECRET)).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
    const { 'webhook-signature': _dropped, ...unsigned } = real.headers;
    expect(() => verifyShipBobWebhook(real.body, unsigned, SECRET)).toThrow(expect.objectContaining({ code: 'WEBHOOK_UNSIGNED' }));
    expect(() => verify(real, Date.now() + 10 * 60_000)).toThrow(expect.objectContaining({ code: 'WEBHOOK_STALE' }));

    // A replay with a fresh timestamp but the old signature does not verify either.
    const replay = { ...real.headers, 'webhook-timestamp': String(Number(real.headers['webhook-timestamp']) + 5) };
    expect(() => verifyShipBobWebhook(real.body, replay, SECRET)).toThrow(expect.objectContaining({ code: 'WEBHOOK_BAD_SIGNATURE' }));
  });

  it('accepts any of several v1 signatures (secret rotation) and a Fetch Headers object', () => {
    const body = JSON.stringify({ id: 1, order_id: 2, reference_id: 'r-1', status: 'Completed', status_details: [{ name: 'Delivered' }], delivery_date: '2026-11-20T10:00:00Z' });
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64')).update(`msg_x.${ts}.${body}`).digest('base64');
    const headers = new Headers({ 'webhook-id': 'msg_x', 'webhook-timestamp': String(ts), 'webhook-signature': `v1,bm90LWl0 v1,${sig}`, 'x-webhook-topic': 'order.shipment.delivered' });
    expect(verifyShipBobWebhook(body, headers, SECRET)).toMatchObject({ type: 'SHIPMENT_DELIVERED', shipment: { referenceId: 'r-1', status: 'DELIVERED' } });
  });
});

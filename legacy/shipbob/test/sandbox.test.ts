import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNEL_ID, newOrderBody, receiver, signatureValid, start, type Running } from './helpers.ts';

const SECRET = 'whsec_c2FuZGJveC10ZXN0LXNlY3JldC0xMjM0NTY=';

describe('ShipBob stand-in: sandbox controls, webhooks and the rate limit', () => {
  let sb: Running;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    sb = await start();
    hooks = await receiver();
  });
  afterEach(async () => {
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    hooks.received.length = 0;
  });
  afterAll(async () => {
    await hooks.close();
    await sb.close();
  });

  const sandbox = async (path: string, body: unknown) => {
    const res = await fetch(`${sb.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const subscribe = (topics: string[]) => sb.api('/2026-01/webhook', { method: 'POST', body: { topics, url: hooks.url, secret: SECRET } });

  it('moves stock with /__sandbox/stock, shows it in the API and pushes a signed inventory event', async () => {
    await subscribe(['ucg.inventory.updated']);
    const before = (await sb.api('/2026-01/inventory-level/20000001/locations')).body.locations.find((l: { location_id: number }) => l.location_id === 156);
    const moved = await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '156', delta: 7 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sku: 'NW100001-OCH-M', location_id: 156, on_hand_quantity: before.on_hand_quantity + 7, fulfillable_quantity: before.fulfillable_quantity + 7 });
    const after = (await sb.api('/2026-01/inventory-level/20000001/locations')).body.locations.find((l: { location_id: number }) => l.location_id === 156);
    expect(after.on_hand_quantity).toBe(before.on_hand_quantity + 7);

    const [delivery] = await hooks.waitFor(1);
    expect(delivery!.headers['x-webhook-topic']).toBe('ucg.inventory.updated');
    expect(signatureValid(SECRET, delivery!)).toBe(true);
    expect(JSON.parse(delivery!.body)).toMatchObject({ sku: 'NW100001-OCH-M', locations: [{ location_id: 156, on_hand_quantity: before.on_hand_quantity + 7 }] });
  });

  it('sets on-hand absolutely and records the movement in inventory history', async () => {
    await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: 158, onHand: 3 });
    const history = await sb.api('/2026-01/inventory/history:query', { method: 'POST', body: { facility_id: 158, inventory_ids: [20000001] } });
    expect(history.status).toBe(200);
    expect(history.body.data).toEqual([expect.objectContaining({ inventory_id: 20000001, event_category: 'Adjustment Increase', increment: expect.objectContaining({ facility_id: 158, quantity_change: 3, sku: 'NW100001-OCH-M' }) })]);
  });

  it('refuses bad stock moves with stable codes', async () => {
    expect((await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '156' })).body.code).toBe('SANDBOX_BAD_STOCK');
    expect((await sandbox('/__sandbox/stock', { sku: 'NOPE', location: '156', delta: 1 })).body.code).toBe('SANDBOX_UNKNOWN_SKU');
    expect((await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '999', delta: 1 })).body.code).toBe('SANDBOX_UNKNOWN_LOCATION');
    const negative = await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '156', onHand: -1 });
    expect([negative.status, negative.body.code]).toEqual([400, 'SANDBOX_BAD_STOCK']);
  });

  it('drives an order through ship and deliver, firing signed order.shipped and order.shipment.delivered', async () => {
    await subscribe(['order.shipped', 'order.shipment.delivered', 'order.shipment.exception']);
    const order = (await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('sbx-1'), headers: { shipbob_channel_id: API_CHANNEL_ID } })).body;
    const shipped = await sandbox(`/__sandbox/orders/${order.id}/ship`, {});
    expect(shipped.body.shipments[0]).toMatchObject({ status: 'Completed', tracking: { tracking_number: expect.any(String), carrier: expect.any(String) } });
    await sandbox(`/__sandbox/orders/${order.id}/deliver`, {});
    const deliveries = await hooks.waitFor(2);
    expect(deliveries.map((d) => d.headers['x-webhook-topic'])).toEqual(['order.shipped', 'order.shipment.delivered']);
    expect(deliveries.every((d) => signatureValid(SECRET, d))).toBe(true);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({ id: order.id, reference_id: 'sbx-1', status: 'Fulfilled' });
    expect(JSON.parse(deliveries[1]!.body)).toMatchObject({ order_id: order.id, reference_id: 'sbx-1', delivery_date: expect.any(String), status_details: [{ name: 'Delivered' }] });
    expect((await sb.api(`/2026-01/order/${order.id}`)).body.status).toBe('Fulfilled');
    expect((await sandbox(`/__sandbox/orders/${order.id}/ship`, {})).body.code).toBe('SANDBOX_WRONG_STATE');
  });

  it('puts an unshipped order into exception, releasing its allocation, and fires order.shipment.exception', async () => {
    await subscribe(['order.shipment.exception']);
    const order = (await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('sbx-2'), headers: { shipbob_channel_id: API_CHANNEL_ID } })).body;
    await sandbox(`/__sandbox/orders/${order.id}/exception`, {});
    const [delivery] = await hooks.waitFor(1);
    expect(delivery!.headers['x-webhook-topic']).toBe('order.shipment.exception');
    expect(JSON.parse(delivery!.body)).toMatchObject({ order_id: order.id, status: 'Exception', status_details: [{ name: 'OutOfStock' }] });
  });

  it('runs ShipBob’s own sandbox simulation (ShipOrder then DeliverOrder)', async () => {
    const order = (await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('sbx-3'), headers: { shipbob_channel_id: API_CHANNEL_ID } })).body;
    const sim = await sb.api('/2026-01/simulate/shipment', { method: 'POST', body: { shipment_id: String(order.shipments[0].id), simulation: { action: 'ShipOrder', next: { action: 'DeliverOrder' } } } });
    expect(sim.body.simulation_id).toMatch(/^[0-9a-f-]{36}$/);
    const status = (await sb.api(`/2026-01/simulate/status/${sim.body.simulation_id}`)).body;
    expect(status.simulation).toMatchObject({ action: 'ShipOrder', status: 'Completed', next: { action: 'DeliverOrder', status: 'Completed' } });
    expect((await sb.api(`/2026-01/order/${order.id}`)).body.shipments[0].delivery_date).toEqual(expect.any(String));
  });

  it('limits calls per sliding window: 429 with x-retry-after and x-remaining-calls, then lets calls through again', async () => {
    await sandbox('/__sandbox/rate-limit', { limit: 3, windowMs: 1000 });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) remaining.push((await sb.api('/2026-01/channel')).headers.get('x-remaining-calls'));
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await sb.api('/2026-01/channel');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-retry-after')).toBe('1');
    expect(refused.headers.get('x-remaining-calls')).toBe('0');
    expect(refused.body).toEqual({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await sb.api('/2026-01/channel')).status).toBe(200);
  });

  it('restores the seeded account on reset', async () => {
    await sandbox('/__sandbox/stock', { sku: 'NW100001-OCH-M', location: '156', onHand: 0 });
    await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('sbx-reset'), headers: { shipbob_channel_id: API_CHANNEL_ID } });
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    expect((await sb.api('/2026-01/order?ReferenceIds=sbx-reset')).body).toEqual([]);
    expect((await sb.api('/2026-01/inventory-level/20000001')).body.total_on_hand_quantity).toBe(5);
  });
});

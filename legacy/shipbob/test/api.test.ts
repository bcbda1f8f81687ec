import { generateRetailer } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNEL_ID, newOrderBody, start, type Running } from './helpers.ts';

const retailer = generateRetailer();
const seedStock = retailer.stock.filter((s) => s.system === '3pl-us');
const seedOrders = retailer.orders.filter((o) => o.fulfilledBy === '3pl-us');

describe('ShipBob 2026-01 stand-in: the wire protocol', () => {
  let sb: Running;
  beforeAll(async () => {
    sb = await start();
  });
  afterAll(() => sb.close());

  it('refuses calls without the bearer token', async () => {
    const res = await fetch(`${sb.url}/2026-01/channel`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await sb.api('/2026-01/channel', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('lists the channels, one of them the token application with write scopes', async () => {
    const { body } = await sb.api('/2026-01/channel');
    expect(body.next).toBeNull();
    const mine = body.items.find((c: { application_name: string }) => c.application_name === 'SMA');
    expect(mine).toMatchObject({ id: Number(API_CHANNEL_ID), scopes: expect.arrayContaining(['orders_write', 'webhooks_write']) });
  });

  it('lists the seed fulfilment centres with their Receiving address, and network sites without access', async () => {
    const { body } = await sb.api('/2026-01/location');
    const granted = body.filter((l: { access_granted: boolean }) => l.access_granted);
    expect(granted.map((l: { id: number }) => String(l.id)).sort()).toEqual(retailer.locations.filter((l) => l.system === '3pl-us').map((l) => l.nativeId).sort());
    expect(granted[0]).toMatchObject({ name: 'ShipBob Cicero (IL)', timezone: 'Central Standard Time', services: expect.arrayContaining([expect.objectContaining({ service_type: 'Receiving', address: expect.objectContaining({ address1: '5900 W Ogden Ave', zip_code: '60804', country: 'US' }) })]) });
    expect(body.some((l: { access_granted: boolean }) => !l.access_granted)).toBe(true);
    expect((await sb.api('/2026-01/location?AccessGranted=true')).body).toHaveLength(granted.length);
  });

  it('reports per-centre stock equal to the seed, with fulfillable = on hand − committed', async () => {
    const sku = seedStock.find((s) => seedStock.filter((x) => x.sku === s.sku).length >= 3)!.sku;
    const { body } = await sb.api(`/2026-01/inventory-level/locations?SearchBy=${sku}`);
    const item = body.items.find((i: { sku: string }) => i.sku === sku);
    const expected = seedStock.filter((s) => s.sku === sku).map((s) => ({ location_id: Number(s.locationNativeId), on_hand_quantity: s.onHand, committed_quantity: s.committed, fulfillable_quantity: s.onHand - s.committed }));
    expect(item.locations).toEqual(expected.map((e) => expect.objectContaining(e)));
    const totals = (await sb.api(`/2026-01/inventory-level/${item.inventory_id}`)).body;
    expect(totals.total_on_hand_quantity).toBe(expected.reduce((n, e) => n + e.on_hand_quantity, 0));
  });

  it('pages inventory with body links that carry the filter in an opaque cursor', async () => {
    const first = (await sb.api('/2026-01/inventory-level?SearchBy=NW10000&PageSize=7')).body;
    expect(Object.keys(first).sort()).toEqual(['first', 'items', 'last', 'next', 'prev']);
    expect(first.items).toHaveLength(7);
    expect(first.prev).toBeNull();
    const seen = [...first.items];
    for (let next = first.next; next; ) {
      expect(next).toMatch(/^\/2026-01\/inventory-level\?Cursor=/);
      const page = (await sb.api(next)).body;
      seen.push(...page.items);
      next = page.next;
    }
    const expected = retailer.variants.filter((v) => v.sku.toLowerCase().includes('nw10000')).length;
    expect(seen).toHaveLength(expected);
    expect(new Set(seen.map((i) => i.inventory_id)).size).toBe(expected);
  });

  it('filters inventory by InventoryIds and rejects malformed ones with problem details', async () => {
    const { body } = await sb.api('/2026-01/inventory-level?InventoryIds=20000003,20000001');
    expect(body.items.map((i: { inventory_id: number }) => i.inventory_id)).toEqual([20000001, 20000003]);
    const bad = await sb.api('/2026-01/inventory-level?InventoryIds=abc');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ title: 'Bad Request', status: 400 });
  });

  it('pages orders with Page/Limit and a next-page header, newest first', async () => {
    const res = await sb.api('/2026-01/order?Limit=250');
    expect(res.body).toHaveLength(250);
    expect(res.headers.get('total-count')).toBe(String(seedOrders.length));
    expect(res.headers.get('next-page')).toBe('/2026-01/order?Limit=250&Page=2');
    expect(Date.parse(res.body[0].created_date)).toBeGreaterThan(Date.parse(res.body[249].created_date));
    const last = await sb.api(`/2026-01/order?Limit=250&Page=${Math.ceil(seedOrders.length / 250)}`);
    expect(last.headers.get('next-page')).toBeNull();
    expect((await sb.api('/2026-01/order?Limit=251')).status).toBe(400);
  });

  it('finds seed orders by ReferenceIds (the selling system’s order number) with their shipments and tracking', async () => {
    const seed = seedOrders.find((o) => o.status === 'DELIVERED')!;
    const [order] = (await sb.api(`/2026-01/order?ReferenceIds=${seed.number}`)).body;
    const seedShipment = retailer.shipments.find((s) => s.orderNumber === seed.number)!;
    expect(order).toMatchObject({ reference_id: seed.number, status: 'Fulfilled', financials: { total_price: Number(seed.total) } });
    expect(order.products.map((p: { sku: string }) => p.sku)).toEqual(seed.lines.map((l) => l.sku));
    expect(order.shipments[0]).toMatchObject({ status: 'Completed', location: { id: Number(seedShipment.fromNativeId) }, tracking: { carrier: seedShipment.carrier, tracking_number: seedShipment.trackingNumber, tracking_url: seedShipment.trackingUrl } });
    const [tracking] = (await sb.api(`/2026-01/shipments-tracking?ShipmentIds=${order.shipments[0].id}`)).body;
    expect(tracking.history).toHaveLength(seedShipment.events.length);
    expect(tracking.status).toBe('Delivered');
  });

  it('splits list parameters on literal commas only, as ShipBob does (an encoded %2C is no separator)', async () => {
    const [a, b] = seedOrders;
    expect((await sb.api(`/2026-01/order?ReferenceIds=${a!.number},${b!.number}`)).body).toHaveLength(2);
    expect((await sb.api(`/2026-01/order?ReferenceIds=${a!.number}%2C${b!.number}`)).body).toEqual([]);
    expect((await sb.api('/2026-01/order?IDs=240000001%2C240000002')).status).toBe(400);
    expect((await sb.api('/2026-01/inventory-level?InventoryIds=20000001%2C20000002')).status).toBe(400);
    const paged = await sb.api(`/2026-01/order?ReferenceIds=${a!.number},${b!.number}&Limit=1`);
    expect(paged.headers.get('next-page')).toBe(`/2026-01/order?ReferenceIds=${a!.number},${b!.number}&Limit=1&Page=2`);
  });

  it('filters orders by creation date', async () => {
    const from = '2026-11-19T00:00:00.000Z';
    const res = await sb.api(`/2026-01/order?StartDate=${from}&Limit=250`);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((o: { created_date: string }) => o.created_date >= from)).toBe(true);
    expect((await sb.api('/2026-01/order?StartDate=yesterday')).status).toBe(400);
  });

  it('creates an order (201), allocates it to a centre and refuses the same reference id again (422)', async () => {
    const created = await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('api-dup-1'), headers: { shipbob_channel_id: API_CHANNEL_ID } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reference_id: 'api-dup-1', status: 'Processing', channel: { id: Number(API_CHANNEL_ID) }, shipments: [{ status: 'Processing', location: { id: expect.any(Number) } }] });
    const again = await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('api-dup-1'), headers: { shipbob_channel_id: API_CHANNEL_ID } });
    expect(again.status).toBe(422);
    expect(again.body).toEqual({ '': ['Cannot insert order with existing ReferenceId'] });
    expect((await sb.api('/2026-01/order?ReferenceIds=api-dup-1')).body).toHaveLength(1);
  });

  it('requires shipbob_channel_id on writes and a channel with write scope', async () => {
    const missing = await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('api-ch-1') });
    expect(missing.status).toBe(400);
    expect(missing.body).toHaveProperty('shipbob_channel_id');
    const readOnly = await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('api-ch-1'), headers: { shipbob_channel_id: '372301' } });
    expect(readOnly.status).toBe(403);
  });

  it('answers an invalid order with every model-state error at once', async () => {
    const res = await sb.api('/2026-01/order', { method: 'POST', body: { reference_id: 'x', products: [{ quantity: 0 }] }, headers: { shipbob_channel_id: API_CHANNEL_ID } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['shipping_method', 'type', 'recipient', 'products[0].quantity', 'products[0].reference_id']));
  });

  it('puts an order it cannot fill into Exception (out of stock)', async () => {
    const res = await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('api-oos-1', 'NW100001-OCH-XL', 100_000), headers: { shipbob_channel_id: API_CHANNEL_ID } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('Exception');
    expect(res.body.shipments[0]).toMatchObject({ status: 'Exception', status_details: [{ name: 'OutOfStock' }] });
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    expect((await sb.api('/2026-01/order/999')).status).toBe(404);
    expect((await sb.api('/2026-01/order/abc')).status).toBe(400);
  });

  it('manages webhook subscriptions; the secret is shown only when created', async () => {
    const created = await sb.api('/2026-01/webhook', { method: 'POST', body: { topics: ['order.shipped', 'order.shipment.delivered'], url: 'https://example.com/hook' } });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const listed = (await sb.api('/2026-01/webhook')).body.items.find((s: { id: string }) => s.id === created.body.id);
    expect(listed).toEqual({ id: created.body.id, created_at: expect.any(String), description: null, enabled: true, topics: ['order.shipped', 'order.shipment.delivered'], url: 'https://example.com/hook' });
    expect((await sb.api('/2026-01/webhook', { method: 'POST', body: { topics: ['inventory.changed'], url: 'https://example.com/hook' } })).status).toBe(422);
    expect((await sb.api(`/2026-01/webhook/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sb.api(`/2026-01/webhook/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

import type { FulfilmentOrderRequest } from '@ucg/connector-core';
import { generateRetailer } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';

const retailer = generateRetailer();
const seedOrders = retailer.orders.filter((o) => o.fulfilledBy === '3pl-us');
const seedStock = retailer.stock.filter((s) => s.system === '3pl-us');

function request(referenceId: string, sku = seedStock.find((s) => s.onHand - s.committed > 5)!.sku): FulfilmentOrderRequest {
  return {
    referenceId,
    shippingMethod: 'Standard',
    recipient: { name: 'Ava Chen', email: 'ava.chen@example.com', address: { line1: '1 Commerce Way', line2: null, city: 'Chicago', province: 'IL', postalCode: '60601', countryCode: 'US' } },
    lines: [{ sku, name: 'Test item', quantity: 2, unitPrice: { amount: '19.99', currencyCode: 'USD' } }],
    total: { amount: '39.98', currencyCode: 'USD' },
  };
}

describe('ShipBobConnector: orders and shipments', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.close());

  it('creates an order through the token’s own channel (found via GET /channel) and commits the stock', async () => {
    const connector = h.connector();
    const sku = seedStock.find((s) => s.onHand - s.committed > 5)!.sku;
    const before = await connector.inventoryLevels([sku]);
    const { order, created } = await connector.createOrder(request('chk-1001', sku));
    expect(created).toBe(true);
    expect(order).toMatchObject({ system: '3pl-us', referenceId: 'chk-1001', status: 'PROCESSING', channelNativeId: '372300', total: { amount: '39.98', currencyCode: 'USD' } });
    expect(order.lines).toEqual([{ sku, quantity: 2, unitPrice: { amount: '19.99', currencyCode: 'USD' } }]);
    const from = order.shipments[0]!.fromLocationNativeId!;
    const after = await connector.inventoryLevels([sku]);
    const at = (rs: typeof before) => rs.find((r) => r.locationNativeId === from)!;
    expect(at(after).committed).toBe(at(before).committed + 2);
    expect(at(after).available).toBe(at(before).available - 2);
  });

  it('does not create a second order for a reference id it already sent: it returns the existing one', async () => {
    const connector = h.connector({ channelId: '372300' });
    const first = await connector.createOrder(request('chk-1002'));
    const second = await connector.createOrder(request('chk-1002'));
    expect(second).toEqual({ created: false, order: expect.objectContaining({ nativeId: first.order.nativeId, referenceId: 'chk-1002' }) });
    const orders = (await fetch(`${h.url}/2026-01/order?ReferenceIds=chk-1002`, { headers: { authorization: 'Bearer shipbob-ucg-dev' } }).then((r) => r.json())) as unknown[];
    expect(orders).toHaveLength(1);
    expect((await h.calls()).byEndpoint['POST /2026-01/order']).toBeGreaterThanOrEqual(2);
  });

  it('maps a refused order (not a duplicate) to UPSTREAM_REJECTED', async () => {
    const bad = { ...request('chk-1003'), lines: [] };
    await expect(h.connector().createOrder(bad)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', system: '3pl-us', statusCode: 400 });
  });

  it('finds orders by reference id across every page', async () => {
    const refs = seedOrders.slice(0, 120).map((o) => o.number);
    const found = await h.connector({ pageSize: 25 }).ordersByReference(refs);
    expect(found.map((o) => o.referenceId).sort()).toEqual([...refs].sort());
    const seed = seedOrders[0]!;
    expect(found.find((o) => o.referenceId === seed.number)).toMatchObject({ orderNumber: seed.number, total: { amount: seed.total, currencyCode: 'USD' }, channelNativeId: '372211' });
  });

  it('reads one order by id, and null for an id ShipBob does not know', async () => {
    const connector = h.connector();
    const [one] = await connector.ordersByReference([seedOrders[5]!.number]);
    expect(await connector.order(one!.nativeId)).toMatchObject({ nativeId: one!.nativeId, referenceId: seedOrders[5]!.number });
    expect(await connector.order('999')).toBeNull();
    expect(await connector.order('not-a-number')).toBeNull();
  });

  it('returns shipments with carrier, tracking number and URL, status and tracking events', async () => {
    const connector = h.connector();
    const delivered = seedOrders.filter((o) => o.status === 'DELIVERED').slice(0, 30);
    const orders = await connector.ordersByReference(delivered.map((o) => o.number));
    const shipments = await connector.shipments(orders.map((o) => o.nativeId));
    expect(shipments).toHaveLength(delivered.length);
    for (const seed of retailer.shipments.filter((s) => delivered.some((o) => o.number === s.orderNumber))) {
      const s = shipments.find((x) => x.referenceId === seed.orderNumber)!;
      expect(s).toMatchObject({ status: 'DELIVERED', carrier: seed.carrier, trackingNumber: seed.trackingNumber, trackingUrl: seed.trackingUrl, fromLocationNativeId: seed.fromNativeId, shippedAt: seed.shippedAt });
      expect(s.events.map((e) => e.status)).toEqual(seed.events.map((e) => e.status === 'OUT_FOR_DELIVERY' ? 'OUT_FOR_DELIVERY' : e.status));
      expect(s.deliveredAt).toBe(seed.events.at(-1)!.at);
    }
    // One order listing (≤ 50 ids) and two tracking calls (≤ 25 shipments each).
    expect((await h.calls()).byEndpoint['GET /2026-01/shipments-tracking']).toBe(2);
  });

  it('follows an order through fulfilment: pending, then in transit with tracking, then delivered', async () => {
    const connector = h.connector();
    const { order } = await connector.createOrder(request('chk-1004'));
    expect((await connector.shipments([order.nativeId]))[0]).toMatchObject({ status: 'PENDING', trackingNumber: null, events: [] });
    await h.sandbox(`/__sandbox/orders/${order.nativeId}/ship`);
    const shipped = (await connector.shipments([order.nativeId]))[0]!;
    expect(shipped).toMatchObject({ status: 'IN_TRANSIT', trackingNumber: expect.any(String), trackingUrl: expect.stringContaining(shipped.trackingNumber!) });
    await h.sandbox(`/__sandbox/orders/${order.nativeId}/deliver`);
    const delivered = (await connector.shipments([order.nativeId]))[0]!;
    expect(delivered.status).toBe('DELIVERED');
    expect(delivered.events.map((e) => e.status)).toEqual(['LABEL_CREATED', 'IN_TRANSIT', 'DELIVERED']);
    expect((await connector.order(order.nativeId))!.status).toBe('FULFILLED');
  });
});

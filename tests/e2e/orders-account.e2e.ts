import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money, sumMoney } from '@ucg/connector-core';
import { devPartnerKey, mintDevToken } from '@ucg/gateway';
import { RetailerIndex, demoCustomerEmail, generateRetailer, type Order } from '@ucg/legacy-seed';
import { repoRoot } from '@ucg/stack';
import { gql, sandboxFaults, startTestStack, type TestStack } from '../src/index.ts';

/** A client-contract operation, exactly as clients send it. */
const contract = (path: string) => readFileSync(join(repoRoot, 'schema/contract', path), 'utf8');
const persistedId = (name: string) =>
  (JSON.parse(readFileSync(join(repoRoot, 'schema/manifests/partner.json'), 'utf8')) as { operations: { id: string; name: string }[] }).operations.find((o) => o.name === name)!.id;

type Data = Record<string, any>;

/** The orders subgraph through the gateway: a customer's account, guest tracking, a partner portal, ops reports, returns. */
describe('orders through the gateway', () => {
  let stack: TestStack;
  let customer: string;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const ava = [...index.ordersByPerson.get(index.personByEmail.get(demoCustomerEmail)!.key)!].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // The catalog is not needed for orders; everything else takes part.
    stack = await startTestStack({ only: ['erp', 'crm', '3pl-us', '3pl-eu', 'webstore', 'marketplace', 'inventory', 'customers', 'orders', 'cart', 'gateway'] });
    customer = await mintDevToken({ email: demoCustomerEmail });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('MyAccount: the demo customer\'s web, marketplace and POS orders, newest first, with the 3PLs\' parcels as the seed has them', async () => {
    const res = await gql<Data>(stack.gatewayUrl, contract('mobile/MyAccount.graphql'), { ordersFirst: 10 }, as(customer));
    expect(res.status).toBe(200);
    expect((res.body.errors ?? []).filter((e) => e.path?.includes('orders'))).toEqual([]);
    const nodes = res.body.data!.me.orders.nodes as Data[];
    expect(nodes.map((n) => n.number)).toEqual(ava.map((o) => o.number));
    expect(new Set(nodes.map((n) => n.channel))).toEqual(new Set(['WEB', 'MARKETPLACE', 'POS']));
    for (const [i, node] of nodes.entries()) {
      const seed = ava[i]!;
      expect(node).toMatchObject({ channel: seed.channel, placedAt: seed.placedAt, total: { amount: seed.total, currencyCode: seed.currency } });
      expect(node.shipments).toEqual((index.shipmentsByOrder.get(seed.number) ?? []).map((s) => ({
        carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl, status: s.status,
        events: s.events.map((e) => ({ at: e.at, status: e.status, description: e.description })),
      })));
    }
  });

  it('OrderTracking: a guest finds an order by number and the email it was placed with; a wrong email finds nothing', async () => {
    const shipped = ava.find((o) => index.shipmentsByOrder.has(o.number))!;
    const parcel = index.shipmentsByOrder.get(shipped.number)![0]!;
    const centre = retailer.locations.find((l) => l.system === parcel.system && l.nativeId === parcel.fromNativeId)!;
    const right = await gql<Data>(stack.gatewayUrl, contract('mobile/OrderTracking.graphql'), { number: shipped.number, email: demoCustomerEmail.toUpperCase() });
    expect(right.body.errors).toBeUndefined();
    expect(right.body.data!.order).toMatchObject({ number: shipped.number, channel: shipped.channel, placedAt: shipped.placedAt });
    expect(right.body.data!.order.lines.map((l: Data) => [l.sku, l.quantity])).toEqual(shipped.lines.map((l) => [l.sku, l.quantity]));
    // The parcel's origin is a Location the inventory subgraph names.
    expect(right.body.data!.order.shipments[0]).toMatchObject({ trackingNumber: parcel.trackingNumber, fromLocation: { id: `${parcel.system}:${parcel.fromNativeId}`, name: centre.name } });
    const wrong = await gql<Data>(stack.gatewayUrl, contract('mobile/OrderTracking.graphql'), { number: shipped.number, email: 'someone.else@example.com' });
    expect(wrong.body).toEqual({ data: { order: null } });
  });

  it("PartnerOrderStatus (persisted, partner key): acme's own orders only", async () => {
    const b2b = retailer.orders.filter((o) => o.channel === 'B2B');
    const acme = b2b.filter((o) => o.companyId === 'acme').slice(-3);
    const others = b2b.filter((o) => o.companyId !== 'acme').slice(-2);
    const numbers = [...acme, ...others, ava[0]!].map((o) => o.number);
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': devPartnerKey },
      body: JSON.stringify({ variables: { numbers }, extensions: { persistedQuery: { version: 1, sha256Hash: persistedId('PartnerOrderStatus') } } }),
    });
    const body = (await res.json()) as { data: Data; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data.partnerOrders.map((o: Data) => o.number)).toEqual(acme.map((o) => o.number));
    expect(body.data.partnerOrders.map((o: Data) => o.lines)).toEqual(acme.map((o) => o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))));
  });

  it('SalesSummary: two days of orders in every channel, converted at the ERP\'s rates, equal to what the seed holds', async () => {
    const from = '2026-11-18T00:00:00.000Z';
    const to = '2026-11-20T00:00:00.000Z';
    const staff = await mintDevToken({ scope: 'reports:read', sub: 'analyst-1' });
    // A cold period takes longer than a client waits: the subgraph says REPORT_NOT_READY and keeps computing.
    let res = await gql<Data>(stack.gatewayUrl, contract('ops/SalesSummary.graphql'), { from, to }, as(staff));
    for (let tries = 0; res.body.errors?.some((e) => e.extensions?.code === 'REPORT_NOT_READY') && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 1000));
      res = await gql<Data>(stack.gatewayUrl, contract('ops/SalesSummary.graphql'), { from, to }, as(staff));
    }
    expect(res.body.errors).toBeUndefined();
    const summary = res.body.data!.salesSummary;

    const usd = (o: Order) => (o.currency === 'USD' ? '1' : retailer.exchangeRates.find((r) => r.from === o.currency && r.to === 'USD')!.rate);
    const inPeriod = retailer.orders.filter((o) => o.status !== 'CANCELLED' && (o.channel === 'B2B' ? `${o.placedAt.slice(0, 10)}T00:00:00.000Z` : o.placedAt) >= from && (o.channel === 'B2B' ? `${o.placedAt.slice(0, 10)}T00:00:00.000Z` : o.placedAt) < to);
    const revenueOf = (list: Order[]) => {
      const sums = new Map<string, { rate: string; sum: Big }>();
      for (const o of list) sums.set(o.currency, { rate: usd(o), sum: (sums.get(o.currency)?.sum ?? new Big(0)).plus(o.subtotal) });
      return sumMoney([...sums.values()].map((s) => money(s.sum.times(s.rate), 'USD')), 'USD');
    };
    const channels = ['WEB', 'MARKETPLACE', 'POS', 'B2B'].map((channel) => {
      const list = inPeriod.filter((o) => o.channel === channel);
      return { channel, orders: list.length, revenue: revenueOf(list) };
    });
    expect(summary.byChannel.map((c: Data) => ({ channel: c.channel, orders: c.orders, revenue: c.revenue }))).toEqual(channels);
    expect(summary.orders).toBe(inPeriod.length);
    expect(summary.revenue).toEqual(sumMoney(channels.map((c) => c.revenue), 'USD'));
    expect(summary.topProducts).toHaveLength(10);

    const forbidden = await gql<Data>(stack.gatewayUrl, contract('ops/SalesSummary.graphql'), { from, to }, as(customer));
    expect(forbidden.body.data?.salesSummary ?? null).toBeNull();
  }, 120_000);

  it('FulfillmentBoard: a row per warehouse for staff with fulfillment:read', async () => {
    const staff = await mintDevToken({ scope: 'fulfillment:read', sub: 'ops-1' });
    const res = await gql<Data>(stack.gatewayUrl, contract('ops/FulfillmentBoard.graphql'), {}, as(staff));
    expect(res.body.errors).toBeUndefined();
    const ids = res.body.data!.fulfillmentBoard.map((r: Data) => r.location.id);
    const warehouses = retailer.locations.filter((l) => l.system !== 'webstore');
    expect(ids.sort()).toEqual(warehouses.map((l) => `${l.system}:${l.nativeId}`).sort());
    for (const row of res.body.data!.fulfillmentBoard as Data[]) {
      expect(row.location.name).toBe(warehouses.find((l) => `${l.system}:${l.nativeId}` === row.location.id)!.name);
    }
    const erp = res.body.data!.fulfillmentBoard.find((r: Data) => r.location.id === 'erp:1000');
    expect(erp.awaitingPick).toBe(retailer.orders.filter((o) => o.channel === 'B2B' && o.status !== 'DELIVERED').length);
  });

  it('ReturnRequest: a delivered web order back in a store, refunded at the prices paid, once per key', async () => {
    const delivered = ava.find((o) => o.channel === 'WEB' && o.status === 'DELIVERED')!;
    const line = delivered.lines[0]!;
    const input = { orderNumber: delivered.number, method: 'IN_STORE', locationId: 'webstore:70002', lines: [{ sku: line.sku, quantity: 1, reason: 'DOES_NOT_FIT' }], idempotencyKey: 'e2e-return-1' };
    const first = await gql<Data>(stack.gatewayUrl, contract('mobile/ReturnRequest.graphql'), { input }, as(customer));
    expect(first.body.errors).toBeUndefined();
    const store = retailer.locations.find((l) => l.nativeId === '70002')!;
    expect(first.body.data!.returnRequest).toMatchObject({
      userErrors: [],
      return: { status: 'REQUESTED', method: 'IN_STORE', location: { id: 'webstore:70002', name: store.name }, lines: [{ sku: line.sku, quantity: 1, reason: 'DOES_NOT_FIT' }], refund: { amount: money(line.unitPrice, delivered.currency).amount, currencyCode: delivered.currency } },
    });
    const again = await gql<Data>(stack.gatewayUrl, contract('mobile/ReturnRequest.graphql'), { input }, as(customer));
    expect(again.body.data!.returnRequest.return.id).toBe(first.body.data!.returnRequest.return.id);
    const guessed = await gql<Data>(stack.gatewayUrl, contract('mobile/ReturnRequest.graphql'), { input: { ...input, idempotencyKey: 'e2e-return-2', email: 'someone.else@example.com' } });
    expect(guessed.body.data!.returnRequest.userErrors.map((e: Data) => e.code)).toEqual(['ORDER_NOT_FOUND']);
  });

  it('MyAccount with the web store down: a customer read a moment ago still sees every order; one not cached sees marketplace orders and an error naming webstore', async () => {
    // Someone with orders on both platforms whose lists this file has not read yet (nothing cached).
    const other = retailer.people.find((p) => p.email !== demoCustomerEmail && (index.ordersByPerson.get(p.key) ?? []).some((o) => o.system === 'marketplace') && (index.ordersByPerson.get(p.key) ?? []).some((o) => o.system === 'webstore'))!;
    const theirs = [...index.ordersByPerson.get(other.key)!].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
    const otherToken = await mintDevToken({ email: other.email });
    await gql<Data>(stack.gatewayUrl, contract('mobile/MyAccount.graphql'), { ordersFirst: 10 }, as(customer)); // Ava's lists are warm
    await sandboxFaults(stack.urls.webstore, { down: true });
    try {
      const cached = await gql<Data>(stack.gatewayUrl, contract('mobile/MyAccount.graphql'), { ordersFirst: 10 }, as(customer));
      expect(cached.body.data!.me.orders.nodes.map((n: Data) => n.number)).toEqual(ava.map((o) => o.number));
      expect((cached.body.errors ?? []).filter((e) => e.path?.includes('orders'))).toEqual([]);

      const res = await gql<Data>(stack.gatewayUrl, contract('mobile/MyAccount.graphql'), { ordersFirst: 10 }, as(otherToken));
      expect(res.body.data!.me.orders.nodes.map((n: Data) => n.number)).toEqual(theirs.filter((o) => o.system === 'marketplace').slice(0, 10).map((o) => o.number));
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['me', 'orders'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', system: 'webstore' }) })]));
    } finally {
      await sandboxFaults(stack.urls.webstore, { down: false });
    }
  });
});

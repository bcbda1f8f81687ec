import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money, sumMoney, type Money } from '@ucg/connector-core';
import type { Order } from '@ucg/legacy-seed';
import { OrderOutbox } from '@ucg/order-outbox';
import { createLogger } from '@ucg/service-kit';
import { DeliveryStates, isSettled } from '../src/delivery/state.ts';
import { loadWorkerConfig } from '../src/worker/config.ts';
import { createOrderWorker } from '../src/worker/create-worker.ts';
import { checkoutDrafts } from './checkout-orders.ts';
import { calls, startLegacy, startSubgraph, type LegacyWorld, type SubgraphUnderTest } from './harness.ts';

const SUMMARY = /* GraphQL */ `
  query Summary($from: DateTime!, $to: DateTime!, $currency: CurrencyCode) {
    salesSummary(from: $from, to: $to, currencyCode: $currency) {
      orders revenue { amount currencyCode } averageOrderValue { amount currencyCode } repeatCustomerRate
      byChannel { channel orders revenue { amount currencyCode } averageOrderValue { amount currencyCode } }
      topProducts(first: 5) { sku title units revenue { amount currencyCode } }
    }
  }
`;
const BOARD = /* GraphQL */ `query { fulfillmentBoard { location { id } awaitingPick awaitingPack shippedToday exceptions } }`;

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface SummaryAnswer {
  salesSummary: {
    orders: number; revenue: Money; averageOrderValue: Money; repeatCustomerRate: number;
    byChannel: { channel: string; orders: number; revenue: Money; averageOrderValue: Money }[];
    topProducts: { sku: string; title: string; units: number; revenue: Money }[];
  };
}

describe('ops reports', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;

  beforeAll(async () => {
    world = await startLegacy();
    // A client waits 2 s for a report here; a colder one answers REPORT_NOT_READY and is asked again.
    orders = await startSubgraph(world, { SALES_ANSWER_WITHIN_MS: '2000' });
  }, 120_000);

  /** Asks until the report is ready, as a dashboard would; resolves the answer and how often it was told to wait. */
  async function summaryWhenReady(variables: Record<string, unknown>) {
    for (let waits = 0; ; waits++) {
      const res = await orders.query<SummaryAnswer>(SUMMARY, variables, { staff: ['reports:read'] });
      const notReady = res.errors?.find((e) => e.extensions?.code === 'REPORT_NOT_READY');
      if (!notReady) return { res, waits };
      expect(notReady.extensions!.retryAfterMs).toBeGreaterThan(0);
      await sleep(1000);
    }
  }
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  /** The seed's orders in [from, to) converted as the SDL defines (each currency's sum once, at the ERP's rates). */
  function expectedSummary(from: string, to: string, currency: string) {
    const rate = (c: string) => (c === currency ? '1' : world.retailer.exchangeRates.find((r) => r.from === c && r.to === currency)!.rate);
    const convert = (parts: [string, string][]) => {
      const sums = new Map<string, Big>();
      for (const [c, a] of parts) sums.set(c, (sums.get(c) ?? new Big(0)).plus(a));
      return sumMoney([...sums].map(([c, s]) => money(s.times(rate(c)), currency)), currency);
    };
    const day = (iso: string) => `${iso.slice(0, 10)}T00:00:00.000Z`;
    const inPeriod = (o: Order) => {
      const at = o.channel === 'B2B' ? day(o.placedAt) : o.placedAt;
      return o.status !== 'CANCELLED' && at >= from && at < to;
    };
    const period = world.retailer.orders.filter(inPeriod);
    const byChannel = ['WEB', 'MARKETPLACE', 'POS', 'B2B'].map((channel) => {
      const list = period.filter((o) => o.channel === channel);
      const revenue = convert(list.map((o) => [o.currency, o.subtotal]));
      return { channel, orders: list.length, revenue, averageOrderValue: money(list.length ? new Big(revenue.amount).div(list.length) : 0, currency) };
    });
    const revenue = sumMoney(byChannel.map((c) => c.revenue), currency);
    const customers = new Map<string, number>();
    for (const o of period) {
      const key = o.channel === 'B2B' ? `b2b:${o.companyId}` : o.email?.toLowerCase();
      if (key) customers.set(key, (customers.get(key) ?? 0) + 1);
    }
    const skus = new Map<string, { units: number; parts: [string, string][] }>();
    for (const o of period) {
      for (const l of o.lines) {
        const e = skus.get(l.sku) ?? { units: 0, parts: [] };
        e.units += l.quantity;
        e.parts.push([o.currency, new Big(l.unitPrice).times(l.quantity).toFixed(2)]);
        skus.set(l.sku, e);
      }
    }
    const top = [...skus].map(([sku, e]) => ({ sku, units: e.units, revenue: convert(e.parts) }))
      .sort((a, b) => new Big(b.revenue.amount).cmp(a.revenue.amount) || b.units - a.units || a.sku.localeCompare(b.sku)).slice(0, 5);
    return {
      orders: period.length, revenue, byChannel, top,
      averageOrderValue: money(new Big(revenue.amount).div(period.length), currency),
      repeatCustomerRate: [...customers.values()].filter((n) => n > 1).length / customers.size,
    };
  }

  // Two days: the web store lists orders at the pace its query-cost budget allows (a few per second).
  it('sums two days of orders across web, POS, marketplace and B2B in the reporting currency, as the seed holds them', async () => {
    const from = '2026-11-18T00:00:00.000Z';
    const to = '2026-11-20T00:00:00.000Z';
    for (const currency of ['USD', 'EUR']) {
      const expected = expectedSummary(from, to, currency);
      const { res, waits } = await summaryWhenReady({ from, to, currency });
      // Cold, the web store's orders take longer than a client waits; the second currency reuses the cached days.
      expect(waits > 0).toBe(currency === 'USD');
      expect(res.errors).toBeUndefined();
      const s = res.data!.salesSummary;
      expect(s.byChannel).toEqual(expected.byChannel);
      expect({ orders: s.orders, revenue: s.revenue, averageOrderValue: s.averageOrderValue }).toEqual({ orders: expected.orders, revenue: expected.revenue, averageOrderValue: expected.averageOrderValue });
      expect(s.repeatCustomerRate).toBeCloseTo(expected.repeatCustomerRate, 10);
      expect(s.topProducts.map(({ title: _t, ...p }) => p)).toEqual(expected.top);
      for (const p of s.topProducts) expect(p.title.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('answers the same period again from the per-day cache, without asking the selling systems', async () => {
    const before = await Promise.all([world.urls.webstore, world.urls.marketplace, world.urls.erp].map(calls));
    const res = await orders.query<SummaryAnswer>(SUMMARY, { from: '2026-11-19T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' }, { staff: ['reports:read'] });
    const after = await Promise.all([world.urls.webstore, world.urls.marketplace, world.urls.erp].map(calls));
    expect(res.data!.salesSummary.orders).toBe(expectedSummary('2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z', 'USD').orders);
    // Shopify, WooCommerce untouched; the ERP only for its rates (they are cached too).
    expect(after.map((a, i) => a.total - before[i]!.total)).toEqual([0, 0, 0]);
  });

  it('refuses reports without the scope, and nonsense periods', async () => {
    const period = { from: '2026-11-13T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' };
    expect((await orders.query(SUMMARY, period, { staff: ['orders:read'] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await orders.query(SUMMARY, { from: period.to, to: period.from }, { staff: ['reports:read'] })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await orders.query(BOARD, {}, { customer: 'ava.chen@example.com' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows per warehouse what waits, what left today and what is stuck, as the 3PLs and the ERP report it', async () => {
    // Three checkout orders to Europe, delivered by the worker: the EU warehouse ships them at once.
    const worker = createOrderWorker(loadWorkerConfig({ ...world.env, ORDER_WORKER_POLL_MS: '100', ORDER_WORKER_CLAIM_IDLE_MS: '500' }), createLogger('t', { level: 'silent' }), orders.store);
    worker.start();
    const outbox = new OrderOutbox(orders.store);
    const states = new DeliveryStates(orders.store);
    const eu = checkoutDrafts(world.index, 9).filter((d) => d.countryCode !== 'US');
    const placed = await Promise.all(eu.map((d, i) => outbox.place(`board-${i}`, d)));
    try {
      for (;;) {
        const records = await states.getMany(placed.map((p) => p.order.number));
        const shipped = world.edi.warehouse.book.orders().filter((o) => placed.some((p) => p.order.number === o.orderReference) && o.status === 'SHIPPED');
        if (records.every(isSettled) && shipped.length === placed.length) break;
        await sleep(200);
      }
    } finally {
      await worker.stop();
    }
    await sleep(2_100); // the subgraph looks for new 945s in the history folder at most every 2 s

    const res = await orders.query<{ fulfillmentBoard: { location: { id: string }; awaitingPick: number; awaitingPack: number; shippedToday: number; exceptions: number }[] }>(BOARD, {}, { staff: ['fulfillment:read'] });
    expect(res.errors).toBeUndefined();
    const rows = new Map(res.data!.fulfillmentBoard.map((r) => [r.location.id, r]));

    // ShipBob: every open order (nothing labelled yet) and every order updated in the last 14 days, by centre and status.
    const since = Date.now() - 14 * DAY;
    const account = world.shipbob.account();
    const looked = account.orders.filter((o) => account.shipmentsOf(o).every((s) => s.tracking === null) || Date.parse(o.last_update_at) >= since);
    const centres = world.retailer.locations.filter((l) => l.system === '3pl-us');
    for (const centre of centres) {
      const shipments = looked.flatMap((o) => account.shipmentsOf(o)).filter((s) => String(s.locationId) === centre.nativeId);
      expect(rows.get(`3pl-us:${centre.nativeId}`)).toEqual({
        location: { id: `3pl-us:${centre.nativeId}` },
        awaitingPick: shipments.filter((s) => s.status === 'Processing').length,
        awaitingPack: shipments.filter((s) => s.status === 'LabeledCreated').length,
        shippedToday: 0,
        exceptions: shipments.filter((s) => s.status === 'Exception' || s.details.some((d) => d.name === 'DeliveryException')).length,
      });
    }
    const pendingAtShipBob = [...rows.values()].filter((r) => r.location.id.startsWith('3pl-us:')).reduce((n, r) => n + r.awaitingPick, 0);
    expect(pendingAtShipBob).toBeGreaterThan(0);

    // EU warehouse: the three 940s shipped today; those it could not fill completely are exceptions.
    const book = world.edi.warehouse.book.orders().filter((o) => placed.some((p) => p.order.number === o.orderReference));
    expect(rows.get('3pl-eu:VEN1')).toEqual({
      location: { id: '3pl-eu:VEN1' }, awaitingPick: 0, awaitingPack: 0, shippedToday: placed.length,
      exceptions: book.filter((o) => o.lines.some((l) => l.allocated < l.quantity)).length,
    });

    // ERP plant: B2B orders not yet delivered.
    expect(rows.get('erp:1000')).toEqual({
      location: { id: 'erp:1000' }, awaitingPick: world.retailer.orders.filter((o) => o.channel === 'B2B' && o.status !== 'DELIVERED').length, awaitingPack: 0, shippedToday: 0, exceptions: 0,
    });
  }, 120_000);
});

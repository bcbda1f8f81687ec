import { describe, expect, it } from 'vitest';
import { ConnectorError } from '@ucg/connector-core';
import type { PlacedOrder } from '@ucg/order-outbox';
import { mergeOrderStreams, type OrderStream } from '../src/customer-orders.ts';
import type { OrderView } from '../src/model.ts';
import { routeNumbers, sourceOfNumber } from '../src/numbers.ts';
import { backoffMs, classify } from '../src/worker/classify.ts';
import { planDelivery } from '../src/worker/plan.ts';

describe('order numbers say where an order lives', () => {
  it('routes by shape alone, and refuses what no system could hold', () => {
    expect(sourceOfNumber('1001', 50001)).toBe('webstore');
    expect(sourceOfNumber('#49999', 50001)).toBe('webstore');
    expect(sourceOfNumber('50001', 50001)).toBe('marketplace');
    expect(sourceOfNumber('5000000001', 50001)).toBe('erp');
    expect(sourceOfNumber('g100001', 50001)).toBe('graph');
    for (const junk of ['', '0', 'abc', '12345678901', 'G', '1.5', "1' OR 1=1"]) expect(sourceOfNumber(junk, 50001)).toBeNull();
    expect([...routeNumbers(['1001', '#1001', '50002', 'x', '5000000002'], 50001)]).toEqual([['webstore', ['1001']], ['marketplace', ['50002']], ['erp', ['5000000002']]]);
  });
});

/** A stream over a fixed newest-first list, with cursors at page ends only (as the systems hand them out). */
function listStream(name: string, orders: OrderView[], calls: { after: string | null; first: number }[] = []): OrderStream {
  return {
    name,
    async fetch(after, first) {
      calls.push({ after, first });
      const from = after ? Number(after) : 0;
      const page = orders.slice(from, from + first);
      return { orders: page, endCursor: String(from + page.length), hasNextPage: from + page.length < orders.length };
    },
  };
}

const at = (minutes: number, number: string): OrderView => ({ number, placedAt: new Date(Date.UTC(2026, 10, 20) - minutes * 60_000).toISOString() }) as OrderView;

describe('merging channels newest first', () => {
  const web = [at(1, 'w1'), at(5, 'w2'), at(6, 'w3'), at(30, 'w4')];
  const market = [at(2, 'm1'), at(3, 'm2'), at(40, 'm3')];
  const graph = [at(4, 'g1')];
  const all = ['w1', 'm1', 'm2', 'g1', 'w2', 'w3', 'w4', 'm3'];

  it('pages through every order once, in time order, whatever the page size', async () => {
    for (const first of [1, 2, 3, 5, 8, 20]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 20; guard++) {
        const page = await mergeOrderStreams([listStream('webstore', web), listStream('marketplace', market), listStream('graph', graph)], first, after);
        seen.push(...page.orders.map((o) => o.number));
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      expect(seen).toEqual(all);
    }
  });

  it('leaves a failing system where it was and says so; its orders come on a later page', async () => {
    let down = true;
    const flaky: OrderStream = { name: 'webstore', fetch: (after, first) => (down ? Promise.reject(new ConnectorError('UPSTREAM_UNAVAILABLE', 'webstore', 'down')) : listStream('webstore', web).fetch(after, first)) };
    const page = await mergeOrderStreams([flaky, listStream('marketplace', market)], 2, null);
    expect(page.orders.map((o) => o.number)).toEqual(['m1', 'm2']);
    expect(page.failed.map((f) => f.stream)).toEqual(['webstore']);
    expect(page.hasNextPage).toBe(true);
    down = false;
    const next = await mergeOrderStreams([flaky, listStream('marketplace', market)], 10, page.endCursor);
    expect(next.orders.map((o) => o.number)).toEqual(['w1', 'w2', 'w3', 'w4', 'm3']);
  });

  it('refuses a cursor it did not hand out', async () => {
    await expect(mergeOrderStreams([listStream('graph', graph)], 1, 'bm90LW91cnM')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

function placed(lines: { sku: string; quantity: number; pickup?: string; reservationId?: string }[], country = 'US'): PlacedOrder {
  return {
    number: 'G100001', countryCode: country, shippingAddress: { countryCode: country },
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reservationId: l.reservationId ?? null, fulfillment: { mode: l.pickup ? 'PICKUP' : 'SHIPPING', locationId: l.pickup ?? null } })),
  } as unknown as PlacedOrder;
}

describe('delivery plan', () => {
  it('ships each line from where checkout reserved its units, split across warehouses, pickups nowhere', async () => {
    const allocations = new Map([
      ['r1', [{ locationId: '3pl-us:156', quantity: 2 }, { locationId: '3pl-eu:VEN1', quantity: 1 }]],
      ['r2', [{ locationId: 'erp:1000', quantity: 4 }]],
    ]);
    const plan = await planDelivery(placed([{ sku: 'A', quantity: 3, reservationId: 'r1' }, { sku: 'B', quantity: 4, reservationId: 'r2' }, { sku: 'C', quantity: 1, pickup: 'webstore:70001' }]), async (id) => allocations.get(id) ?? null);
    expect(plan.targets).toEqual(['erp', '3pl-us', '3pl-eu', 'crm']);
    expect(plan.shipments).toEqual({ '3pl-us': [{ sku: 'A', quantity: 2 }], '3pl-eu': [{ sku: 'A', quantity: 1 }], 'erp-plant': [{ sku: 'B', quantity: 4 }] });
    expect(plan.decidedBy).toBe('reservations');
  });

  it('falls back to the ship-to country when the reservation is long forgotten', async () => {
    expect((await planDelivery(placed([{ sku: 'A', quantity: 1, reservationId: 'gone' }], 'DE'), async () => null)).shipments).toEqual({ '3pl-eu': [{ sku: 'A', quantity: 1 }] });
    expect((await planDelivery(placed([{ sku: 'A', quantity: 1 }], 'CA'), null)).targets).toEqual(['erp', '3pl-us', 'crm']);
  });
});

describe('failure handling', () => {
  it('retries outages, dead-letters refusals, skips what has nothing to deliver', () => {
    expect(classify(new ConnectorError('UPSTREAM_UNAVAILABLE', 'erp', 'down')).kind).toBe('retry');
    expect(classify(new ConnectorError('UPSTREAM_RATE_LIMITED', 'crm', 'slow down')).kind).toBe('retry');
    expect(classify(new ConnectorError('UPSTREAM_REJECTED', 'erp', 'no such material')).kind).toBe('dead');
    expect(classify(Object.assign(new Error('no contact'), { code: 'CRM_CONTACT_NOT_FOUND' })).kind).toBe('skip');
    expect(classify(Object.assign(new Error('bad 940'), { code: 'EDI_INVALID_ORDER' })).kind).toBe('dead');
    expect(classify(new Error('socket hang up')).kind).toBe('retry');
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(4, 100, 10_000, () => 0)).toBe(400);
    expect(backoffMs(30, 100, 10_000, () => 1)).toBe(10_000);
  });
});


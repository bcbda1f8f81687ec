import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('orders and customers', () => {
  it('finds a customer stored with a capitalised email by any casing', async () => {
    const { standIn, connector } = await harness();
    const capitalised = standIn.state.customers.find((c) => /^[A-Z]/.test(c.email))!;
    const found = await connector.customersByEmail([capitalised.email.toLowerCase(), 'nobody@example.com']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ system: 'webstore', email: capitalised.email, firstName: capitalised.firstName });
  });

  it('pages through a shopper\'s web and POS orders, matching the email case-insensitively', async () => {
    const { standIn, connector } = await harness();
    const demo = standIn.state.orders.filter((o) => o.email?.toLowerCase() === 'ava.chen@example.com');
    expect(demo.length).toBeGreaterThan(2);
    const first = await connector.ordersByEmail('Ava.Chen@Example.com', { first: 2 });
    expect(first.orders).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await connector.ordersByEmail('ava.chen@example.com', { first: 50, after: first.pageInfo.endCursor });
    const numbers = [...first.orders, ...rest.orders].map((o) => o.number);
    expect(numbers.sort()).toEqual(demo.map((o) => String(o.number)).sort());
    const all = [...first.orders, ...rest.orders];
    expect(all.map((o) => o.placedAt)).toEqual([...all.map((o) => o.placedAt)].sort().reverse());
    const pos = all.find((o) => o.channel === 'POS');
    expect(pos).toMatchObject({ status: expect.stringMatching(/COMPLETED|RETURNED/), storeNativeId: '70001' });
  });

  it('reads a shopper\'s order channels in one query costing a fraction of the orders themselves', async () => {
    const { connector, requests } = await harness();
    const orders = await connector.ordersByEmail('ava.chen@example.com', { first: 5 });
    const full = requests.at(-1)!.requested!;
    const before = requests.length;
    expect(await connector.orderChannelsByEmail('Ava.Chen@example.com', 5)).toEqual(orders.orders.map((o) => o.channel));
    expect(requests.length).toBe(before + 1);
    expect(requests.at(-1)!.requested!).toBeLessThan(full / 10);
  });

  it('reads an order of more lines than a page asks for with every line', async () => {
    const { url, connector, standIn } = await harness();
    const skus = [...standIn.state.variantBySku.keys()].slice(0, 12);
    const created = await fetch(`${url}/__sandbox/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'web', email: 'many.lines@example.com', lines: skus.map((sku) => ({ sku, quantity: 1 })) }) });
    const { number } = (await created.json()) as { number: number };
    const [byEmail, byNumber] = await Promise.all([connector.ordersByEmail('many.lines@example.com'), connector.orderByNumber(String(number))]);
    expect(byEmail.orders[0]!.lines.map((l) => l.sku)).toEqual(skus);
    expect(byNumber!.lines.map((l) => l.sku)).toEqual(skus);
  });

  it('reads an order by number with lines, money and status', async () => {
    const { standIn, connector } = await harness();
    const seed = standIn.state.orders.find((o) => o.currency === 'EUR' && o.fulfillment === 'FULFILLED' && o.financial === 'PAID')!;
    const order = await connector.orderByNumber(String(seed.number));
    expect(order).toMatchObject({
      system: 'webstore', number: String(seed.number), channel: seed.sourceName === 'pos' ? 'POS' : 'WEB',
      total: { amount: (seed.totalCents / 100).toFixed(2), currencyCode: 'EUR' },
      status: seed.sourceName === 'pos' ? 'COMPLETED' : 'SHIPPED',
    });
    expect(order!.totalInShopCurrency!.currencyCode).toBe('USD');
    expect(order!.lines.map((l) => [l.sku, l.quantity])).toEqual(seed.lines.map((l) => [l.sku, l.quantity]));
    expect(await connector.orderByNumber('999999')).toBeNull();
  });

  it('lists every order of a period, walking all pages', async () => {
    const { standIn, connector, requests } = await harness();
    const from = '2026-10-01T00:00:00.000Z';
    const to = '2026-11-01T00:00:00.000Z';
    const expected = standIn.state.orders.filter((o) => o.createdAt >= from && o.createdAt < to);
    const orders = await connector.listOrders({ from, to });
    expect(orders.map((o) => o.number).sort()).toEqual(expected.map((o) => String(o.number)).sort());
    expect(requests.filter((r) => !r.maxCost).length).toBeGreaterThan(1);
  });

  it('exports and erases a shopper', async () => {
    const { standIn, connector } = await harness();
    const withOrders = standIn.state.customers.find((c) => standIn.state.orders.some((o) => o.customerLegacyId === c.legacyId))!;
    const orderCount = standIn.state.orders.filter((o) => o.email?.toLowerCase() === withOrders.email.toLowerCase()).length;
    const exported = await connector.exportPerson(withOrders.email.toUpperCase());
    expect(exported).toMatchObject({ system: 'webstore', recordCount: 1 + orderCount });

    expect(await connector.erasePerson(withOrders.email)).toMatchObject({ system: 'webstore', status: 'ERASED' });
    expect(await connector.customersByEmail([withOrders.email])).toEqual([]);
    expect((await connector.ordersByEmail(withOrders.email)).orders).toEqual([]);

    const noOrders = standIn.state.customers.find((c) => !standIn.state.orders.some((o) => o.customerLegacyId === c.legacyId || o.email?.toLowerCase() === c.email.toLowerCase()))!;
    expect(await connector.erasePerson(noOrders.email)).toMatchObject({ status: 'ERASED', detail: expect.stringContaining('deleted') });
    expect(await connector.erasePerson('nobody@example.com')).toEqual({ system: 'webstore', status: 'NOT_FOUND' });
  });
});

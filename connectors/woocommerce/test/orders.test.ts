import { demoCustomerEmail } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../src/index.ts';
import { startHarness, type Harness } from './helpers.ts';

describe('marketplace orders through the connector', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const seedOrdersOf = (email: string) => h.woo.retailer.orders.filter((o) => o.system === 'marketplace' && o.email?.toLowerCase() === email.toLowerCase());

  it('maps an order with the seed’s numbers, money strings and shelf prices (VAT-inclusive shops too)', async () => {
    const connector = h.connector();
    for (const currency of ['USD', 'EUR', 'GBP'] as const) {
      const seed = h.woo.retailer.orders.find((o) => o.system === 'marketplace' && o.currency === currency)!;
      const order = await connector.orderByNumber(seed.number);
      expect(order).toMatchObject({
        system: 'marketplace', channel: 'MARKETPLACE', number: seed.number, email: seed.email, placedAt: `${seed.placedAt.slice(0, 19)}.000Z`,
        subtotal: { amount: seed.subtotal, currencyCode: currency }, tax: { amount: seed.tax, currencyCode: currency },
        shipping: { amount: seed.shipping, currencyCode: currency }, total: { amount: seed.total, currencyCode: currency },
      });
      expect(order!.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount])).toEqual(seed.lines.map((l) => [l.sku, l.quantity, l.unitPrice]));
    }
    expect(await connector.orderByNumber('999999999')).toBeNull();
  });

  it('pages a person’s orders newest first with cursors, matching the email exactly', async () => {
    const email = demoCustomerEmail.toUpperCase();
    const connector = h.connector();
    for (let i = 0; i < 3; i++) expect((await h.sandbox('orders', { email: demoCustomerEmail, lines: [{ sku: h.woo.store().variations.values().next().value!.sku, quantity: 1 }] })).status).toBe(201);
    const expected = seedOrdersOf(demoCustomerEmail).length + 3;
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await connector.ordersByEmail(email, { first: 2, ...(after ? { after } : {}) });
      seen.push(...page.nodes.map((o) => o.number));
      expect(page.nodes.every((o) => o.email === demoCustomerEmail)).toBe(true);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    const placed = await Promise.all(seen.slice(0, 2).map((n) => connector.orderByNumber(n)));
    expect(placed[0]!.placedAt >= placed[1]!.placedAt).toBe(true);
    await expect(connector.ordersByEmail(email, { after: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('does not mistake a longer address containing the email for the person', async () => {
    const email = 'ava.chen@example.com';
    await h.sandbox('orders', { email: `nava.chen@example.com`, lines: [{ sku: h.woo.store().variations.values().next().value!.sku, quantity: 1 }] });
    const { nodes } = await h.connector().ordersByEmail(email, { first: 100 });
    expect(nodes.every((o) => o.email === email)).toBe(true);
  });

  it('lists every order placed in a time window across pages', async () => {
    // WooCommerce keeps order dates to the second.
    const second = (iso: string) => `${iso.slice(0, 19)}Z`;
    const marketplace = h.woo.retailer.orders.filter((o) => o.system === 'marketplace');
    const sorted = marketplace.map((o) => second(o.placedAt)).sort();
    const from = sorted[Math.floor(sorted.length / 4)]!;
    const to = sorted[Math.floor(sorted.length / 2)]!;
    const expected = marketplace.filter((o) => second(o.placedAt) >= from && second(o.placedAt) < to).map((o) => o.number).sort();
    const listed = await h.connector({ perPage: 25 }).listOrders({ from, to });
    expect(listed.map((o) => o.number).sort()).toEqual(expected);
    expect(listed.length).toBeGreaterThan(25);
  });

  it('finds customer accounts by email, case-insensitively, in one call per address', async () => {
    const people = h.woo.retailer.people.filter((p) => p.marketplace).slice(0, 3);
    expect(await h.connector().customersByEmail([])).toEqual([]);
    const found = await h.connector().customersByEmail([...people.map((p) => p.email.toUpperCase()), 'nobody@example.com']);
    expect(found.map((a) => a.email).sort()).toEqual(people.map((p) => p.marketplace!.emailAsStored).sort());
    expect(found[0]).toMatchObject({ system: 'marketplace', defaultAddress: expect.objectContaining({ countryCode: expect.any(String) }) });
  });
});

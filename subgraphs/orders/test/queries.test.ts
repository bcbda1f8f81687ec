import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderOutbox } from '@ucg/order-outbox';
import { demoCustomerEmail, type Order } from '@ucg/legacy-seed';
import { checkoutDrafts } from './checkout-orders.ts';
import { calls, startLegacy, startSubgraph, type LegacyWorld, type SubgraphUnderTest } from './harness.ts';

const TRACKING = /* GraphQL */ `
  query Tracking($number: String!, $email: String!) {
    order(number: $number, email: $email) { number channel status placedAt lines { sku title quantity } shipments { carrier trackingNumber status fromLocation { id } } }
  }
`;
const PARTNER = /* GraphQL */ `
  query Partner($numbers: [String!]!) { partnerOrders(numbers: $numbers) { number status placedAt lines { sku quantity } } }
`;
const BY_REFERENCE = /* GraphQL */ `
  query Ref($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { number status total { amount currencyCode } loyaltyPointsEarned } } }
`;

interface TrackingAnswer {
  order: { number: string; channel: string; status: string; placedAt: string; lines: { sku: string; title: string; quantity: number }[]; shipments: { carrier: string; trackingNumber: string; status: string; fromLocation: { id: string } }[] } | null;
}

describe('order look-ups: guests, partners, references', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;
  let ava: Order[];

  beforeAll(async () => {
    world = await startLegacy();
    orders = await startSubgraph(world);
    ava = world.index.ordersByPerson.get(world.index.personByEmail.get(demoCustomerEmail)!.key)!;
  }, 120_000);
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  it('finds an order by number and the email it was placed with, in any case, asking only the system the number belongs to', async () => {
    const web = ava.find((o) => o.channel === 'WEB' && world.index.shipmentsByOrder.has(o.number))!;
    const market = ava.find((o) => o.channel === 'MARKETPLACE')!;
    const before = await Promise.all([world.urls.webstore, world.urls.marketplace].map(calls));
    const res = await orders.query<TrackingAnswer>(TRACKING, { number: web.number, email: demoCustomerEmail.toUpperCase() });
    const mid = await Promise.all([world.urls.webstore, world.urls.marketplace].map(calls));
    expect(mid.map((c, i) => c.total - before[i]!.total)).toEqual([1, 0]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.order).toMatchObject({ number: web.number, channel: 'WEB', placedAt: web.placedAt });
    expect(res.data!.order!.lines.map((l) => [l.sku, l.quantity])).toEqual(web.lines.map((l) => [l.sku, l.quantity]));
    const seedParcel = world.index.shipmentsByOrder.get(web.number)![0]!;
    expect(res.data!.order!.shipments[0]).toEqual({ carrier: seedParcel.carrier, trackingNumber: seedParcel.trackingNumber, status: seedParcel.status, fromLocation: { id: `3pl-us:${seedParcel.fromNativeId}` } });

    const fromMarket = await orders.query<TrackingAnswer>(TRACKING, { number: `#${market.number}`, email: ` ${demoCustomerEmail} ` });
    expect(fromMarket.data!.order).toMatchObject({ number: market.number, channel: 'MARKETPLACE' });
  });

  it('answers a wrong email, an unknown number and a nonsense number alike: null, no error', async () => {
    const web = ava.find((o) => o.channel === 'WEB')!;
    for (const variables of [{ number: web.number, email: 'someone.else@example.com' }, { number: '999999', email: demoCustomerEmail }, { number: 'DROP TABLE', email: demoCustomerEmail }]) {
      const res = await orders.query<TrackingAnswer>(TRACKING, variables);
      expect(res).toEqual({ data: { order: null } });
    }
  });

  it("gives a partner its own company's orders among the numbers asked, and nobody else's", async () => {
    const b2b = world.retailer.orders.filter((o) => o.channel === 'B2B');
    const acme = b2b.filter((o) => o.companyId === 'acme').slice(0, 3);
    const other = b2b.find((o) => o.companyId !== 'acme')!;
    const web = ava[0]!;
    const numbers = [acme[0]!.number, other.number, web.number, acme[1]!.number, acme[2]!.number];
    const res = await orders.query<{ partnerOrders: { number: string; status: string; lines: { sku: string; quantity: number }[] }[] }>(PARTNER, { numbers }, { partner: { companyId: 'acme' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.partnerOrders.map((o) => o.number)).toEqual(acme.map((o) => o.number));
    for (const [i, o] of res.data!.partnerOrders.entries()) {
      expect(o.lines).toEqual(acme[i]!.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
      expect(o.status).toBe(acme[i]!.status === 'DELIVERED' ? 'DELIVERED' : 'PROCESSING');
    }
    const theirs = await orders.query<{ partnerOrders: { number: string }[] }>(PARTNER, { numbers }, { partner: { companyId: other.companyId! } });
    expect(theirs.data!.partnerOrders.map((o) => o.number)).toEqual([other.number]);
    expect((await orders.query<{ partnerOrders: unknown[] }>(PARTNER, { numbers })).data!.partnerOrders).toEqual([]);
    expect((await orders.query(PARTNER, { numbers: Array.from({ length: 101 }, (_, i) => String(5000000001 + i)) }, { partner: { companyId: 'acme' } })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves an Order reference only for whoever may see it', async () => {
    const web = ava.find((o) => o.channel === 'WEB')!;
    const reps = [{ __typename: 'Order', number: web.number }];
    const number = (res: { data?: { _entities: ({ number: string } | null)[] } | null }) => res.data?._entities[0]?.number ?? null;
    expect(number(await orders.query(BY_REFERENCE, { reps }, { customer: demoCustomerEmail }))).toBe(web.number);
    expect(number(await orders.query(BY_REFERENCE, { reps }, { staff: ['orders:read'] }))).toBe(web.number);
    expect(number(await orders.query(BY_REFERENCE, { reps }, { customer: 'someone.else@example.com' }))).toBeNull();
    expect(number(await orders.query(BY_REFERENCE, { reps }, { staff: ['inventory:read'] }))).toBeNull();
    expect(number(await orders.query(BY_REFERENCE, { reps }, { partner: { companyId: 'acme' } }))).toBeNull();
    expect(number(await orders.query(BY_REFERENCE, { reps }))).toBeNull();
  });

  it('shows a checkout order to the guest right after placing it, through the gateway only; PENDING until the systems have it', async () => {
    const outbox = new OrderOutbox(orders.store);
    const [draft] = checkoutDrafts(world.index, 1);
    const { order } = await outbox.place(`ref-test-${Date.now()}`, { ...draft!, email: 'guest.checkout@example.com' });
    const reps = [{ __typename: 'Order', number: order.number }];
    const trusted = await orders.query<{ _entities: ({ number: string; status: string; total: { amount: string }; loyaltyPointsEarned: number } | null)[] }>(BY_REFERENCE, { reps });
    expect(trusted.data!._entities[0]).toEqual({ number: order.number, status: 'PENDING', total: { amount: order.total.amount, currencyCode: order.currencyCode }, loyaltyPointsEarned: order.loyaltyPointsEarned });
    const direct = await orders.query<{ _entities: unknown[] }>(BY_REFERENCE, { reps }, { untrusted: true });
    expect(direct.data!._entities[0]).toBeNull();
    // By number and email, like any order.
    const tracked = await orders.query<TrackingAnswer>(TRACKING, { number: order.number.toLowerCase(), email: 'Guest.Checkout@example.com' });
    expect(tracked.data!.order).toMatchObject({ number: order.number, channel: 'WEB', status: 'PENDING' });
  });
});

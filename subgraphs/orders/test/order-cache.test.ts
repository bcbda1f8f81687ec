import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderOutbox } from '@ucg/order-outbox';
import { demoCustomerEmail, type Order } from '@ucg/legacy-seed';
import { customerIdForEmail } from '@ucg/request-context';
import { PERSON_ERASED_CHANNEL } from '../src/webhooks/erasures.ts';
import { checkoutDrafts } from './checkout-orders.ts';
import { calls, faults, startLegacy, startSubgraph, type LegacyWorld, type SubgraphUnderTest } from './harness.ts';

const PAGE = /* GraphQL */ `
  query Orders($reps: [_Any!]!, $first: Int) {
    _entities(representations: $reps) { ... on Customer { orders(first: $first) { nodes { number channel status shipments { trackingNumber status } } } } }
  }
`;
const TRACKING = 'query T($number: String!, $email: String!) { order(number: $number, email: $email) { number shipments { trackingNumber status } } }';

interface PageAnswer {
  data?: { _entities: { orders: { nodes: { number: string; channel: string; status: string; shipments: { trackingNumber: string; status: string }[] }[] } }[] } | null;
  errors?: { path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rep = (email: string) => [{ __typename: 'Customer', id: customerIdForEmail(email), email }];

/** Asks until `done` holds (or `withinMs` passes); the last answer and how long it took. */
async function until<T>(ask: () => Promise<T>, done: (answer: T) => boolean, withinMs: number): Promise<{ answer: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() - started > withinMs) return { answer, ms: Date.now() - started };
    await sleep(25);
  }
}

describe('me.orders from the Store, kept current by pushes', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;
  /** The shopper's first page (MyAccount's 10 orders), as that shopper. */
  const page = (email: string) => orders.query<PageAnswer['data']>(PAGE, { reps: rep(email), first: 10 }, { customer: email }) as Promise<PageAnswer>;
  const numbers = (res: PageAnswer) => res.data!._entities[0]!.orders.nodes.map((n) => n.number);
  /** The shopper's seeded web-store and marketplace orders (what `me.orders` lists), newest first. */
  const seedOrders = (email: string): Order[] => (world.index.ordersByPerson.get(world.index.personByEmail.get(email)!.key) ?? [])
    .filter((o) => o.system === 'webstore' || o.system === 'marketplace')
    .sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  const used = async (work: () => Promise<unknown>, url: string) => {
    const before = (await calls(url)).total;
    await work();
    return (await calls(url)).total - before;
  };

  beforeAll(async () => {
    world = await startLegacy();
    orders = await startSubgraph(world);
  }, 120_000);
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  it('lists a new web-store order within a second: the web store pushes orders/create', async () => {
    expect(numbers(await page(demoCustomerEmail))).toEqual(seedOrders(demoCustomerEmail).slice(0, 10).map((o) => o.number));
    expect(await used(() => page(demoCustomerEmail), world.urls.webstore)).toBe(0);
    const sku = world.retailer.orders.find((o) => o.system === 'webstore' && o.channel === 'WEB')!.lines[0]!.sku;
    const res = await fetch(`${world.urls.webstore}/__sandbox/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'web', email: demoCustomerEmail, lines: [{ sku, quantity: 1 }] }),
    });
    const placed = (await res.json()) as { number: number };
    // The list is cached for ORDER_LIST_CACHE_TTL_MS (45 s): only the push can make this quick.
    const { answer, ms } = await until(() => page(demoCustomerEmail), (r) => numbers(r)[0] === String(placed.number), 1000);
    expect(numbers(answer)[0]).toBe(String(placed.number));
    expect(ms).toBeLessThan(1000);
  });

  it('lists a new marketplace order within a second: the marketplace pushes order.created', async () => {
    await page(demoCustomerEmail);
    const sku = world.retailer.orders.find((o) => o.system === 'marketplace')!.lines[0]!.sku;
    const res = await fetch(`${world.urls.marketplace}/__sandbox/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoCustomerEmail, lines: [{ sku, quantity: 1 }] }),
    });
    expect(res.status).toBe(201);
    const placed = (await res.json()) as { number: string };
    const { answer, ms } = await until(() => page(demoCustomerEmail), (r) => numbers(r).includes(String(placed.number)), 1000);
    expect(numbers(answer)).toContain(String(placed.number));
    expect(ms).toBeLessThan(1000);
  });

  it('lists a checkout order at once: graph orders are read from the outbox, never cached', async () => {
    await page(demoCustomerEmail);
    const [draft] = checkoutDrafts(world.index, 1);
    const { order } = await new OrderOutbox(orders.store).place(`cache-test-${Date.now()}`, { ...draft!, email: demoCustomerEmail });
    expect(numbers(await page(demoCustomerEmail))[0]).toBe(order.number);
  });

  it("never answers another customer with Ava's cached list", async () => {
    const ava = numbers(await page(demoCustomerEmail));
    const others = world.retailer.people.filter((p) => p.email !== demoCustomerEmail && seedOrders(p.email).length > 0).slice(0, 3);
    for (const other of others) {
      const theirs = await page(other.email);
      expect(theirs.errors).toBeUndefined();
      expect(numbers(theirs)).toEqual(seedOrders(other.email).slice(0, 10).map((o) => o.number));
      expect(numbers(theirs).filter((n) => ava.includes(n))).toEqual([]);
    }
    // Ava's cached page asked for by someone else's token: nothing (as before caching).
    const forged = await orders.query<PageAnswer['data']>(PAGE, { reps: rep(demoCustomerEmail), first: 10 }, { customer: others[0]!.email });
    expect(forged.data!._entities[0]!.orders.nodes).toEqual([]);
  });

  it("forgets an erased person's lists when the customers subgraph announces the erasure", async () => {
    await page(demoCustomerEmail);
    expect(await used(() => page(demoCustomerEmail), world.urls.webstore)).toBe(0);
    await orders.store.publish(PERSON_ERASED_CHANNEL, customerIdForEmail(demoCustomerEmail));
    const { answer } = await until(() => used(() => page(demoCustomerEmail), world.urls.webstore), (n) => n > 0, 1000);
    expect(answer).toBe(1);
  });

  // Last: Shopify's retries trip its circuit breaker, which then fails fast for a while.
  it('answers a cached page while the web store is down; a shopper not cached gets the error naming it', async () => {
    const expected = numbers(await page(demoCustomerEmail));
    // From the end of the seed's people: the earlier tests read (and cached) people from its start.
    const stranger = [...world.retailer.people].reverse().find((p) => p.email !== demoCustomerEmail && seedOrders(p.email).some((o) => o.system === 'marketplace') && seedOrders(p.email).some((o) => o.system === 'webstore'))!;
    await faults(world.urls.webstore, { down: true });
    try {
      const mine = await page(demoCustomerEmail);
      expect(mine.errors).toBeUndefined();
      expect(numbers(mine)).toEqual(expected);
      const theirs = await page(stranger.email);
      expect(numbers(theirs)).toEqual(seedOrders(stranger.email).filter((o) => o.system === 'marketplace').slice(0, 10).map((o) => o.number));
      expect(theirs.errors).toEqual([expect.objectContaining({ path: ['_entities', 0, 'orders'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', system: 'webstore' }) })]);
    } finally {
      await faults(world.urls.webstore, { down: false });
    }
  });
});

describe('parcels: delivered ones stay cached, moving ones are read again', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;
  beforeAll(async () => {
    world = await startLegacy();
    // Parcels on their way are re-read after 100 ms here; delivered ones keep the default (hours).
    orders = await startSubgraph(world, { SHIPMENTS_CACHE_TTL_MS: '100' });
  }, 120_000);
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  it('asks ShipBob again about a parcel in transit once its TTL is over, never about a delivered one', async () => {
    const ava = world.index.ordersByPerson.get(world.index.personByEmail.get(demoCustomerEmail)!.key)!;
    const parcels = (o: Order) => world.index.shipmentsByOrder.get(o.number) ?? [];
    const delivered = ava.find((o) => o.fulfilledBy === '3pl-us' && parcels(o).length > 0 && parcels(o).every((s) => s.status === 'DELIVERED'))!;
    const moving = ava.find((o) => o.fulfilledBy === '3pl-us' && parcels(o).some((s) => s.status !== 'DELIVERED'))!;
    expect(delivered && moving, 'the demo customer has a delivered and an in-transit ShipBob parcel').toBeTruthy();
    const track = async (o: Order) => {
      const res = await orders.query<{ order: { number: string; shipments: { trackingNumber: string; status: string }[] } }>(TRACKING, { number: o.number, email: demoCustomerEmail });
      expect(res.data!.order.shipments).toEqual(parcels(o).map((s) => ({ trackingNumber: s.trackingNumber, status: s.status })));
    };
    const shipBobCalls = async (work: () => Promise<unknown>) => {
      const before = (await calls(world.urls['3pl-us'])).total;
      await work();
      return (await calls(world.urls['3pl-us'])).total - before;
    };
    expect(await shipBobCalls(() => track(delivered))).toBeGreaterThan(0);
    expect(await shipBobCalls(() => track(moving))).toBeGreaterThan(0);
    await sleep(400);
    expect(await shipBobCalls(() => track(delivered))).toBe(0);
    expect(await shipBobCalls(() => track(moving))).toBeGreaterThan(0);
  });
});

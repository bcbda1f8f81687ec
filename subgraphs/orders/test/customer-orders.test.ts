import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerIdForEmail } from '@ucg/request-context';
import { demoCustomerEmail, type Order } from '@ucg/legacy-seed';
import { calls, faults, startLegacy, startSubgraph, type LegacyWorld, type SubgraphUnderTest } from './harness.ts';

const ORDERS = /* GraphQL */ `
  query Orders($reps: [_Any!]!, $first: Int, $after: String) {
    _entities(representations: $reps) {
      ... on Customer {
        orders(first: $first, after: $after) {
          nodes {
            number channel placedAt status
            total { amount currencyCode }
            location { id }
            shipments { carrier trackingNumber trackingUrl status fromLocation { id } events { at status description } }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`;

interface OrdersAnswer {
  _entities: { orders: { nodes: { number: string; channel: string; placedAt: string; status: string; total: { amount: string; currencyCode: string }; location: { id: string } | null; shipments: { carrier: string; trackingNumber: string; trackingUrl: string; status: string; fromLocation: { id: string } | null; events: { at: string; status: string; description: string }[] }[] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }[];
}

const rep = (email: string) => [{ __typename: 'Customer', id: customerIdForEmail(email), email }];

describe('Customer.orders across channels', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;

  beforeAll(async () => {
    world = await startLegacy();
    orders = await startSubgraph(world);
  }, 120_000);
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  const expectedFor = (email: string): Order[] => {
    const person = world.index.personByEmail.get(email)!;
    return [...(world.index.ordersByPerson.get(person.key) ?? [])].sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  };

  // First: nothing of the demo customer's is cached yet.
  it('asks each system once for a page of orders, however many orders have parcels, and none for the same page again', async () => {
    const systems = [world.urls.webstore, world.urls.marketplace, world.urls['3pl-us']];
    const page = async () => {
      const before = await Promise.all(systems.map(calls));
      const res = await orders.query<OrdersAnswer>(ORDERS, { reps: rep(demoCustomerEmail), first: 10 }, { customer: demoCustomerEmail });
      const after = await Promise.all(systems.map(calls));
      return { res, used: after.map((a, i) => a.total - before[i]!.total) };
    };
    // The web-store connector learns once per process how many orders fit Shopify's per-query cost limit.
    const someoneElse = world.retailer.people.find((p) => p.email !== demoCustomerEmail && p.webStore)!;
    await orders.query(ORDERS, { reps: rep(someoneElse.email), first: 10 }, { customer: someoneElse.email });
    const cold = await page();
    expect(cold.res.errors).toBeUndefined();
    expect(cold.res.data!._entities[0]!.orders.nodes.map((n) => n.number)).toEqual(expectedFor(demoCustomerEmail).slice(0, 10).map((o) => o.number));
    // Shopify: one search; WooCommerce: one search; ShipBob: orders by reference, orders by id, one tracking read.
    expect(cold.used).toEqual([1, 1, 3]);
    // The page is in the Store now (per customer id): the same page again asks no system at all.
    const warm = await page();
    expect(warm.res).toEqual(cold.res);
    expect(warm.used).toEqual([0, 0, 0]);
  });

  it('lists the signed-in customer\'s web, marketplace and POS orders newest first, with the 3PL\'s parcels', async () => {
    const expected = expectedFor(demoCustomerEmail);
    expect(new Set(expected.map((o) => o.channel))).toEqual(new Set(['WEB', 'MARKETPLACE', 'POS']));
    const res = await orders.query<OrdersAnswer>(ORDERS, { reps: rep(demoCustomerEmail), first: 20 }, { customer: demoCustomerEmail });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!._entities[0]!.orders.nodes;
    expect(nodes.map((n) => n.number)).toEqual(expected.map((o) => o.number));
    for (const [i, node] of nodes.entries()) {
      const seed = expected[i]!;
      expect(node).toMatchObject({ channel: seed.channel, placedAt: seed.placedAt, total: { amount: seed.total, currencyCode: seed.currency } });
      expect(node.location).toEqual(seed.storeNativeId ? { id: `webstore:${seed.storeNativeId}` } : null);
      const parcels = world.index.shipmentsByOrder.get(seed.number) ?? [];
      expect(node.shipments).toEqual(parcels.map((s) => ({
        carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl, status: s.status,
        fromLocation: { id: `${s.system}:${s.fromNativeId}` },
        events: s.events.map((e) => ({ at: e.at, status: e.status, description: e.description })),
      })));
    }
  });

  it('pages through the merged list without losing or repeating an order', async () => {
    const expected = expectedFor(demoCustomerEmail).map((o) => o.number);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { data?: OrdersAnswer | null } = await orders.query<OrdersAnswer>(ORDERS, { reps: rep(demoCustomerEmail), first: 1, after }, { customer: demoCustomerEmail });
      const conn = res.data!._entities[0]!.orders;
      seen.push(...conn.nodes.map((n) => n.number));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('shows nobody else\'s orders: another customer, a guest, a forged call', async () => {
    for (const caller of [{ customer: 'someone.else@example.com' }, {}, { untrusted: true }]) {
      const res = await orders.query<OrdersAnswer>(ORDERS, { reps: rep(demoCustomerEmail) }, caller);
      expect(res.data!._entities[0]!.orders).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });

  it('still lists marketplace orders when the web store is down, with an error naming it', async () => {
    await faults(world.urls.webstore, { down: true });
    try {
      const res = await orders.query<OrdersAnswer>(ORDERS, { reps: rep(demoCustomerEmail), first: 20 }, { customer: demoCustomerEmail });
      const nodes = res.data!._entities[0]!.orders.nodes;
      expect(nodes.map((n) => n.number)).toEqual(expectedFor(demoCustomerEmail).filter((o) => o.system === 'marketplace').map((o) => o.number));
      expect(res.errors).toEqual([expect.objectContaining({ path: ['_entities', 0, 'orders'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', system: 'webstore' }) })]);
    } finally {
      await faults(world.urls.webstore, { down: false });
    }
  });

});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetailerIndex, generateRetailer } from '@ucg/legacy-seed';
import { OrderOutbox, type PlacedOrder } from '@ucg/order-outbox';
import { repoRoot } from '@ucg/stack';
import { StockLedger } from '@ucg/stock-ledger';
import { RedisStore } from '@ucg/store';
import { checkoutDrafts } from '../../subgraphs/orders/test/checkout-orders.ts';
import { spawnWorker, type WorkerChild } from '../../subgraphs/orders/test/worker-process.ts';
import { gql, sandboxFaults, startTestStack, type TestStack } from '../src/index.ts';

type Data = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GROUP = 'order-delivery';

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${tail()}`);
    await sleep(1000);
  }
}

/** What each stand-in holds, read through its own API (or, for the EDI warehouse, its own book on disk). */
async function erpReferences(erpUrl: string): Promise<string[]> {
  const auth = `Basic ${Buffer.from('UCG_DEV:ucg-dev-secret').toString('base64')}`;
  const refs: string[] = [];
  let next: string | undefined = `${erpUrl}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder?$select=SalesOrder,PurchaseOrderByCustomer&$format=json`;
  while (next) {
    const body = (await (await fetch(next, { headers: { authorization: auth, accept: 'application/json' } })).json()) as { d: { results: { PurchaseOrderByCustomer: string }[]; __next?: string } };
    refs.push(...body.d.results.map((r) => r.PurchaseOrderByCustomer));
    next = body.d.__next ? new URL(body.d.__next, erpUrl).toString() : undefined;
  }
  return refs;
}

async function shipBobReferences(url: string, refs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < refs.length; i += 50) {
    const res = await fetch(`${url}/2026-01/order?ReferenceIds=${refs.slice(i, i + 50).join(',')}&Limit=250`, { headers: { authorization: 'Bearer shipbob-ucg-dev' } });
    found.push(...((await res.json()) as { reference_id: string }[]).map((o) => o.reference_id));
  }
  return found;
}

/** Contacts by email in one batch read per 100 (HubSpot's rate limit leaves no room for a read per contact). */
async function crmContacts(url: string, emails: string[]): Promise<Map<string, { points: number; ledger: string }>> {
  const found = new Map<string, { points: number; ledger: string }>();
  for (let i = 0; i < emails.length; i += 100) {
    const res = await fetch(`${url}/crm/v3/objects/contacts/batch/read`, {
      method: 'POST',
      headers: { authorization: 'Bearer pat-ucg-dev', 'content-type': 'application/json' },
      body: JSON.stringify({ idProperty: 'email', properties: ['email', 'loyalty_points', 'loyalty_ledger'], inputs: emails.slice(i, i + 100).map((id) => ({ id })) }),
    });
    if (res.status >= 400 && res.status !== 404) throw new Error(`CRM answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { results: { properties: { email: string; loyalty_points: string; loyalty_ledger?: string } }[] };
    for (const r of body.results) found.set(r.properties.email.toLowerCase(), { points: Number(r.properties.loyalty_points), ledger: r.properties.loyalty_ledger ?? '' });
  }
  return found;
}

/**
 * Issue 5's scenario on the real stack: 200 checkout orders, the ERP down for the first half, the
 * delivery worker killed mid-run and another started; every order reaches the ERP, its 3PL and the
 * CRM exactly once, checked at the stand-ins themselves.
 */
describe('order delivery worker on the stack', () => {
  let stack: TestStack;
  let store: RedisStore;
  const workers: WorkerChild[] = [];
  const index = new RetailerIndex(generateRetailer());

  beforeAll(async () => {
    // The stack's own worker is left out: this suite runs (and kills) its workers itself.
    stack = await startTestStack({
      only: ['erp', 'crm', '3pl-us', '3pl-eu', 'webstore', 'marketplace', 'customers', 'orders', 'cart', 'gateway'],
      // 200 orders in a minute is more than ShipBob's 150 calls a minute; the connector would wait, the test need not.
      env: { SHIPBOB_RATE_LIMIT: '10000' },
    });
    store = new RedisStore({ url: stack.env.REDIS_URL, keyPrefix: stack.env.REDIS_KEY_PREFIX });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await store?.close();
    await stack?.stop();
  });

  it('delivers 200 orders everywhere exactly once through an ERP outage and a killed worker', async () => {
    const outbox = new OrderOutbox(store);
    const drafts = checkoutDrafts(index, 200);
    const env = { ...stack.env, ORDER_WORKER_CLAIM_IDLE_MS: '1000', ORDER_WORKER_POLL_MS: '200', ORDER_WORKER_RETRY_BASE_MS: '200', ORDER_WORKER_RETRY_MAX_MS: '2000', ORDER_WORKER_LEASE_MS: '5000' };
    const tail = () => workers.map((w) => w.tail()).join('\n---\n');
    const placed: PlacedOrder[] = [];
    const place = async (from: number, to: number) => {
      for (let i = from; i < to; i++) placed.push((await outbox.place(`e2e-checkout-${i}`, drafts[i]!)).order);
    };

    await sandboxFaults(stack.urls.erp, { down: true });
    workers.push(spawnWorker({ ...env, ORDER_WORKER_CONSUMER: 'e2e-worker-1' }));
    await place(0, 100);
    const atShipBob = async () => (await shipBobReferences(stack.urls['3pl-us'], placed.map((o) => o.number))).length;
    await until('the first worker has delivered part of the run', async () => (await atShipBob()) >= 30, 120_000, tail);
    await workers[0]!.kill();
    expect((await outbox.pending(GROUP)).count).toBeGreaterThan(0);

    workers.push(spawnWorker({ ...env, ORDER_WORKER_CONSUMER: 'e2e-worker-2' }));
    await sandboxFaults(stack.urls.erp, { down: false });
    await place(100, 200);
    const numbers = placed.map((o) => o.number);
    await until('the ERP holds every order', async () => {
      const refs = new Set(await erpReferences(stack.urls.erp));
      return numbers.every((n) => refs.has(n)) && (await outbox.pending(GROUP)).count === 0;
    }, 300_000, tail);

    // ERP: exactly one sales order per checkout order.
    const erp = await erpReferences(stack.urls.erp);
    for (const n of numbers) expect(erp.filter((r) => r === n)).toHaveLength(1);

    // 3PLs: ShipBob by reference_id for US addresses, the EDI warehouse by order number for Europe, once each.
    const us = placed.filter((o) => o.shippingAddress!.countryCode === 'US').map((o) => o.number);
    expect((await shipBobReferences(stack.urls['3pl-us'], numbers)).sort()).toEqual([...us].sort());
    const bookFile = join(stack.env.EDI_EXCHANGE_DIR!, '.warehouse', 'book.json');
    const euNumbers = numbers.filter((n) => !us.includes(n)).sort();
    const ediRefs = () => Object.keys((JSON.parse(readFileSync(bookFile, 'utf8')) as { orders: Record<string, unknown> }).orders).filter((r) => numbers.includes(r)).sort();
    await until('the warehouse has taken in every 940', async () => ediRefs().length === euNumbers.length, 30_000, tail);
    expect(ediRefs()).toEqual(euNumbers);

    // Through the gateway, a delivered checkout order is no longer PENDING.
    const tracked = await gql<{ order: { number: string; status: string } | null }>(stack.gatewayUrl, 'query T($n: String!, $e: String!) { order(number: $n, email: $e) { number status } }', { n: placed[150]!.number, e: placed[150]!.email });
    expect(tracked.body.data!.order).toEqual({ number: placed[150]!.number, status: 'PROCESSING' });

    // CRM: each order's points credited once; balances moved by exactly the points earned.
    const byEmail = new Map<string, PlacedOrder[]>();
    for (const o of placed) byEmail.set(o.email, [...(byEmail.get(o.email) ?? []), o]);
    const contacts = await crmContacts(stack.urls.crm, [...byEmail.keys()]);
    for (const [email, orders] of byEmail) {
      const person = index.personByEmail.get(email);
      const contact = contacts.get(email.toLowerCase());
      if (!person) {
        expect(contact).toBeUndefined();
        continue;
      }
      for (const o of orders) expect(contact!.ledger.split('\n').filter((l) => l.startsWith(`order-${o.number}:earn\t`))).toHaveLength(1);
      expect(contact!.points).toBe(person.crm!.loyaltyPoints + orders.reduce((n, o) => n + o.loyaltyPointsEarned, 0));
    }
  }, 480_000);

  it("takes an order placed with the cart's checkout through the gateway to the ERP, the warehouse its units were reserved at, and the CRM", async () => {
    const sku = index.retailer.variants.find((v) => index.productById.get(v.productId)!.inWebStore && index.price(v.sku, 'USD'))!.sku;
    const ledger = new StockLedger(store);
    // The only stock the ledger knows is at the EU warehouse: the order ships from there, though it goes to the US.
    await ledger.setHeld(sku, '3pl-eu:VEN1', 20, { asOf: Date.now(), source: '3pl-eu' });
    const person = index.retailer.people.find((p) => p.crm && p.address.countryCode === 'US' && !p.companyId && p.key !== 'person-00001')!;
    const cartId = (await gql<Data>(stack.gatewayUrl, 'mutation C($input: CartInput!) @inContext(country: US) { cartCreate(input: $input) { cart { id } userErrors { code } } }', { input: { lines: [{ sku, quantity: 2 }] } })).body.data!.cartCreate.cart.id;
    const address = { firstName: person.firstName, lastName: person.lastName, address1: person.address.line1, city: person.address.city, province: person.address.province, zip: person.address.postalCode, countryCode: 'US' };
    const checkout = await gql<Data>(stack.gatewayUrl, readFileSync(join(repoRoot, 'schema/contract/storefront/Checkout.graphql'), 'utf8'), { cartId, idempotencyKey: `e2e-orders-${Date.now()}`, payment: { cardToken: 'tok_visa' }, shippingAddress: address, email: person.email });
    expect(checkout.body.errors).toBeUndefined();
    const order = checkout.body.data!.checkoutComplete.order;
    // Resolved by the orders subgraph from the outbox: the guest sees the order it just placed.
    expect(order).toMatchObject({ id: `gid://ucg/Order/${order.number}`, total: { currencyCode: 'USD' } });
    // PENDING until the ERP and the warehouse have it; the running worker may already be done.
    expect(['PENDING', 'PROCESSING']).toContain(order.status);
    expect(order.loyaltyPointsEarned).toBeGreaterThan(0);

    await until('the worker has delivered it', async () => {
      const tracked = await gql<Data>(stack.gatewayUrl, 'query T($n: String!, $e: String!) { order(number: $n, email: $e) { status } }', { n: order.number, e: person.email });
      return tracked.body.data?.order?.status === 'PROCESSING';
    }, 60_000, () => workers.map((w) => w.tail()).join('\n'));
    expect((await erpReferences(stack.urls.erp)).filter((r) => r === order.number)).toHaveLength(1);
    const book = () => (JSON.parse(readFileSync(join(stack.env.EDI_EXCHANGE_DIR!, '.warehouse', 'book.json'), 'utf8')) as { orders: Record<string, { lines: { sku: string; quantity: number }[] }> }).orders[order.number];
    await until('the warehouse has taken in the 940', async () => book() !== undefined, 30_000, () => '');
    expect(book()!.lines.map((l) => [l.sku, l.quantity])).toEqual([[sku, 2]]);
    expect(await shipBobReferences(stack.urls['3pl-us'], [order.number])).toEqual([]);
    const contact = (await crmContacts(stack.urls.crm, [person.email])).get(person.email.toLowerCase())!;
    expect(contact.ledger).toContain(`order-${order.number}:earn\t`);
  }, 120_000);
});

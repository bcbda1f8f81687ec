import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SapConnector } from '@ucg/connector-sap';
import { money } from '@ucg/connector-core';
import { OrderOutbox, type PlacedOrder } from '@ucg/order-outbox';
import { createLogger } from '@ucg/service-kit';
import { DeliveryStates, isSettled } from '../src/delivery/state.ts';
import { loadWorkerConfig } from '../src/worker/config.ts';
import { createOrderWorker } from '../src/worker/create-worker.ts';
import { earnOperationId } from '../src/worker/deliver.ts';
import { replayOrder } from '../src/worker/replay.ts';
import { checkoutDrafts } from './checkout-orders.ts';
import { faults, REDIS_URL, startLegacy, testPrefix, testStore, type LegacyWorld } from './harness.ts';
import { spawnWorker, type WorkerChild } from './worker-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, tail = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${tail()}`);
    await sleep(250);
  }
}

/** Fast retries and claims, so a test sees hours of production behaviour in seconds. */
const WORKER_TUNING = {
  ORDER_WORKER_CLAIM_IDLE_MS: '1000',
  ORDER_WORKER_POLL_MS: '200',
  ORDER_WORKER_RETRY_BASE_MS: '200',
  ORDER_WORKER_RETRY_MAX_MS: '2000',
  ORDER_WORKER_LEASE_MS: '5000',
};

describe('order delivery worker (real Redis, every system a stand-in)', () => {
  let world: LegacyWorld;
  const prefix = testPrefix();
  const store = testStore(prefix);
  const outbox = new OrderOutbox(store);
  const states = new DeliveryStates(store);
  let env: Record<string, string>;
  const children: WorkerChild[] = [];

  beforeAll(async () => {
    world = await startLegacy({}, { shipbobRateLimit: 10_000 });
    env = { ...world.env, ...WORKER_TUNING, REDIS_URL, REDIS_KEY_PREFIX: prefix, UCG_LEGACY_LATENCY: 'off' };
  }, 120_000);
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await store.close();
    await world?.close();
  });

  it('delivers 200 checkout orders to the ERP, the 3PLs and the CRM exactly once, through an ERP outage and a killed worker', async () => {
    const drafts = checkoutDrafts(world.index, 200);
    const placed: PlacedOrder[] = [];
    const place = async (from: number, to: number) => {
      for (let i = from; i < to; i++) placed.push((await outbox.place(`checkout-${i}`, drafts[i]!)).order);
    };
    const tail = () => children.map((c) => c.tail()).join('\n---\n');

    // First half: the ERP is down. The 3PLs and the CRM get their orders meanwhile.
    await faults(world.urls.erp, { down: true });
    const first = spawnWorker({ ...env, ORDER_WORKER_CONSUMER: 'worker-1' });
    children.push(first);
    await place(0, 100);
    const handedToThreePl = async () => {
      const records = await states.getMany(placed.map((o) => o.number));
      return records.filter((r) => r.plan?.targets.filter((t) => t.startsWith('3pl')).every((t) => r.targets[t]?.state === 'accepted')).length;
    };
    await until('the first worker has shipped part of the run', async () => (await handedToThreePl()) >= 40, 90_000, tail);

    // Nothing reached the ERP while it was down: those deliveries wait to be retried.
    const duringOutage = await states.getMany(placed.map((o) => o.number));
    expect(duringOutage.filter((r) => r.targets.erp?.state === 'accepted')).toEqual([]);
    expect(duringOutage.filter((r) => r.targets.erp?.state === 'retrying').length).toBeGreaterThan(0);

    // The worker dies mid-run, holding messages it never acknowledged.
    await first.kill();
    expect((await outbox.pending('order-delivery')).consumers['worker-1']).toBeGreaterThan(0);
    const second = spawnWorker({ ...env, ORDER_WORKER_CONSUMER: 'worker-2' });
    children.push(second);

    // Second half: the ERP is back.
    await faults(world.urls.erp, { down: false });
    await place(100, 200);
    await until('every order is settled in every system', async () => {
      const records = await states.getMany(placed.map((o) => o.number));
      return records.every(isSettled) && (await outbox.pending('order-delivery')).count === 0;
    }, 240_000, tail);
    await second.stop();

    const numbers = placed.map((o) => o.number);
    const records = await states.getMany(numbers);
    for (const record of records) {
      for (const target of record.plan!.targets) expect(['accepted', 'skipped']).toContain(record.targets[target]!.state);
    }
    // Orders tried during the outage reached the ERP on a later attempt.
    const triedDuringOutage = placed.filter((_, i) => duringOutage[i]?.targets.erp?.state === 'retrying').map((o) => numbers.indexOf(o.number));
    expect(triedDuringOutage.every((i) => records[i]!.targets.erp!.attempts > 1)).toBe(true);

    // ERP: one sales order per checkout order (SAP itself would accept duplicates).
    const erp = new SapConnector({ baseUrl: world.urls.erp, user: 'UCG_DEV', password: 'ucg-dev-secret' });
    const salesOrders = await erp.salesOrders({ externalReferences: numbers });
    await erp.close();
    const perReference = new Map<string, number>();
    for (const so of salesOrders) perReference.set(so.externalReference!, (perReference.get(so.externalReference!) ?? 0) + 1);
    expect(numbers.filter((n) => perReference.get(n) !== 1)).toEqual([]);
    for (const order of placed) {
      const so = salesOrders.find((s) => s.externalReference === order.number)!;
      expect(so.lines.map((l) => [l.sku, l.quantity])).toEqual(order.lines.map((l) => [l.sku, l.quantity]));
    }

    // 3PLs: US addresses at ShipBob by reference_id, European ones at the EDI warehouse by order number, once each.
    const usNumbers = new Set(placed.filter((o) => ['US', 'CA'].includes(o.shippingAddress!.countryCode)).map((o) => o.number));
    const shipbobRefs = world.shipbob.account().orders.map((o) => o.reference_id).filter((r) => numbers.includes(r));
    expect(shipbobRefs.sort()).toEqual([...usNumbers].sort());
    await until('the warehouse has taken in every 940', async () => world.edi.warehouse.book.orders().filter((o) => numbers.includes(o.orderReference)).length === numbers.length - usNumbers.size, 30_000);
    const ediRefs = world.edi.warehouse.book.orders().map((o) => o.orderReference).filter((r) => numbers.includes(r));
    expect(ediRefs.sort()).toEqual(numbers.filter((n) => !usNumbers.has(n)).sort());
    expect(world.edi.warehouse.status().files.duplicateInterchanges).toBe(0);

    // CRM: each order's points credited once (one ledger entry), balances moved by exactly the points.
    const byEmail = new Map<string, PlacedOrder[]>();
    for (const o of placed) byEmail.set(o.email, [...(byEmail.get(o.email) ?? []), o]);
    for (const [email, orders] of byEmail) {
      const person = world.index.personByEmail.get(email);
      const contact = world.hubspot.store.find('contacts', email, 'email');
      if (!person) {
        expect(contact).toBeUndefined();
        for (const o of orders) expect(records[numbers.indexOf(o.number)]!.targets.crm!.state).toBe('skipped');
        continue;
      }
      const ledger = contact!.properties.loyalty_ledger ?? '';
      for (const o of orders) expect(ledger.split('\n').filter((line) => line.startsWith(`${earnOperationId(o.number)}\t`))).toHaveLength(1);
      expect(Number(contact!.properties.loyalty_points)).toBe(person.crm!.loyaltyPoints + orders.reduce((n, o) => n + o.loyaltyPointsEarned, 0));
    }
  }, 420_000);

  it('dead-letters what a system refuses for good, still delivers it everywhere else, and shows it in /metrics', async () => {
    const config = loadWorkerConfig({ ...env, ORDER_WORKER_CONSUMER: 'in-process', ORDER_WORKER_GROUP: 'refusals' });
    const worker = createOrderWorker(config, createLogger('worker-test', { level: 'silent' }), store);
    const url = await worker.http.listen(0);
    worker.start();
    try {
      const [draft] = checkoutDrafts(world.index, 1);
      const unknown = { ...draft!.lines[0]!, sku: 'NO-SUCH-SKU', title: 'Withdrawn item', unitPrice: money('5.00', draft!.currencyCode), total: money('5.00', draft!.currencyCode), quantity: 1 };
      const { order } = await outbox.place('refused-by-erp', { ...draft!, lines: [...draft!.lines, unknown] });
      await until('the order is settled', async () => isSettled(await states.get(order.number)), 30_000);
      const record = await states.get(order.number);
      expect(record.targets.erp).toMatchObject({ state: 'dead', error: { code: 'UPSTREAM_REJECTED' } });
      expect(record.targets.crm!.state).toBe('accepted');
      const dead = await states.deadLetters();
      expect(dead).toEqual(expect.arrayContaining([expect.objectContaining({ number: order.number, target: 'erp' })]));
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/ucg_order_delivery_dead_letters \d+/);
      expect(metrics).toMatch(/ucg_order_delivery_attempts_total\{system="erp",outcome="dead",code="UPSTREAM_REJECTED"\} 1/);
      expect((await fetch(`${url}/health`)).status).toBe(200);

      // Replaying (after a fix) sends it to the refusing system again, and only there.
      expect(await replayOrder(store, order.number)).toEqual(['erp']);
      expect((await states.deadLetters()).some((d) => d.number === order.number)).toBe(false);
      await until('the replayed delivery is answered', async () => (await states.get(order.number)).targets.erp!.attempts === 2 && isSettled(await states.get(order.number)), 30_000);
      const replayed = await states.get(order.number);
      expect(replayed.targets.erp!.state).toBe('dead');
      expect(replayed.targets.crm).toEqual(record.targets.crm);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});

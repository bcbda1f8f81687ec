import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '@ucg/connector-core';
import type { Store } from '@ucg/store';
import { OrderOutbox, type OrderDraft } from '../src/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function draft(email: string, sku = 'SKU-1', quantity = 1): OrderDraft {
  const unit = money('19.99', 'USD');
  const total = money(19.99 * quantity, 'USD');
  return {
    channel: 'WEB', email, customerId: null, currencyCode: 'USD', countryCode: 'US',
    lines: [{ sku, title: `Item ${sku}`, quantity, unitPrice: unit, total, fulfillment: { mode: 'SHIPPING', locationId: null }, reservationId: `r-${sku}` }],
    subtotal: total, tax: money(0, 'USD'), taxIncluded: false, shipping: money(0, 'USD'), total,
    payments: [{ method: 'CARD', amount: total, system: 'webstore', reference: 'auth-1' }],
    loyaltyPointsEarned: Math.floor(19.99 * quantity), shippingAddress: null, source: { kind: 'cart', id: 'cart-1' },
  };
}

/** The outbox's behaviour on one kind of store (in-process, Redis, Redis Cluster). */
export function outboxSuite(name: string, open: () => Promise<Store> | Store): void {
  describe(`OrderOutbox on ${name}`, () => {
    let store: Store;
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let n = 0;
    /** A fresh outbox namespace per test, so numbers start at G100001 in each. */
    const outbox = (options = {}) => new OrderOutbox(store, { namespace: `outbox-test:${run}:${++n}`, ...options });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('numbers graph orders G100001, G100002, … and reads them back by number and key', async () => {
      const box = outbox();
      const a = await box.place('key-a', draft('ava@example.com'));
      const b = await box.place('key-b', draft('ben@example.com'));
      expect([a.created, b.created]).toEqual([true, true]);
      expect([a.order.number, b.order.number]).toEqual(['G100001', 'G100002']);
      expect(a.order).toMatchObject({ id: 'gid://ucg/Order/G100001', status: 'PENDING', idempotencyKey: 'key-a', email: 'ava@example.com' });
      expect(Date.parse(a.order.placedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(await box.get('G100002')).toEqual(b.order);
      expect(await box.getMany(['G100002', 'G999999', 'G100001'])).toEqual([b.order, null, a.order]);
      expect(await box.byIdempotencyKey('key-a')).toEqual(a.order);
      expect(await box.byIdempotencyKey('never-used')).toBeNull();
      await expect(box.place('', draft('x@example.com'))).rejects.toMatchObject({ code: 'OUTBOX_INVALID_KEY' });
    });

    it('makes exactly one order and one message from 50 concurrent duplicates of one checkout', async () => {
      const box = outbox();
      const results = await Promise.all(Array.from({ length: 50 }, () => box.place('same-key', draft('ava@example.com'))));
      expect(new Set(results.map((r) => r.order.number)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const again = await box.place('same-key', draft('ava@example.com', 'OTHER', 9));
      expect(again).toEqual({ order: results[0]!.order, created: false });
      expect((await box.byEmail('ava@example.com')).totalCount).toBe(1);
      const messages = await box.consume('delivery', 'w1', { count: 100 });
      expect(messages.map((m) => m.number)).toEqual([results[0]!.order.number]);
    });

    it("lists a shopper's orders newest first, matching email case-insensitively, in pages", async () => {
      let now = Date.parse('2026-11-20T10:00:00Z');
      const box = outbox({ clock: () => (now += 1000) });
      for (let i = 0; i < 5; i++) await box.place(`ava-${i}`, draft(i % 2 ? 'Ava@Example.com' : 'ava@example.com', `S${i}`));
      await box.place('ben', draft('ben@example.com'));
      const all = await box.byEmail('AVA@example.com ');
      expect(all.totalCount).toBe(5);
      expect(all.orders.map((o) => o.number)).toEqual(['G100005', 'G100004', 'G100003', 'G100002', 'G100001']);
      const page = await box.byEmail('ava@example.com', { first: 2, offset: 2 });
      expect(page).toMatchObject({ totalCount: 5 });
      expect(page.orders.map((o) => o.lines[0]!.sku)).toEqual(['S2', 'S1']);
      expect(await box.byEmail('nobody@example.com')).toEqual({ orders: [], totalCount: 0 });
    });

    it('hands each order to one worker of a group, keeps it until acked, and lets a rescuer claim a dead worker\'s', async () => {
      const box = outbox();
      const placed = [];
      for (let i = 0; i < 3; i++) placed.push((await box.place(`k${i}`, draft('ava@example.com', `S${i}`))).order);
      const first = await box.consume('delivery', 'dies', { count: 2 });
      expect(first.map((m) => m.order)).toEqual(placed.slice(0, 2));
      expect(first.every((m) => m.type === 'order.placed' && m.deliveries === 1)).toBe(true);
      const second = await box.consume('delivery', 'lives');
      expect(second.map((m) => m.number)).toEqual([placed[2]!.number]);
      await box.ack('delivery', second.map((m) => m.id));
      expect(await box.pending('delivery')).toMatchObject({ count: 2, consumers: { dies: 2 } });
      // Another group (say, analytics) gets every order independently.
      expect((await box.consume('analytics', 'a', { count: 10 })).map((m) => m.number)).toEqual(placed.map((o) => o.number));
      await sleep(60);
      const rescued = await box.claim('delivery', 'rescuer', { minIdleMs: 50 });
      expect(rescued.map((m) => [m.number, m.deliveries])).toEqual([[placed[0]!.number, 2], [placed[1]!.number, 2]]);
      await box.ack('delivery', rescued.map((m) => m.id));
      expect((await box.pending('delivery')).count).toBe(0);
    });

    it('waits for the next order when asked to block', async () => {
      const box = outbox();
      await box.consume('delivery', 'w');
      const waiting = box.consume('delivery', 'w', { blockMs: 5_000 });
      await sleep(50);
      const { order } = await box.place('late', draft('ava@example.com'));
      expect((await waiting).map((m) => m.number)).toEqual([order.number]);
    });

    it('publishes an order whose message never made it to the stream (relay), so delivery still gets it', async () => {
      const box = outbox({ relayAfterMs: 0 });
      // Something else holds the stream's key: publishing fails, as when a process dies after placing.
      await store.set(box.keys.stream, 'not a stream');
      const { order, created } = await box.place('crash', draft('ava@example.com'));
      expect(created).toBe(true);
      expect(await box.get(order.number)).toEqual(order);
      await store.del([box.keys.stream]);
      expect(await box.relay()).toBe(1);
      expect(await box.relay()).toBe(0);
      expect((await box.consume('delivery', 'w')).map((m) => m.order)).toEqual([order]);
    });
  });
}

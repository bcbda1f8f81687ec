import { keySlot, type Store } from '@ucg/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerKeys, StockLedger, type ReserveResult, type StockLedgerOptions, type SweepReport } from '../src/index.ts';
import { skuKeyList } from '../src/keys.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

export interface LedgerSuiteStores {
  /** The store under test. */
  open: () => Promise<Store> | Store;
  /** What a second process sharing the same data would use (the same object for the in-process store). */
  another: (first: Store) => Promise<Store> | Store;
}

/** The ledger's behaviour, run against every store (in-process, Redis, Redis Cluster). */
export function ledgerSuite(name: string, stores: LedgerSuiteStores): void {
  describe(`StockLedger on ${name}`, () => {
    const namespace = `ledger-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const opened = new Set<Store>();
    let store: Store;
    // A clock the tests move: expiry without waiting.
    let now = Date.now();
    const clock = () => now;
    const ledger = (options: StockLedgerOptions = {}, on = store) => new StockLedger(on, { namespace, clock, ...options });
    const reserveOne = (l: StockLedger, sku: string, reservationId: string, extra: Partial<Parameters<StockLedger['reserve']>[0]> = {}) =>
      l.reserve({ sku, reservationId, quantity: 1, cartId: `cart-${reservationId}`, expiresAt: now + 60_000, ...extra });
    const stockOf = async (l: StockLedger, sku: string) => (await l.available([sku]))[0]!;

    beforeAll(async () => {
      store = await stores.open();
      opened.add(store);
    });
    afterAll(async () => {
      await Promise.all([...opened].map((s) => s.close()));
    });

    it('keeps one SKU’s keys on one cluster slot', () => {
      const keys = new LedgerKeys(namespace, 16);
      expect(new Set(skuKeyList(keys.sku('SKU-1')).map(keySlot)).size).toBe(1);
      expect(keySlot(keys.sku('SKU-1').locations)).not.toBe(keySlot(keys.sku('SKU-2').locations));
    });

    it('records what legacy systems hold, per location, and ignores a stale report', async () => {
      const l = ledger();
      const t0 = now;
      expect(await l.setHeld('HELD', 'dc-east', 7, { asOf: t0, source: 'erp' })).toEqual({ applied: true, asOf: iso(t0) });
      await l.setHeld('HELD', 'store-12', 3, { asOf: iso(t0), source: '3pl-us' });
      await l.setHeld('HELD', 'outlet', 5, { asOf: t0, source: 'erp', sellable: false });
      expect(await l.setHeld('HELD', 'dc-east', 99, { asOf: t0 - 1_000, source: 'erp' })).toEqual({ applied: false, asOf: iso(t0) });
      expect(await l.setHeld('HELD', 'dc-east', 6, { asOf: new Date(t0 + 1_000), source: 'erp' })).toEqual({ applied: true, asOf: iso(t0 + 1_000) });
      expect(await stockOf(l, 'HELD')).toEqual({
        sku: 'HELD',
        held: 14,
        reserved: 0,
        available: 9,
        locations: [
          { locationId: 'dc-east', held: 6, reserved: 0, available: 6, sellable: true, asOf: iso(t0 + 1_000), source: 'erp' },
          { locationId: 'outlet', held: 5, reserved: 0, available: 5, sellable: false, asOf: iso(t0), source: 'erp' },
          { locationId: 'store-12', held: 3, reserved: 0, available: 3, sellable: true, asOf: iso(t0), source: '3pl-us' },
        ],
      });
      expect(await stockOf(l, 'NEVER-SEEN')).toEqual({ sku: 'NEVER-SEEN', held: 0, reserved: 0, available: 0, locations: [] });
    });

    it('500 concurrent reserves of 10 available units: exactly 10 reserved, none oversold', async () => {
      const l = ledger();
      await l.setHeld('RUSH', 'dc-east', 6, { asOf: now, source: 'erp' });
      await l.setHeld('RUSH', 'dc-west', 4, { asOf: now, source: 'erp' });
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 500 }, (_, i) => reserveOne(l, 'RUSH', `rush-${i}`)));
      const elapsed = performance.now() - started;
      console.info(`[timing] ${name}: 500 concurrent reserves in ${elapsed.toFixed(0)} ms`);
      const won = results.filter((r): r is Extract<ReserveResult, { ok: true }> => r.ok);
      expect(won).toHaveLength(10);
      for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, code: 'LEDGER_INSUFFICIENT_STOCK', sku: 'RUSH', requested: 1, available: 0 });
      const stock = await stockOf(l, 'RUSH');
      expect(stock).toMatchObject({ held: 10, reserved: 10, available: 0 });
      for (const loc of stock.locations) expect(loc.reserved).toBe(loc.held);
      const perLocation = won.flatMap((r) => r.reservation.allocations).reduce<Record<string, number>>((m, a) => ({ ...m, [a.locationId]: (m[a.locationId] ?? 0) + a.quantity }), {});
      expect(perLocation).toEqual({ 'dc-east': 6, 'dc-west': 4 });
    });

    it('never oversells under concurrent multi-unit reserves either', async () => {
      const l = ledger();
      await l.setHeld('MULTI', 'a', 7, { asOf: now, source: 'erp' });
      await l.setHeld('MULTI', 'b', 5, { asOf: now, source: 'erp' });
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => reserveOne(l, 'MULTI', `multi-${i}`, { quantity: 1 + (i % 3) })));
      const taken = results.reduce((n, r) => n + (r.ok ? r.reservation.quantity : 0), 0);
      const stock = await stockOf(l, 'MULTI');
      expect(stock.reserved).toBe(taken);
      expect(taken).toBeLessThanOrEqual(12);
      expect(taken).toBeGreaterThanOrEqual(10);
      for (const loc of stock.locations) expect(loc.reserved).toBeLessThanOrEqual(loc.held);
    });

    it('reserves once per reservation id, and adjusts the quantity atomically', async () => {
      const l = ledger();
      await l.setHeld('SAME', 'dc', 5, { asOf: now, source: 'erp' });
      const request = { sku: 'SAME', quantity: 2, reservationId: 'same-1', cartId: 'cart-1', expiresAt: now + 60_000 };
      const [first, again] = await Promise.all([l.reserve(request), l.reserve(request)]);
      expect(first.ok && again.ok).toBe(true);
      expect((await stockOf(l, 'SAME')).reserved).toBe(2);
      expect(await l.reserve({ ...request, quantity: 4 })).toMatchObject({ ok: true, reservation: { quantity: 4, allocations: [{ locationId: 'dc', quantity: 4 }] } });
      expect(await l.reserve({ ...request, quantity: 6 })).toEqual({ ok: false, code: 'LEDGER_INSUFFICIENT_STOCK', sku: 'SAME', requested: 6, available: 5 });
      expect((await stockOf(l, 'SAME')).reserved).toBe(4);
      expect(await l.reserve({ ...request, quantity: 1 })).toMatchObject({ ok: true, reservation: { quantity: 1, state: 'active' } });
      expect(await reserveOne(l, 'SAME', 'same-2', { quantity: 4 })).toMatchObject({ ok: true });
      expect(await l.reserve({ ...request, quantity: 2 })).toMatchObject({ ok: false, available: 1 });
      expect(await stockOf(l, 'SAME')).toMatchObject({ held: 5, reserved: 5, available: 0 });
      const later = now + 120_000;
      expect(await l.reserve({ ...request, expiresAt: later, quantity: 1 })).toMatchObject({ ok: true, reservation: { expiresAt: iso(later) } });
    });

    it('takes a pickup reservation only at its store; others from sellable locations, split if need be', async () => {
      const l = ledger();
      await l.setHeld('PICK', 'dc-east', 3, { asOf: now, source: 'erp' });
      await l.setHeld('PICK', 'store-12', 2, { asOf: now, source: 'erp' });
      await l.setHeld('PICK', 'outlet', 4, { asOf: now, source: 'erp', sellable: false });
      expect(await reserveOne(l, 'PICK', 'pick-1', { locationId: 'store-12', quantity: 3 })).toMatchObject({ ok: false, available: 2 });
      expect(await reserveOne(l, 'PICK', 'pick-1', { locationId: 'store-12', quantity: 2 })).toMatchObject({
        ok: true,
        reservation: { locationId: 'store-12', allocations: [{ locationId: 'store-12', quantity: 2 }] },
      });
      // Not sellable for delivery, but a customer may still collect there.
      expect(await reserveOne(l, 'PICK', 'pick-2', { locationId: 'outlet', quantity: 4 })).toMatchObject({ ok: true });
      expect(await reserveOne(l, 'PICK', 'ship-1', { quantity: 4 })).toMatchObject({ ok: false, available: 3 });
      expect(await reserveOne(l, 'PICK', 'ship-1', { quantity: 3 })).toMatchObject({ ok: true, reservation: { locationId: null, allocations: [{ locationId: 'dc-east', quantity: 3 }] } });
      await l.setHeld('SPLIT', 'dc-east', 2, { asOf: now, source: 'erp' });
      await l.setHeld('SPLIT', 'dc-west', 3, { asOf: now, source: 'erp' });
      expect(await reserveOne(l, 'SPLIT', 'split-1', { quantity: 4 })).toMatchObject({
        ok: true,
        reservation: { allocations: [{ locationId: 'dc-west', quantity: 3 }, { locationId: 'dc-east', quantity: 1 }] },
      });
    });

    it('releases once, and commits by decrementing held at once, once', async () => {
      const l = ledger();
      await l.setHeld('DONE', 'dc', 5, { asOf: now, source: 'erp' });
      await reserveOne(l, 'DONE', 'done-a', { quantity: 2 });
      await reserveOne(l, 'DONE', 'done-b', { quantity: 1 });
      expect(await l.release('done-a')).toMatchObject({ released: true, state: 'released', reservation: { quantity: 2 } });
      expect(await l.release('done-a')).toMatchObject({ released: false, state: 'released' });
      expect(await stockOf(l, 'DONE')).toMatchObject({ held: 5, reserved: 1, available: 4 });
      expect(await l.commit('done-b')).toMatchObject({ alreadyCommitted: false, reservation: { state: 'committed' } });
      expect(await stockOf(l, 'DONE')).toMatchObject({ held: 4, reserved: 0, available: 4 });
      expect(await l.commit('done-b')).toMatchObject({ alreadyCommitted: true });
      expect(await stockOf(l, 'DONE')).toMatchObject({ held: 4, reserved: 0 });
      expect(await l.release('done-b')).toMatchObject({ released: false, state: 'committed' });
      await expect(reserveOne(l, 'DONE', 'done-b')).rejects.toMatchObject({ code: 'LEDGER_RESERVATION_COMMITTED' });
      await expect(l.commit('done-a')).rejects.toMatchObject({ code: 'LEDGER_RESERVATION_NOT_ACTIVE' });
      await expect(l.commit('done-never')).rejects.toMatchObject({ code: 'LEDGER_RESERVATION_NOT_FOUND' });
      expect(await l.release('done-never')).toEqual({ released: false, state: 'missing', reservation: null });
      expect(await l.reservation('done-b')).toMatchObject({ sku: 'DONE', state: 'committed', closedAt: iso(now) });
      // A released id may reserve again (a returning shopper); a committed one may not.
      expect(await reserveOne(l, 'DONE', 'done-a')).toMatchObject({ ok: true, reservation: { state: 'active' } });
    });

    it('returns expired reservations to stock through the sweeper, exactly once with two sweepers', async () => {
      const first = ledger();
      const second = ledger({}, await stores.another(store));
      const skus = ['EXP-1', 'EXP-2', 'EXP-3', 'EXP-4'];
      for (const sku of skus) await first.setHeld(sku, 'dc', 12, { asOf: now, source: 'erp' });
      const expiring = skus.flatMap((sku) => Array.from({ length: 10 }, (_, i) => `${sku}-r${i}`));
      await Promise.all(expiring.map((id) => reserveOne(first, id.slice(0, 5), id, { expiresAt: now + 1_000 })));
      await Promise.all(skus.map((sku) => reserveOne(first, sku, `${sku}-keeps`, { expiresAt: now + 3_600_000 })));
      expect((await first.sweep()).expired).toEqual([]);
      now += 2_000;
      const reports = await Promise.all([first.sweep(), second.sweep(), first.sweep(), second.sweep()]);
      const released = reports.flatMap((r) => r.expired.map((e) => e.reservationId));
      expect([...released].sort()).toEqual([...expiring].sort());
      for (const stock of await first.available(skus)) expect(stock).toMatchObject({ held: 12, reserved: 1, available: 11 });
      expect(await first.reservation(expiring[0]!)).toMatchObject({ state: 'expired' });
      expect(await first.reservation(`${skus[0]}-keeps`)).toMatchObject({ state: 'active' });
      expect((await second.sweep()).expired).toEqual([]);
    });

    it('runs sweepers on an interval in several processes; each expiry counted once', async () => {
      const a = ledger();
      const b = ledger({}, await stores.another(store));
      await a.setHeld('TICK', 'dc', 3, { asOf: now, source: 'erp' });
      for (const id of ['tick-1', 'tick-2', 'tick-3']) await reserveOne(a, 'TICK', id, { expiresAt: now + 500 });
      const reports: SweepReport[] = [];
      const errors: unknown[] = [];
      const sweepers = [a, b].map((l) => l.startSweeper({ intervalMs: 10, onSweep: (r) => reports.push(r), onError: (e) => errors.push(e) }));
      await sleep(50);
      expect((await stockOf(a, 'TICK')).available).toBe(0);
      now += 1_000;
      for (let i = 0; i < 250 && (await stockOf(a, 'TICK')).available < 3; i++) await sleep(20);
      await Promise.all(sweepers.map((s) => s.stop()));
      expect((await stockOf(a, 'TICK')).available).toBe(3);
      expect(reports.flatMap((r) => r.expired.map((e) => e.reservationId)).sort()).toEqual(['tick-1', 'tick-2', 'tick-3']);
      expect(errors).toEqual([]);
    });

    it('lets a reserve take units of a reservation that expired before any sweep', async () => {
      const l = ledger();
      await l.setHeld('LAZY', 'dc', 1, { asOf: now, source: 'erp' });
      await reserveOne(l, 'LAZY', 'lazy-old', { expiresAt: now + 1_000 });
      expect(await reserveOne(l, 'LAZY', 'lazy-new')).toMatchObject({ ok: false, available: 0 });
      now += 2_000;
      expect(await reserveOne(l, 'LAZY', 'lazy-new')).toMatchObject({ ok: true });
      expect(await l.reservation('lazy-old')).toMatchObject({ state: 'expired' });
      expect((await l.sweep()).expired).toEqual([]);
    });

    it('forgets closed reservations once the retention period has passed', async () => {
      const l = ledger({ closedRetentionMs: 5_000 });
      await l.setHeld('OLD', 'dc', 2, { asOf: now, source: 'erp' });
      await reserveOne(l, 'OLD', 'old-1', { expiresAt: now + 1_000 });
      await l.release('old-1');
      now += 2_000;
      await l.sweep();
      expect(await l.reservation('old-1')).toMatchObject({ state: 'released' });
      now += 10_000;
      await l.sweep();
      expect(await l.reservation('old-1')).toBeNull();
      expect(await store.hgetall(new LedgerKeys(namespace, 16).sku('OLD').reservations)).toEqual({});
    });

    it('answers available() for 500 SKUs in one call', async () => {
      const l = ledger();
      const skus = Array.from({ length: 500 }, (_, i) => `BULK-${i}`);
      await Promise.all(skus.map((sku, i) => l.setHeld(sku, 'dc', i % 7, { asOf: now, source: 'erp' })));
      await Promise.all(skus.filter((_, i) => i % 7 >= 2 && i % 10 === 0).map((sku) => reserveOne(l, sku, `bulk-${sku}`, { quantity: 2 })));
      const started = performance.now();
      const stock = await l.available(skus);
      console.info(`[timing] ${name}: available() for 500 SKUs in ${(performance.now() - started).toFixed(0)} ms`);
      expect(stock.map((s) => s.sku)).toEqual(skus);
      stock.forEach((s, i) => {
        const reserved = i % 7 >= 2 && i % 10 === 0 ? 2 : 0;
        expect(s).toMatchObject({ held: i % 7, reserved, available: (i % 7) - reserved });
      });
    });

    it('rejects bad input with stable codes', async () => {
      const l = ledger();
      await l.setHeld('CODES', 'dc', 5, { asOf: now, source: 'erp' });
      await expect(l.setHeld('BAD{SKU}', 'dc', 1, { asOf: now, source: 'erp' })).rejects.toMatchObject({ code: 'LEDGER_INVALID_SKU' });
      await expect(l.available(['ok', ''])).rejects.toMatchObject({ code: 'LEDGER_INVALID_SKU' });
      await expect(l.setHeld('CODES', 'dc', 1.5, { asOf: now, source: 'erp' })).rejects.toMatchObject({ code: 'LEDGER_INVALID_QUANTITY' });
      await expect(l.setHeld('CODES', 'dc', 1, { asOf: 'yesterday', source: 'erp' })).rejects.toMatchObject({ code: 'LEDGER_INVALID_ARGUMENT' });
      await expect(reserveOne(l, 'CODES', 'codes-1', { quantity: 0 })).rejects.toMatchObject({ code: 'LEDGER_INVALID_QUANTITY' });
      await expect(reserveOne(l, 'CODES', 'codes-1', { expiresAt: now - 1 })).rejects.toMatchObject({ code: 'LEDGER_INVALID_ARGUMENT' });
      await reserveOne(l, 'CODES', 'codes-1');
      await expect(reserveOne(l, 'OTHER', 'codes-1')).rejects.toMatchObject({ code: 'LEDGER_RESERVATION_CONFLICT', system: 'stock-ledger' });
    });
  });
}

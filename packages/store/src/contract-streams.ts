import { describe, expect, it } from 'vitest';
import type { Store } from './store.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Orders `ms-seq` ids numerically (they are not ordered as strings). */
function byId(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am! === bm! ? Number(as! - bs!) : am! < bm! ? -1 : 1;
}

/**
 * Stream behaviour of every `Store`, part of `storeContract()`: what a durable outbox with a
 * consumer group relies on (ids, pending entries, acks, claims of a dead consumer's work, blocking).
 */
export function streamContract(store: () => Store, key: (name: string) => string): void {
  describe('streams', () => {
    it('appends entries under increasing ms-seq ids, reads ranges back, deletes and trims', async () => {
      const s = key('log');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await store().xadd(s, { n: String(i), kind: 'order' }));
      for (const id of ids) expect(id).toMatch(/^\d+-\d+$/);
      expect([...ids].sort(byId)).toEqual(ids);
      expect(new Set(ids).size).toBe(5);
      expect(await store().xlen(s)).toBe(5);
      const all = await store().xrange(s);
      expect(all[0]).toEqual({ id: ids[0], fields: { n: '0', kind: 'order' } });
      expect(all.map((e) => e.fields.n)).toEqual(['0', '1', '2', '3', '4']);
      expect((await store().xrange(s, { start: ids[1], end: ids[3] })).map((e) => e.id)).toEqual(ids.slice(1, 4));
      expect(await store().xrange(s, { count: 2 })).toHaveLength(2);
      expect(await store().xdel(s, [ids[0]!, ids[0]!])).toBe(1);
      expect(await store().xlen(s)).toBe(4);
      await store().xadd(s, { n: '5' }, { maxLen: 3 });
      expect((await store().xrange(s)).map((e) => e.fields.n)).toEqual(['3', '4', '5']);
      expect(await store().xrange(key('no-stream'))).toEqual([]);
      expect(await store().xlen(key('no-stream'))).toBe(0);
      await expect(store().xadd(s, {})).rejects.toMatchObject({ code: 'STORE_INVALID_ARGUMENT' });
      await expect(store().xrange(s, { start: 'not-an-id' })).rejects.toMatchObject({ code: 'STORE_INVALID_ARGUMENT' });
    });

    it('creates a consumer group once, and delivers earlier entries only to a group created from the start', async () => {
      const s = key('groups');
      await store().xadd(s, { n: 'before' });
      expect(await store().xgroupCreate(s, 'new-only')).toBe(true);
      expect(await store().xgroupCreate(s, 'new-only')).toBe(false);
      expect(await store().xgroupCreate(s, 'everything', { fromStart: true })).toBe(true);
      await store().xadd(s, { n: 'after' });
      expect((await store().xreadgroup(s, 'new-only', 'c')).map((e) => e.fields.n)).toEqual(['after']);
      expect((await store().xreadgroup(s, 'everything', 'c')).map((e) => e.fields.n)).toEqual(['before', 'after']);
      expect(await store().xgroupCreate(key('made-by-group'), 'g')).toBe(true);
      expect(await store().xlen(key('made-by-group'))).toBe(0);
    });

    it('delivers each entry to one consumer of a group, keeps it pending until acked', async () => {
      const s = key('outbox');
      await store().xgroupCreate(s, 'workers');
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await store().xadd(s, { order: `o-${i}` }));
      const a = await store().xreadgroup(s, 'workers', 'a', { count: 4 });
      const b = await store().xreadgroup(s, 'workers', 'b', { count: 4 });
      expect(a.map((e) => e.id)).toEqual(ids.slice(0, 4));
      expect(b.map((e) => e.id)).toEqual(ids.slice(4));
      expect(await store().xreadgroup(s, 'workers', 'a')).toEqual([]);
      expect(await store().xpending(s, 'workers')).toEqual({ count: 6, smallestId: ids[0], largestId: ids[5], consumers: { a: 4, b: 2 } });
      expect(await store().xack(s, 'workers', a.map((e) => e.id))).toBe(4);
      expect(await store().xack(s, 'workers', [a[0]!.id])).toBe(0);
      expect(await store().xpending(s, 'workers')).toEqual({ count: 2, smallestId: ids[4], largestId: ids[5], consumers: { b: 2 } });
      await store().xack(s, 'workers', b.map((e) => e.id));
      expect(await store().xpending(s, 'workers')).toEqual({ count: 0, smallestId: null, largestId: null, consumers: {} });
    });

    it('hands a dead consumer’s unacked entries to another after minIdle; nothing is lost', async () => {
      const s = key('claims');
      await store().xgroupCreate(s, 'g');
      const sent = [await store().xadd(s, { n: '1' }), await store().xadd(s, { n: '2' }), await store().xadd(s, { n: '3' })];
      const dying = await store().xreadgroup(s, 'g', 'dying');
      await store().xack(s, 'g', [dying[0]!.id]);
      // It dies here, holding two entries.
      expect(await store().xautoclaim(s, 'g', 'rescuer', 300, 10)).toEqual([]);
      await sleep(350);
      const first = await store().xautoclaim(s, 'g', 'rescuer', 300, 1);
      expect(first).toEqual([{ id: sent[1], fields: { n: '2' }, deliveries: 2 }]);
      const rest = await store().xautoclaim(s, 'g', 'rescuer', 300, 10);
      expect(rest).toEqual([{ id: sent[2], fields: { n: '3' }, deliveries: 2 }]);
      expect(await store().xpending(s, 'g')).toMatchObject({ count: 2, consumers: { rescuer: 2 } });
      expect(await store().xautoclaim(s, 'g', 'third', 300, 10)).toEqual([]);
      await store().xack(s, 'g', [...first, ...rest].map((e) => e.id));
      expect((await store().xpending(s, 'g')).count).toBe(0);
      expect([dying[0]!.id, ...first.map((e) => e.id), ...rest.map((e) => e.id)]).toEqual(sent);
    });

    it('drops entries deleted while pending instead of re-delivering them', async () => {
      const s = key('deleted');
      await store().xgroupCreate(s, 'g');
      const [gone, kept] = [await store().xadd(s, { n: 'gone' }), await store().xadd(s, { n: 'kept' })];
      await store().xreadgroup(s, 'g', 'dead');
      await store().xdel(s, [gone]);
      await sleep(60);
      expect((await store().xautoclaim(s, 'g', 'rescuer', 50)).map((e) => e.id)).toEqual([kept]);
      expect(await store().xpending(s, 'g')).toMatchObject({ count: 1, consumers: { rescuer: 1 } });
    });

    it('blocks a read until an entry arrives, and gives up after blockMs', async () => {
      const s = key('blocking');
      await store().xgroupCreate(s, 'g');
      const started = Date.now();
      const waiting = store().xreadgroup(s, 'g', 'c', { blockMs: 10_000 });
      await sleep(100);
      const id = await store().xadd(s, { n: 'wake' });
      expect((await waiting).map((e) => e.id)).toEqual([id]);
      expect(Date.now() - started).toBeLessThan(5_000);
      const idleFrom = Date.now();
      expect(await store().xreadgroup(s, 'g', 'c', { blockMs: 200 })).toEqual([]);
      expect(Date.now() - idleFrom).toBeGreaterThanOrEqual(180);
      // The blocked read held its own connection: other commands were never stuck behind it.
      const slow = store().xreadgroup(s, 'g', 'c', { blockMs: 2_000 });
      const t0 = Date.now();
      expect(await store().ping()).toBe(true);
      expect(Date.now() - t0).toBeLessThan(1_000);
      await store().xadd(s, { n: 'release' });
      expect(await slow).toHaveLength(1);
    });

    it('reports a missing group with a stable code', async () => {
      const s = key('no-group');
      await expect(store().xreadgroup(s, 'g', 'c')).rejects.toMatchObject({ code: 'STORE_NO_GROUP' });
      await store().xadd(s, { n: '1' });
      await expect(store().xreadgroup(s, 'g', 'c')).rejects.toMatchObject({ code: 'STORE_NO_GROUP' });
      await expect(store().xpending(s, 'g')).rejects.toMatchObject({ code: 'STORE_NO_GROUP' });
      await expect(store().xautoclaim(s, 'g', 'c', 0)).rejects.toMatchObject({ code: 'STORE_NO_GROUP' });
    });
  });
}

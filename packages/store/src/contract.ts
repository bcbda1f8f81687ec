import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtomicScript, Store } from './store.ts';
import { streamContract } from './contract-streams.ts';

/** Takes `count` units if that many are left; answers what is left, or -1 (and takes nothing). */
export const takeIfAvailable: AtomicScript<number> = {
  name: 'contract_take_if_available',
  lua: `
    local left = tonumber(redis.call('GET', KEYS[1]) or '0')
    local want = tonumber(ARGV[1])
    if left < want then return -1 end
    redis.call('DECRBY', KEYS[1], want)
    redis.call('HINCRBY', KEYS[2], ARGV[2], want)
    return left - want`,
  memory(db, [stock, taken], [want, who]) {
    const left = Number(db.get(stock!) ?? '0');
    if (left < Number(want)) return -1;
    db.incrBy(stock!, -Number(want));
    db.hincrBy(taken!, who!, Number(want));
    return left - Number(want);
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The behaviour every `Store` must have. Runs against the in-process store and real Redis (and
 * Redis Cluster), so code written against one works on the others.
 */
export function storeContract(name: string, create: () => Promise<Store> | Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const k = (s: string) => `contract:{${run}}:${s}`;
    /** No hash tag: these keys spread over every slot (and every node of a cluster). */
    const spread = (s: string) => `contract:${run}:${s}`;

    beforeAll(async () => {
      store = await create();
    });
    afterAll(async () => {
      await store.close();
    });

    it('reads back what it stored, and null for what it did not', async () => {
      await store.set(k('a'), '1');
      await store.mset([{ key: k('b'), value: 'two' }, { key: k('c'), value: '' }]);
      expect(await store.get(k('a'))).toBe('1');
      expect(await store.mget([k('a'), k('missing'), k('b'), k('c')])).toEqual(['1', null, 'two', '']);
      expect(await store.mget([])).toEqual([]);
    });

    it('sets only when absent if asked to', async () => {
      expect(await store.set(k('nx'), 'first', { onlyIfAbsent: true })).toBe(true);
      expect(await store.set(k('nx'), 'second', { onlyIfAbsent: true })).toBe(false);
      expect(await store.get(k('nx'))).toBe('first');
    });

    it('forgets keys when their time is up', async () => {
      await store.set(k('ttl'), 'x', { ttlMs: 80 });
      await store.mset([{ key: k('ttl2'), value: 'y', ttlMs: 80 }]);
      const left = await store.pttl(k('ttl'));
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(80);
      expect(await store.pttl(k('missing-key'))).toBe(-2);
      await store.set(k('forever'), 'z');
      expect(await store.pttl(k('forever'))).toBe(-1);
      await sleep(150);
      expect(await store.mget([k('ttl'), k('ttl2'), k('forever')])).toEqual([null, null, 'z']);
      expect(await store.expire(k('forever'), 60)).toBe(true);
      expect(await store.expire(k('never-existed'), 60)).toBe(false);
      await sleep(120);
      expect(await store.get(k('forever'))).toBeNull();
    });

    it('deletes and counts what it deleted', async () => {
      await store.mset([{ key: k('d1'), value: '1' }, { key: k('d2'), value: '2' }]);
      expect(await store.del([k('d1'), k('d2'), k('d3')])).toBe(2);
      expect(await store.get(k('d1'))).toBeNull();
    });

    it('counts atomically', async () => {
      await Promise.all(Array.from({ length: 50 }, () => store.incrBy(k('counter'), 2)));
      expect(await store.incrBy(k('counter'), -1)).toBe(99);
    });

    it('keeps hashes', async () => {
      await store.hset(k('h'), { a: '1', b: 'x' });
      expect(await store.hincrBy(k('h'), 'a', 4)).toBe(5);
      expect(await store.hgetall(k('h'))).toEqual({ a: '5', b: 'x' });
      expect(await store.hget(k('h'), 'b')).toBe('x');
      expect(await store.hget(k('h'), 'nope')).toBeNull();
      expect(await store.hget(k('no-hash'), 'a')).toBeNull();
      expect(await store.hdel(k('h'), ['b', 'nope'])).toBe(1);
      expect(await store.hgetall(k('h'))).toEqual({ a: '5' });
      expect(await store.hgetall(k('no-hash'))).toEqual({});
    });

    it('keeps sorted sets ordered by score', async () => {
      await store.zadd(k('z'), [{ member: 'late', score: 30 }, { member: 'early', score: 10 }, { member: 'mid', score: 20 }]);
      expect(await store.zrangeByScore(k('z'), 0, 25)).toEqual([{ member: 'early', score: 10 }, { member: 'mid', score: 20 }]);
      expect(await store.zrangeByScore(k('z'), 0, 100, 1)).toEqual([{ member: 'early', score: 10 }]);
      expect(await store.zrem(k('z'), ['early', 'ghost'])).toBe(1);
      expect((await store.zrangeByScore(k('z'), -Infinity, Infinity)).map((m) => m.member)).toEqual(['mid', 'late']);
    });

    it('reports a type clash with a stable code', async () => {
      await store.set(k('str'), 'x');
      await expect(store.hset(k('str'), { a: '1' })).rejects.toMatchObject({ code: 'STORE_WRONG_TYPE' });
    });

    it('runs scripts atomically: 200 concurrent takers of 10 units take exactly 10', async () => {
      await store.set(k('stock'), '10');
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.run(takeIfAvailable, [k('stock'), k('taken')], [1, `cart-${i % 7}`])),
      );
      expect(results.filter((r) => r >= 0)).toHaveLength(10);
      expect(results.filter((r) => r === -1)).toHaveLength(190);
      expect(await store.get(k('stock'))).toBe('0');
      const taken = await store.hgetall(k('taken'));
      expect(Object.values(taken).reduce((s, v) => s + Number(v), 0)).toBe(10);
    });

    it('runs scripts for many hash tags at once, each on the slot of its keys', async () => {
      const tags = Array.from({ length: 60 }, (_, i) => `contract:{${run}-${i}}`);
      await store.mset(tags.map((t) => ({ key: `${t}:stock`, value: '1' })));
      const results = await Promise.all(tags.map((t) => store.run(takeIfAvailable, [`${t}:stock`, `${t}:taken`], [1, 'me'])));
      expect(results).toEqual(tags.map(() => 0));
    });

    it('runs a script the server has never seen, sent in the same tick as other commands', async () => {
      // Lua unique to this run: the server must load it (NOSCRIPT, then EVAL) while a batch is being built.
      const fresh: AtomicScript<string | null> = { name: 'contract_fresh', lua: `-- ${run}\nreturn redis.call('GET', KEYS[1])`, memory: (db, [key]) => db.get(key!) };
      await store.set(k('fresh'), 'v');
      expect(await Promise.all([store.get(k('fresh')), store.run(fresh, [k('fresh')], []), store.run(fresh, [k('fresh')], [])])).toEqual(['v', 'v', 'v']);
    });

    it('rejects a script whose keys would hash to different cluster slots', async () => {
      // Tags "a" and "b" hash to slots 15495 and 3300.
      await expect(store.run(takeIfAvailable, [`contract:{a}:${run}`, `contract:{b}:${run}`], [1, 'x'])).rejects.toMatchObject({ code: 'STORE_CROSS_SLOT' });
    });

    it('reads, writes and deletes many keys spread over slots in one call', async () => {
      const keys = Array.from({ length: 40 }, (_, i) => spread(`many:${i}`));
      await store.mset(keys.map((key, i) => ({ key, value: String(i) })));
      expect(await store.mget([...keys, spread('many:none')])).toEqual([...keys.map((_, i) => String(i)), null]);
      expect(await store.del([...keys, spread('many:none')])).toBe(40);
      expect(await store.mget(keys)).toEqual(keys.map(() => null));
    });

    it('delivers published messages to subscribers until they unsubscribe', async () => {
      const got: string[] = [];
      const unsubscribe = await store.subscribe(k('chan'), (m) => got.push(m));
      await store.publish(k('chan'), 'hello');
      await store.publish(k('other'), 'not for us');
      for (let i = 0; i < 50 && got.length < 1; i++) await sleep(10);
      expect(got).toEqual(['hello']);
      await unsubscribe();
      await store.publish(k('chan'), 'after');
      await sleep(50);
      expect(got).toEqual(['hello']);
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    streamContract(() => store, spread);
  });
}

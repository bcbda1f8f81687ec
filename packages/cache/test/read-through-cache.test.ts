import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, RedisStore, type Store } from '@ucg/store';
import { ReadThroughCache, type CacheEvent } from '../src/index.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function source(values: Record<string, number>) {
  const calls: string[][] = [];
  let failing = false;
  return {
    calls,
    values,
    fail(on: boolean) {
      failing = on;
    },
    async load(keys: string[]) {
      calls.push(keys);
      await sleep(5);
      if (failing) throw Object.assign(new Error('legacy down'), { code: 'UPSTREAM_UNAVAILABLE' });
      return new Map(keys.filter((k) => k in values).map((k) => [k, values[k]!]));
    },
  };
}

const stores: Store[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

for (const [name, make] of [
  ['in-process store', () => new MemoryStore()],
  ['Redis', () => new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `ucg-test-cache-${Date.now()}:` })],
] as const) {
  describe(`read-through cache on ${name}`, () => {
    const store = make();
    stores.push(store);
    let n = 0;
    const ns = () => `t${++n}`;

    it('makes one legacy call for a thousand concurrent misses, and none once cached', async () => {
      const src = source({ a: 1, b: 2 });
      const cache = new ReadThroughCache({ store, namespace: ns(), ttlMs: 10_000, load: (k) => src.load(k) });
      const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => cache.getMany([i % 2 ? 'a' : 'b'])));
      expect(src.calls).toEqual([['b', 'a']]);
      expect(answers[0]!.get('b')!.value).toBe(2);
      expect(answers[1]!.get('a')!.value).toBe(1);
      await cache.getMany(['a', 'b']);
      expect(src.calls).toHaveLength(1);
    });

    it('remembers that the source does not know a key', async () => {
      const src = source({});
      const cache = new ReadThroughCache({ store, namespace: ns(), ttlMs: 10_000, load: (k) => src.load(k) });
      expect((await cache.get('ghost')).value).toBeNull();
      expect((await cache.get('ghost')).value).toBeNull();
      expect(src.calls).toHaveLength(1);
    });

    it('serves a stale value at once and refreshes it in the background', async () => {
      const src = source({ a: 1 });
      const cache = new ReadThroughCache({ store, namespace: ns(), ttlMs: 300, jitter: 0, staleWhileRevalidateMs: 5_000, load: (k) => src.load(k) });
      await cache.get('a');
      src.values.a = 2;
      await sleep(350);
      const stale = await cache.get('a');
      expect(stale).toMatchObject({ value: 1, stale: true });
      await sleep(60);
      expect(await cache.get('a')).toMatchObject({ value: 2, stale: false });
      expect(src.calls).toHaveLength(2);
    });

    it('answers with the last known value and its true age when the source is down', async () => {
      const events: CacheEvent[] = [];
      const src = source({ a: 7 });
      const cache = new ReadThroughCache({ store, namespace: ns(), ttlMs: 20, jitter: 0, staleWhileRevalidateMs: 20, load: (k) => src.load(k), onEvent: (e) => events.push(e) });
      const first = await cache.get('a');
      src.fail(true);
      await sleep(60);
      const served = await cache.get('a');
      expect(served).toEqual({ value: 7, loadedAt: first.loadedAt, stale: true });
      expect(events.some((e) => e.type === 'stale-if-error')).toBe(true);
      await expect(cache.get('never-loaded')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    });

    it('takes pushed values and invalidations', async () => {
      const src = source({ a: 1 });
      const cache = new ReadThroughCache({ store, namespace: ns(), ttlMs: 60_000, load: (k) => src.load(k) });
      await cache.prime([['a', 42]], 1_700_000_000_000);
      expect(await cache.get('a')).toEqual({ value: 42, loadedAt: 1_700_000_000_000, stale: false });
      await cache.prime([['a', 43]]);
      expect((await cache.get('a')).value).toBe(43);
      await cache.invalidate(['a']);
      expect((await cache.get('a')).value).toBe(1);
      // Pushed values spared the first load; only the invalidation sent us back to the source.
      expect(src.calls).toEqual([['a']]);
    });
  });
}

describe('single flight across the store write', () => {
  it('makes one legacy call for misses that arrive while the first answer is being stored', async () => {
    const store = new MemoryStore();
    let calls = 0;
    const slowWrites: Store = Object.assign(Object.create(store) as Store, {
      mset: async (entries: Parameters<Store['mset']>[0]) => {
        await sleep(30);
        return store.mset(entries);
      },
    });
    const cache = new ReadThroughCache({
      store: slowWrites,
      namespace: 'gap',
      ttlMs: 60_000,
      load: async (keys: string[]) => {
        calls++;
        return new Map(keys.map((k) => [k, 1]));
      },
    });
    const first = cache.get('a');
    await sleep(10);
    // The first load has answered but its value is still being written.
    await Promise.all([first, cache.get('a'), cache.get('a')]);
    expect(calls).toBe(1);
    await store.close();
  });
});

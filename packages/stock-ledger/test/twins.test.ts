import { MemoryStore, RedisStore, type Store } from '@ucg/store';
import { afterAll, describe, expect, it } from 'vitest';
import { StockLedger } from '../src/index.ts';

/** A small seeded generator, so a failure replays exactly. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function outcome<T>(op: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await op();
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

// The Lua scripts and their JavaScript twins, driven through the same random history: every answer
// and the final state must match, or one twin has drifted from the other.
describe('Lua scripts and JavaScript twins agree', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const stores: Store[] = [new MemoryStore(), new RedisStore({ url, keyPrefix: 'ucg-test:' })];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('through 400 random operations', async () => {
    const seed = 20_240_611;
    const random = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    let now = Date.now();
    const namespace = `twins-${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const [memory, redis] = stores.map((s) => new StockLedger(s, { namespace, clock: () => now, closedRetentionMs: 20_000 })) as [StockLedger, StockLedger];
    const skus = ['T-1', 'T-2', 'T-3'];
    const locations = ['dc-a', 'dc-b', 'store-c'];
    const ids = skus.flatMap((sku) => Array.from({ length: 4 }, (_, i) => `${sku}-r${i}`));
    // Mostly the SKU's own reservation ids; now and then another SKU's (a conflict).
    const idFor = (sku: string) => (random() < 0.05 ? pick(ids) : `${sku}-r${Math.floor(random() * 4)}`);
    const ops: ((l: StockLedger) => Promise<unknown>)[] = [];
    for (let i = 0; i < 400; i++) {
      const roll = random();
      const sku = pick(skus);
      if (roll < 0.2) {
        const [loc, onHand, age, sellable] = [pick(locations), Math.floor(random() * 8), Math.floor(random() * 4_000), random() > 0.2];
        ops.push((l) => l.setHeld(sku, loc, onHand, { asOf: now - age, source: 'erp', sellable }));
      } else if (roll < 0.6) {
        const [id, quantity, pickup, ttl] = [idFor(sku), 1 + Math.floor(random() * 4), random() < 0.3 ? pick(locations) : undefined, 500 + Math.floor(random() * 5_000)];
        ops.push((l) => l.reserve({ sku, reservationId: id, quantity, cartId: 'cart', expiresAt: now + ttl, ...(pickup ? { locationId: pickup } : {}) }));
      } else if (roll < 0.72) {
        const id = pick(ids);
        ops.push((l) => l.release(id));
      } else if (roll < 0.82) {
        const id = pick(ids);
        ops.push((l) => l.commit(id));
      } else if (roll < 0.92) {
        ops.push(async (l) => (await l.sweep()).expired.map((e) => e.reservationId).sort());
      } else {
        const by = Math.floor(random() * 3_000);
        ops.push(async (l) => {
          if (l === redis) now += by; // the clock moves once per step, after both ledgers acted
          return by;
        });
      }
    }
    for (const [step, op] of ops.entries()) {
      const [a, b] = [await outcome(() => op(memory)), await outcome(() => op(redis))];
      expect({ step, answer: b }).toEqual({ step, answer: a });
    }
    expect(await redis.available(skus)).toEqual(await memory.available(skus));
    for (const id of ids) expect(await redis.reservation(id)).toEqual(await memory.reservation(id));
  });
});

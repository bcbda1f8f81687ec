import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, RedisStore, type Store } from '@ucg/store';
import { EmailBook, PersonCache } from '../src/index.ts';

const idOf = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 16);
const stores: Store[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

/** A legacy system holding one number per person; `gate` holds a read until the test lets it go. */
function people(values: Record<string, number>) {
  const reads: string[][] = [];
  let gate: Promise<void> | undefined;
  return {
    values,
    reads,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = undefined;
        release();
      };
    },
    async load(emails: string[]) {
      reads.push(emails);
      const snapshot = new Map(emails.filter((e) => e in values).map((e) => [e, values[e]!]));
      await gate;
      return snapshot;
    },
  };
}

for (const [name, make] of [
  ['in-process store', () => new MemoryStore()],
  ['Redis', () => new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `ucg-test-person-${Date.now()}:` })],
] as const) {
  describe(`per-person cache on ${name}`, () => {
    const store = make();
    stores.push(store);
    let n = 0;
    const cacheOver = (source: ReturnType<typeof people>) =>
      new PersonCache<number>({ store, namespace: `people${++n}`, ttlMs: 60_000, staleIfErrorMs: 60_000, emails: new EmailBook(idOf), load: (e) => source.load(e) });

    it('asks the source once per person, then answers from the cache', async () => {
      const source = people({ 'ann@example.com': 1, 'bob@example.com': 2 });
      const cache = cacheOver(source);
      const first = await cache.getMany(['ann@example.com', 'bob@example.com', 'nobody@example.com']);
      expect([...first].map(([e, c]) => [e, c.value])).toEqual([['ann@example.com', 1], ['bob@example.com', 2], ['nobody@example.com', null]]);
      await cache.getMany(['ann@example.com']);
      expect(source.reads).toHaveLength(1);
    });

    it('answers a slow source\'s reader with the deadline\'s error, and the next reader from what that read brought', async () => {
      const source = people({ 'dee@example.com': 3 });
      const cache = new PersonCache<number>({
        store, namespace: `people${++n}`, ttlMs: 60_000, staleIfErrorMs: 60_000, emails: new EmailBook(idOf), load: (e) => source.load(e),
        answerWithin: { ms: 50, error: () => Object.assign(new Error('crm too slow'), { code: 'UPSTREAM_TIMEOUT' }) },
      });
      const release = source.hold();
      await expect(cache.getMany(['dee@example.com'])).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      release();
      await new Promise((r) => setTimeout(r, 30));
      expect((await cache.getMany(['dee@example.com'])).get('dee@example.com')!.value).toBe(3);
      expect(source.reads).toHaveLength(1); // the late read was not thrown away
    });

    it('reads again after a push, even when the push came while a read was under way', async () => {
      const source = people({ 'cy@example.com': 10 });
      const cache = cacheOver(source);
      const release = source.hold();
      const reading = cache.getMany(['cy@example.com']);
      await new Promise((r) => setTimeout(r, 20));
      source.values['cy@example.com'] = 11; // the legacy system changes and says so (a webhook)…
      await cache.forget(['cy@example.com']); // …while the first read still carries the old value
      release();
      expect((await reading).get('cy@example.com')!.value).toBe(11);
      expect((await cache.getMany(['cy@example.com'])).get('cy@example.com')!.value).toBe(11);
    });
  });
}

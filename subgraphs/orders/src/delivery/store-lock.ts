import { randomUUID } from 'node:crypto';
import type { AtomicScript, Store } from '@ucg/store';

/** Deletes the lock only if it still holds our token (it may have expired and been taken since). */
const unlockScript: AtomicScript<number> = {
  name: 'order_worker_unlock',
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  memory(db, [key], [token]) {
    return db.get(key!) === token ? db.del(key!) : 0;
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes `key` for `ttlMs` if free; resolves the token that releases it, or null when taken. */
export async function acquire(store: Store, key: string, ttlMs: number): Promise<string | null> {
  const token = randomUUID();
  return (await store.set(key, token, { ttlMs, onlyIfAbsent: true })) ? token : null;
}

export async function release(store: Store, key: string, token: string): Promise<void> {
  await store.run(unlockScript, [key], [token]);
}

export interface StoreLockOptions {
  /** A holder that dies loses the lock after this long. */
  ttlMs: number;
  /** How long to wait for a busy lock before giving up (the caller retries later). */
  waitMs: number;
  namespace?: string;
}

/**
 * A mutual-exclusion lock across processes, in the Store (SET NX PX, released by token). Used where a
 * legacy system has no conditional write and two workers must not interleave: HubSpot loyalty
 * read-modify-writes per contact, and EDI sends (one control-number sequence on disk).
 */
export class StoreLock {
  private readonly namespace: string;

  constructor(
    private readonly store: Store,
    private readonly options: StoreLockOptions,
  ) {
    this.namespace = options.namespace ?? 'order-worker:lock';
  }

  /** Runs `task` holding the lock for `key`; rejects with LOCK_BUSY when it stays taken for `waitMs`. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lockKey = `${this.namespace}:{${key}}`;
    const deadline = Date.now() + this.options.waitMs;
    let token: string | null;
    for (let pause = 5; !(token = await acquire(this.store, lockKey, this.options.ttlMs)); pause = Math.min(pause * 2, 100)) {
      if (Date.now() > deadline) throw Object.assign(new Error(`lock ${key} is busy`), { code: 'LOCK_BUSY' });
      await sleep(pause);
    }
    try {
      return await task();
    } finally {
      await release(this.store, lockKey, token).catch(() => undefined);
    }
  }

  /** The lock as HubSpot's `KeyedLock`. */
  keyed(prefix: string): <T>(key: string, task: () => Promise<T>) => Promise<T> {
    return (key, task) => this.run(`${prefix}:${key}`, task);
  }
}

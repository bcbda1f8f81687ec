import { createHash, randomBytes } from 'node:crypto';
import type { AtomicScript, Store } from '@ucg/store';

/** Deletes KEYS[1] only while it still holds ARGV[1]: a lock is released by its holder, never by a late one. */
export const compareAndDelete: AtomicScript<number> = {
  name: 'cart_compare_and_delete',
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  memory(db, [key], [token]) {
    return db.get(key!) === token ? db.del(key!) : 0;
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LockOptions {
  /** The lock lapses after this long, so a process that died holding it blocks no one for good. */
  ttlMs: number;
  /** How long to wait for a held lock before giving up (0: try once). */
  waitMs: number;
}

/**
 * Mutual exclusion across processes through the shared store (SET NX PX). Not a fencing lock on
 * its own: callers that must never overwrite a newer state also check a version when writing.
 */
export class KeyLock {
  constructor(private readonly store: Store) {}

  /** Runs `task` holding `key`; resolves `{ acquired: false }` when the lock stayed taken for `waitMs`. */
  async with<T>(key: string, options: LockOptions, task: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + options.waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
      if (await this.store.set(key, token, { onlyIfAbsent: true, ttlMs: options.ttlMs })) break;
      if (Date.now() + delay > deadline) return { acquired: false };
      // Jitter keeps many waiters from retrying in lockstep.
      await sleep(delay / 2 + Math.random() * delay);
    }
    try {
      return { acquired: true, value: await task() };
    } finally {
      await this.store.run(compareAndDelete, [key], [token]).catch(() => undefined);
    }
  }
}

/** Raised when a lock stayed taken for the whole wait. */
export class LockTimeoutError extends Error {
  readonly code = 'LOCK_TIMEOUT';
  constructor(key: string) {
    super(`lock ${key} stayed taken`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * A `(key, task)` lock across processes, in the shape connectors take one (HubSpot serialises
 * loyalty writes per contact: with several cart processes, an in-process lock is not enough).
 * Keys are hashed: no emails in key names.
 */
export function keyedLock(store: Store, namespace: string, options: LockOptions = { ttlMs: 30_000, waitMs: 15_000 }) {
  const lock = new KeyLock(store);
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const name = `${namespace}:{${createHash('sha256').update(key).digest('hex').slice(0, 32)}}`;
    const result = await lock.with(name, options, task);
    if (!result.acquired) throw new LockTimeoutError(name);
    return result.value;
  };
}

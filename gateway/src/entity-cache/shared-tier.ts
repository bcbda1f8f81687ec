import { createHash } from 'node:crypto';
import type { Store } from '@ucg/store';
import type { EntityHint } from './entity-cache.ts';

/** An entity as the shared store keeps it (short field names: there are many). */
interface Stored {
  /** The entity, as JSON text. */
  v: string;
  /** Until then it may be served. */
  x: number;
  h: EntityHint;
  /** The SKUs its representation names. */
  k: readonly string[];
  /** When the fetch that brought it started. */
  t: number;
}

export interface SharedEntity {
  value: string;
  hint: EntityHint;
  expiresAt: number;
  skus: readonly string[];
  fetchedAt: number;
}

/**
 * The entity cache's second tier, in the shared store (Redis): what one gateway process fetched,
 * the others (cluster workers, replicas) may serve too. Keys are hashes of the first tier's (which
 * hold the query text). A stock change is not deleted here: every entry says when its fetch
 * started, and the first tier takes one only while none of its SKUs changed since, as that
 * process's own stock announcements tell it, and only when fetched after the process began to
 * listen (before, it may have missed the change). When the store fails, the tier answers nothing.
 */
export class SharedEntityTier {
  private listeningSince = Infinity;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Stock announcements reach this process from now on: entries fetched from now on may be trusted. */
  listening(now = Date.now()): void {
    this.listeningSince = now;
  }

  async getMany(keys: readonly string[], now = Date.now()): Promise<(SharedEntity | undefined)[]> {
    if (keys.length === 0 || this.listeningSince === Infinity) return keys.map(() => undefined);
    let raw: (string | null)[];
    try {
      raw = await this.store.mget(keys.map(storeKey));
    } catch (error) {
      this.onError(error);
      return keys.map(() => undefined);
    }
    return raw.map((text) => {
      if (!text) return undefined;
      const s = JSON.parse(text) as Stored;
      return s.x > now && s.t >= this.listeningSince ? { value: s.v, hint: s.h, expiresAt: s.x, skus: s.k, fetchedAt: s.t } : undefined;
    });
  }

  put(items: readonly { key: string; value: string; skus: readonly string[] }[], hint: EntityHint, fetchedAt: number, expiresAt: number, now = Date.now()): void {
    if (items.length === 0 || expiresAt <= now) return;
    const entries = items.map(({ key, value, skus }) => ({ key: storeKey(key), value: JSON.stringify({ v: value, x: expiresAt, h: hint, k: skus, t: fetchedAt } satisfies Stored), ttlMs: expiresAt - now }));
    this.store.mset(entries).catch(this.onError);
  }
}

const storeKey = (key: string) => `entity:${createHash('sha256').update(key).digest('base64url')}`;

import type { Store } from '@ucg/store';
import { KeyBatcher } from './batcher.ts';

export interface CacheOptions<V> {
  store: Store;
  /** Key prefix for this kind of value, e.g. `price:USD:01`. Keys become `cache:<namespace>:{<key>}`. */
  namespace: string;
  /** How long a loaded value is fresh. */
  ttlMs: number;
  /** After freshness, how long it is still served while a refresh runs in the background. @default ttlMs */
  staleWhileRevalidateMs?: number;
  /** How long the last known value is kept to answer when the source fails. @default 24 hours */
  staleIfErrorMs?: number;
  /** Random extra freshness, as a fraction of ttlMs, so values loaded together do not expire together. @default 0.1 */
  jitter?: number;
  /** How long "the source does not know this key" is remembered. @default ttlMs */
  negativeTtlMs?: number;
  /** Loads many keys in one call; keys the source does not know are simply absent from the map. */
  load: (keys: string[]) => Promise<Map<string, V>>;
  /** @default 500 */
  maxBatchSize?: number;
  /** Counts hits, misses and stale answers (metrics). */
  onEvent?: (event: CacheEvent) => void;
  clock?: () => number;
}

export type CacheEvent = { type: 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'negative'; namespace: string; count: number } | { type: 'load-error'; namespace: string; error: unknown };

export interface Cached<V> {
  /** null when the source does not know the key. */
  value: V | null;
  /** When the value was loaded from (or pushed by) the source, ms since the epoch. */
  loadedAt: number;
  /** True when served past its freshness (being refreshed, or the source is failing). */
  stale: boolean;
}

interface Entry<V> {
  v: V | null;
  /** loaded at */
  at: number;
  /** fresh until */
  f: number;
  /** served stale (while revalidating) until */
  s: number;
}

/**
 * The one cache layer every subgraph uses in front of slow legacy systems: batched reads (one
 * MGET), process-wide single-flight loads, TTL with jitter, stale-while-revalidate,
 * stale-if-error (the last known value with its true age), negative caching, and pushed
 * updates (`prime`) and invalidation from webhooks.
 */
export class ReadThroughCache<V> {
  private readonly batcher: KeyBatcher<Entry<V>>;
  private readonly refreshing = new Set<string>();
  private readonly clock: () => number;

  constructor(private readonly options: CacheOptions<V>) {
    this.clock = options.clock ?? Date.now;
    // The store write happens inside the batched load, so a key counts as in flight until its
    // value is readable by everyone: no second legacy call for a miss that lands in between.
    this.batcher = new KeyBatcher(async (keys) => {
      const values = await options.load(keys);
      const entries = keys.map((k): [string, Entry<V>] => [k, this.entry(values.get(k) ?? null)]);
      await this.write(entries);
      return new Map(entries);
    }, options.maxBatchSize ?? 500);
  }

  private storeKey(key: string): string {
    return `cache:${this.options.namespace}:{${key}}`;
  }

  /** Freshness runs from now (when we learnt the value); `at` keeps when the source says it was true. */
  private entry(value: V | null, loadedAt = this.clock()): Entry<V> {
    const { ttlMs, jitter = 0.1, negativeTtlMs } = this.options;
    const ttl = value === null ? negativeTtlMs ?? ttlMs : ttlMs * (1 + Math.random() * jitter);
    const fresh = this.clock() + ttl;
    return { v: value, at: loadedAt, f: fresh, s: fresh + (this.options.staleWhileRevalidateMs ?? ttlMs) };
  }

  private async write(entries: [string, Entry<V>][]): Promise<void> {
    const keep = this.options.staleIfErrorMs ?? 86_400_000;
    const now = this.clock();
    await this.options.store.mset(entries.map(([k, e]) => ({ key: this.storeKey(k), value: JSON.stringify(e), ttlMs: Math.max(1, e.s - now) + keep })));
  }

  private emit(type: 'hit' | 'miss' | 'stale' | 'stale-if-error' | 'negative', count: number): void {
    if (count > 0) this.options.onEvent?.({ type, namespace: this.options.namespace, count });
  }

  /** Values for many keys in one store round trip; misses are loaded in one batched call. */
  async getMany(keys: readonly string[]): Promise<Map<string, Cached<V>>> {
    const unique = [...new Set(keys)];
    const raw = unique.length ? await this.options.store.mget(unique.map((k) => this.storeKey(k))) : [];
    const now = this.clock();
    const result = new Map<string, Cached<V>>();
    const missing: string[] = [];
    const lastKnown = new Map<string, Entry<V>>();
    let hits = 0;
    let stale = 0;
    unique.forEach((key, i) => {
      const text = raw[i];
      const entry = text ? (JSON.parse(text) as Entry<V>) : undefined;
      if (entry && now < entry.f) {
        hits++;
        result.set(key, { value: entry.v, loadedAt: entry.at, stale: false });
      } else if (entry && now < entry.s) {
        stale++;
        result.set(key, { value: entry.v, loadedAt: entry.at, stale: true });
        this.refreshInBackground(key);
      } else {
        if (entry) lastKnown.set(key, entry);
        missing.push(key);
      }
    });
    this.emit('hit', hits);
    this.emit('stale', stale);
    this.emit('miss', missing.length);
    if (missing.length === 0) return result;

    const settled = await Promise.allSettled(missing.map((k) => this.batcher.get(k)));
    let failure: unknown;
    let servedStale = 0;
    settled.forEach((outcome, i) => {
      const key = missing[i]!;
      if (outcome.status === 'fulfilled') {
        const entry = outcome.value!;
        result.set(key, { value: entry.v, loadedAt: entry.at, stale: false });
        return;
      }
      const known = lastKnown.get(key);
      if (known) {
        servedStale++;
        result.set(key, { value: known.v, loadedAt: known.at, stale: true });
      } else failure ??= outcome.reason;
    });
    this.emit('stale-if-error', servedStale);
    if (servedStale || failure) this.options.onEvent?.({ type: 'load-error', namespace: this.options.namespace, error: failure ?? settled.find((s) => s.status === 'rejected')?.reason });
    if (failure) throw failure;
    return result;
  }

  async get(key: string): Promise<Cached<V>> {
    return (await this.getMany([key])).get(key)!;
  }

  private refreshInBackground(key: string): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    this.batcher
      .get(key)
      .catch((error: unknown) => this.options.onEvent?.({ type: 'load-error', namespace: this.options.namespace, error }))
      .finally(() => this.refreshing.delete(key));
  }

  /** Stores values a source pushed (a webhook, an EDI file), with the time the source says they were true. */
  async prime(values: Iterable<[string, V | null]>, loadedAt = this.clock()): Promise<void> {
    await this.write([...values].map(([k, v]) => [k, this.entry(v, loadedAt)]));
  }

  /** Forgets keys, so the next read loads them from the source. */
  async invalidate(keys: readonly string[]): Promise<void> {
    await this.options.store.del(keys.map((k) => this.storeKey(k)));
  }
}

import { ReadThroughCache, type CacheEvent, type Cached } from '@ucg/cache';
import type { StockRecord } from '@ucg/connector-core';
import type { Store } from '@ucg/store';
import type { StockSystem } from '../locations/ids.ts';
import type { SourceHealth } from './health.ts';
import type { AbsentSkus, LedgerWriter } from './ledger-writer.ts';
import { factsOf, skuOfKey, stockKey, type StockFact, type StockValue } from './values.ts';

/** Where each system's stock comes from when the cache does not hold it. */
export interface StockSources {
  /** Legacy calls (batched per request, single-flight per key). */
  '3pl-us': (skus: readonly string[]) => Promise<StockRecord[]>;
  webstore: (skus: readonly string[]) => Promise<StockRecord[]>;
  /** Local: the EDI connector's state from the 846 files already received. */
  '3pl-eu': (skus: readonly string[]) => Promise<StockRecord[]>;
  /** Local: the last periodic ERP sync (the ERP is never called at request time). */
  erp: (skus: readonly string[]) => Promise<StockRecord[]>;
}

/** Systems asked at request time; the others push (EDI files) or are synced on a timer (ERP). */
export const PULLED: ReadonlySet<StockSystem> = new Set(['3pl-us', 'webstore']);

export interface StockCacheTimings {
  /** Per system: how long a value is fresh. Systems that push every change can be trusted long. */
  ttlMs: Record<StockSystem, number>;
  /** Per system: after freshness, how long it is served while one background refresh runs. */
  staleWhileRevalidateMs: Record<StockSystem, number>;
  staleIfErrorMs: number;
}

/** Large pushes (exports, snapshots) are written in slices, so one write never holds thousands of commands. */
const PRIME_CHUNK = 5000;
/** After a failed legacy call, further misses fail at once for this long and are answered from the last known values. */
const FAIL_FAST_MS = 2000;

/**
 * Stock per SKU × location in the store (`cache:stock:<system>:{<sku>@<location>}`), one read-through
 * cache per system: a request's misses are loaded in one batched call, concurrent misses share it,
 * values expire with jitter, stale ones are served while one refresh runs, and the last known
 * value (with its true age) answers while a system is down. Everything loaded or pushed is fed to
 * the ledger as well.
 */
export class StockCaches {
  private readonly caches: Record<StockSystem, ReadThroughCache<StockValue>>;

  constructor(
    store: Store,
    private readonly sources: StockSources,
    private readonly writer: LedgerWriter,
    private readonly health: SourceHealth,
    timings: StockCacheTimings,
    onEvent?: (event: CacheEvent) => void,
    private readonly clock: () => number = Date.now,
  ) {
    const make = (system: StockSystem) => {
      return new ReadThroughCache<StockValue>({
        store,
        namespace: `stock:${system}`,
        ttlMs: timings.ttlMs[system],
        staleWhileRevalidateMs: timings.staleWhileRevalidateMs[system],
        staleIfErrorMs: timings.staleIfErrorMs,
        // One legacy call per request however many keys it needs: the connectors split by protocol limits.
        maxBatchSize: 100_000,
        load: (keys) => this.load(system, keys),
        ...(onEvent ? { onEvent } : {}),
        clock,
      });
    };
    this.caches = { '3pl-us': make('3pl-us'), webstore: make('webstore'), '3pl-eu': make('3pl-eu'), erp: make('erp') };
  }

  getMany(system: StockSystem, keys: readonly string[]): Promise<Map<string, Cached<StockValue>>> {
    return this.caches[system].getMany(keys);
  }

  /** A push (webhook, 846 file, ERP sync, export): into the cache and the ledger. */
  async push(system: StockSystem, facts: readonly StockFact[], absent?: AbsentSkus): Promise<void> {
    const entries = facts.map((f): [string, StockValue] => [stockKey(f.sku, f.locationId), f.value]);
    const at = this.clock();
    const priming = (async () => {
      for (let i = 0; i < entries.length; i += PRIME_CHUNK) await this.caches[system].prime(entries.slice(i, i + PRIME_CHUNK), at);
    })();
    await Promise.all([priming, this.writer.apply(system, facts, absent)]);
  }

  /** Forgets keys, so the next read asks the system (a push that did not carry the number). */
  invalidate(system: StockSystem, keys: readonly string[]): Promise<void> {
    return this.caches[system].invalidate(keys);
  }

  private async load(system: StockSystem, keys: string[]): Promise<Map<string, StockValue>> {
    if (PULLED.has(system) && this.health.failing(system) && this.clock() - (this.health.lastFailedAt(system) ?? 0) < FAIL_FAST_MS) {
      throw this.health.lastError(system);
    }
    return this.loadFromSource(system, keys);
  }

  private async loadFromSource(system: StockSystem, keys: string[]): Promise<Map<string, StockValue>> {
    const pulled = PULLED.has(system);
    const skus = [...new Set(keys.map(skuOfKey))];
    const startedAt = new Date(this.clock()).toISOString();
    let records: StockRecord[];
    try {
      records = await this.sources[system](skus);
      if (pulled) this.health.ok(system);
    } catch (error) {
      if (pulled) this.health.failed(system, error);
      throw error;
    }
    const asked = new Set(skus);
    const facts = factsOf(records).filter((f) => asked.has(f.sku));
    // A pulled answer is complete for the SKUs asked: a location it no longer lists holds nothing.
    await this.writer.apply(system, facts, pulled ? { skus, asOf: startedAt } : undefined);
    return new Map(facts.map((f) => [stockKey(f.sku, f.locationId), f.value]));
  }
}

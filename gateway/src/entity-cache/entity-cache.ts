import { Lru } from '../lru.ts';

export interface EntityCacheOptions {
  /** Longest an entity is served, whatever max-age the subgraph allows. */
  maxTtlMs: number;
  maxEntries: number;
}

/** What a subgraph said about how long an answer may be reused (its Cache-Control). */
export interface EntityHint {
  maxAgeS: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

interface Entry {
  value: unknown;
  expiresAt: number;
  hint: EntityHint;
  skus: readonly string[];
}

/** The SKUs a representation names (`Variant { sku }`, `Product { id skus }`): a stock change of one drops the entity. */
export function skusOf(representation: unknown): string[] {
  const rep = representation as { sku?: unknown; skus?: unknown };
  const out: string[] = [];
  if (typeof rep?.sku === 'string') out.push(rep.sku);
  if (Array.isArray(rep?.skus)) for (const s of rep.skus) if (typeof s === 'string') out.push(s);
  return out;
}

/**
 * Entities by key, per gateway process: least recently used dropped past `maxEntries`, expired ones
 * when met, and every entity whose representation names a SKU dropped when the stock ledger
 * announces a change of that SKU.
 */
export class EntityCache {
  private readonly entries: Lru<string, Entry>;
  private readonly bySku = new Map<string, Set<string>>();
  private readonly changedAt = new Lru<string, number>(100_000);

  constructor(private readonly options: EntityCacheOptions) {
    this.entries = new Lru(options.maxEntries, (key, entry) => this.unindex(key, entry));
  }

  get(key: string, now = Date.now()): { value: unknown; hint: EntityHint; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.drop(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Stores entities fetched since `startedAt` under `hint`; nothing when the hint allows no reuse or
   * when a SKU an entity names changed since the fetch started (it may show the old count).
   */
  set(items: readonly { key: string; value: unknown; skus: readonly string[] }[], hint: EntityHint, startedAt: number, now = Date.now()): number {
    const ttlMs = Math.min(hint.maxAgeS * 1000, this.options.maxTtlMs);
    if (ttlMs <= 0) return 0;
    let stored = 0;
    for (const { key, value, skus } of items) {
      if (skus.some((sku) => (this.changedAt.get(sku) ?? -Infinity) >= startedAt)) continue;
      this.drop(key);
      this.entries.set(key, { value, expiresAt: now + ttlMs, hint, skus });
      for (const sku of skus) {
        let keys = this.bySku.get(sku);
        if (!keys) this.bySku.set(sku, (keys = new Set()));
        keys.add(key);
      }
      stored++;
    }
    return stored;
  }

  /** Stock of these SKUs changed: entities naming them go, and fetches under way are not stored. */
  stockChanged(skus: readonly string[], now = Date.now()): number {
    let dropped = 0;
    for (const sku of skus) {
      this.changedAt.set(sku, now);
      for (const key of this.bySku.get(sku) ?? []) if (this.drop(key)) dropped++;
      this.bySku.delete(sku);
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.bySku.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.unindex(key, entry);
    return true;
  }

  private unindex(key: string, entry: Entry): void {
    for (const sku of entry.skus) {
      const keys = this.bySku.get(sku);
      keys?.delete(key);
      if (keys?.size === 0) this.bySku.delete(sku);
    }
  }
}

import { Lru } from '../lru.ts';
import { SkuTags } from '../sku-tags.ts';

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
  private readonly tags = new SkuTags();

  constructor(private readonly options: EntityCacheOptions) {
    this.entries = new Lru(options.maxEntries, (key, entry) => this.tags.untag(key, entry.skus));
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
      if (this.tags.changedSince(skus, startedAt)) continue;
      this.drop(key);
      this.entries.set(key, { value, expiresAt: now + ttlMs, hint, skus });
      this.tags.tag(key, skus);
      stored++;
    }
    return stored;
  }

  /** Stock of these SKUs changed: entities naming them go, and fetches under way are not stored. */
  stockChanged(skus: readonly string[], now = Date.now()): number {
    let dropped = 0;
    for (const key of this.tags.changed(skus, now)) if (this.drop(key)) dropped++;
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.tags.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.tags.untag(key, entry.skus);
    return true;
  }
}

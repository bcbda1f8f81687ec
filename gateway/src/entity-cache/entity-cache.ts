import { Lru } from '../lru.ts';
import { SkuTags } from '../sku-tags.ts';
import type { SharedEntityTier } from './shared-tier.ts';

export interface EntityCacheOptions {
  /** Longest an entity is served, whatever max-age the subgraph allows. */
  maxTtlMs: number;
  maxEntries: number;
  /** Also keep entities in the shared store (a second tier every gateway process reads). */
  shared: boolean;
}

/** What a subgraph said about how long an answer may be reused (its Cache-Control). */
export interface EntityHint {
  maxAgeS: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

interface Entry {
  /** The entity, as JSON text. */
  value: string;
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

export type HeldEntity = Pick<Entry, 'value' | 'hint' | 'expiresAt'>;

/**
 * Entities by key, per gateway process: least recently used dropped past `maxEntries`, expired ones
 * when met, and every entity whose representation names a SKU dropped when the stock ledger
 * announces a change of that SKU. With a shared tier, what this process stores goes there too,
 * and what it misses is looked up there before a subgraph is asked.
 */
export class EntityCache {
  private readonly entries: Lru<string, Entry>;
  private readonly tags = new SkuTags();

  constructor(
    private readonly options: EntityCacheOptions,
    private readonly shared?: SharedEntityTier,
  ) {
    this.entries = new Lru(options.maxEntries, (key, entry) => this.tags.untag(key, entry.skus));
  }

  /** True with a shared tier to look in. */
  get sharing(): boolean {
    return this.shared !== undefined;
  }

  /** Stock announcements reach this process from now on (the shared tier may be trusted). */
  listening(now = Date.now()): void {
    this.shared?.listening(now);
  }

  get(key: string, now = Date.now()): HeldEntity | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.drop(key);
      return undefined;
    }
    return entry;
  }

  /**
   * The shared tier's entities for these keys (each held here from then on), undefined where it
   * has none or one whose SKUs changed since it was fetched.
   */
  async getShared(keys: readonly string[], now = Date.now()): Promise<(HeldEntity | undefined)[]> {
    if (!this.shared) return keys.map(() => undefined);
    const found = await this.shared.getMany(keys, now);
    return found.map((entity, i) => {
      if (!entity || this.tags.changedSince(entity.skus, entity.fetchedAt)) return undefined;
      this.hold(keys[i]!, { value: entity.value, expiresAt: entity.expiresAt, hint: entity.hint, skus: entity.skus });
      return entity;
    });
  }

  /**
   * Stores entities fetched since `startedAt` under `hint`; nothing when the hint allows no reuse or
   * when a SKU an entity names changed since the fetch started (it may show the old count).
   */
  set(items: readonly { key: string; value: string; skus: readonly string[] }[], hint: EntityHint, startedAt: number, now = Date.now()): number {
    const ttlMs = Math.min(hint.maxAgeS * 1000, this.options.maxTtlMs);
    if (ttlMs <= 0) return 0;
    const stored = items.filter(({ skus }) => !this.tags.changedSince(skus, startedAt));
    for (const { key, value, skus } of stored) this.hold(key, { value, expiresAt: now + ttlMs, hint, skus });
    this.shared?.put(stored, hint, startedAt, now + ttlMs, now);
    return stored.length;
  }

  private hold(key: string, entry: Entry): void {
    this.drop(key);
    this.entries.set(key, entry);
    this.tags.tag(key, entry.skus);
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

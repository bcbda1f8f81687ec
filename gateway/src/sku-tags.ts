import { Lru } from './lru.ts';

/**
 * What the gateway's caches (whole responses, entities) share for stock freshness: which stored
 * keys show which SKUs, and when each SKU last changed. A stock change drops the keys showing it;
 * an answer fetched before a change of a SKU it shows may not be stored.
 */
export class SkuTags {
  private readonly keysBySku = new Map<string, Set<string>>();
  private readonly changedAt = new Lru<string, number>(100_000);

  tag(key: string, skus: readonly string[]): void {
    for (const sku of skus) {
      let keys = this.keysBySku.get(sku);
      if (!keys) this.keysBySku.set(sku, (keys = new Set()));
      keys.add(key);
    }
  }

  untag(key: string, skus: readonly string[]): void {
    for (const sku of skus) {
      const keys = this.keysBySku.get(sku);
      keys?.delete(key);
      if (keys?.size === 0) this.keysBySku.delete(sku);
    }
  }

  /** Records that these SKUs changed now; answers the keys showing any of them (for the caller to drop). */
  changed(skus: readonly string[], now = Date.now()): string[] {
    const keys = new Set<string>();
    for (const sku of skus) {
      this.changedAt.set(sku, now);
      for (const key of this.keysBySku.get(sku) ?? []) keys.add(key);
    }
    return [...keys];
  }

  /** True when one of these SKUs changed at or after `since`. */
  changedSince(skus: readonly string[], since: number): boolean {
    return skus.some((sku) => (this.changedAt.get(sku) ?? -Infinity) >= since);
  }

  clear(): void {
    this.keysBySku.clear();
  }
}

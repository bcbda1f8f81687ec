import { createHash } from 'node:crypto';

/** One stored response: the body exactly as first sent, with what is needed to send it again. */
export interface CachedResponse {
  body: Buffer;
  contentType: string;
  /** The max-age the subgraphs allowed, in seconds (sent on, with `age`). */
  maxAgeS: number;
  /** Strong validator of the body, quoted as HTTP wants it. */
  etag: string;
  /** Bounded operation label, for metrics on hits. */
  operation: string;
  storedAt: number;
  /** Until then the entry is fresh. */
  expiresAt: number;
  /** Until then (the subgraphs' max-age) it may still be served while a fresh one is fetched. */
  staleUntil: number;
  /** The SKUs the answer shows: a stock change of any of them drops the entry. */
  skus: readonly string[];
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Responses by key, least recently used first, bounded by entries and by body bytes. Entries past
 * `staleUntil` are dropped when met; the bounds drop the least recently used.
 */
export class ResponseStore {
  private readonly map = new Map<string, CachedResponse>();
  /** Keys of the entries showing each SKU. */
  private readonly bySku = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string, now: number): CachedResponse | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    if (entry.staleUntil <= now) {
      this.map.set(key, entry);
      this.delete(key);
      return undefined;
    }
    this.map.set(key, entry);
    return entry;
  }

  set(key: string, entry: CachedResponse): void {
    if (entry.body.length > this.maxBytes) return;
    this.delete(key);
    this.map.set(key, entry);
    this.bytes += entry.body.length;
    for (const sku of entry.skus) {
      let keys = this.bySku.get(sku);
      if (!keys) this.bySku.set(sku, (keys = new Set()));
      keys.add(key);
    }
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }

  /** Drops every entry that shows one of these SKUs; answers how many went. */
  dropSkus(skus: Iterable<string>): number {
    let dropped = 0;
    for (const sku of skus) {
      for (const key of this.bySku.get(sku) ?? []) {
        if (this.map.has(key)) dropped++;
        this.delete(key);
      }
    }
    return dropped;
  }

  clear(): void {
    this.map.clear();
    this.bySku.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }

  private delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.bytes -= entry.body.length;
    for (const sku of entry.skus) {
      const keys = this.bySku.get(sku);
      keys?.delete(key);
      if (keys?.size === 0) this.bySku.delete(sku);
    }
  }
}

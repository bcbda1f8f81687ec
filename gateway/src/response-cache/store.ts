import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { SkuTags } from '../sku-tags.ts';

/**
 * Bodies this large or larger are also kept gzip-compressed. Large answers (a partner's 500-SKU
 * feed, ~500 KB → ~40 KB) are where it pays; compressing every small one (a product page, ~3 KB)
 * kept zlib busy on each admission and raised RSS for a few hundred bytes saved per answer.
 */
export const compressFrom = 16 * 1024;

/** One stored response: the body exactly as first sent, with what is needed to send it again. */
export interface CachedResponse {
  body: Buffer;
  contentType: string;
  /** The max-age the subgraphs allowed, in seconds (sent on, with `age`). */
  maxAgeS: number;
  /** `public`: any caller asking the same; `private`: kept under a key naming its one caller. */
  scope: 'public' | 'private';
  /** Strong validator of the body, quoted as HTTP wants it. */
  etag: string;
  /** The body gzip-compressed, once ready (compressed off the event loop after the entry is stored). */
  gzip?: Buffer;
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
 * Responses by key, least recently used first, bounded by entries and by body bytes (compressed
 * copies included). Entries past `staleUntil` are dropped when met; the bounds drop the least
 * recently used.
 */
export class ResponseStore {
  private readonly map = new Map<string, CachedResponse>();
  /** Which entries show which SKUs, and when each SKU last changed. */
  readonly tags = new SkuTags();
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
    this.tags.tag(key, entry.skus);
    this.evict();
    if (entry.body.length >= compressFrom) this.compress(key, entry);
  }

  /** Adds the gzip copy of an entry once zlib (on libuv's thread pool) has it, if it still stands. */
  private compress(key: string, entry: CachedResponse): void {
    gzip(entry.body, (error, compressed) => {
      if (error || this.map.get(key) !== entry || compressed.length > entry.body.length * 0.9) return;
      entry.gzip = compressed;
      this.bytes += compressed.length;
      this.evict();
    });
  }

  private evict(): void {
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }

  /** Stock of these SKUs changed: every entry showing one goes; answers how many went. */
  stockChanged(skus: readonly string[], now = Date.now()): number {
    const keys = this.tags.changed(skus, now);
    for (const key of keys) this.delete(key);
    return keys.length;
  }

  clear(): void {
    this.map.clear();
    this.tags.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }

  private delete(key: string): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.bytes -= entry.body.length + (entry.gzip?.length ?? 0);
    this.tags.untag(key, entry.skus);
  }
}

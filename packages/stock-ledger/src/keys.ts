import { LedgerError } from './errors.ts';

/** The keys one SKU's scripts touch, in the order every script takes them (KEYS[1..4]). */
export interface SkuKeys {
  /** Hash: `held:<loc>`, `reserved:<loc>`, `asOf:<loc>`, `source:<loc>`, `sellable:<loc>`. */
  locations: string;
  /** Hash: reservation id → JSON record (active ones and, for a while, closed ones). */
  reservations: string;
  /** Sorted set: active reservation id → expiresAt (ms). */
  expiries: string;
  /** Sorted set: closed reservation id → closedAt (ms), until the record is pruned. */
  closed: string;
}

/** KEYS[1..4] of every SKU script. */
export function skuKeyList(k: SkuKeys): string[] {
  return [k.locations, k.reservations, k.expiries, k.closed];
}

const MAX_SKU_LENGTH = 256;

/**
 * The key layout. Every key of one SKU carries the hash tag `{SKU}`, so a script touching them runs
 * on one Redis Cluster slot. The two cross-SKU structures (the reservation-id index and the sweep
 * index) are only ever written outside scripts, one key per command.
 */
export class LedgerKeys {
  constructor(
    private readonly namespace: string,
    private readonly sweepBuckets: number,
  ) {}

  sku(sku: string): SkuKeys {
    assertSku(sku);
    const base = `${this.namespace}:{${sku}}`;
    return { locations: `${base}:locations`, reservations: `${base}:reservations`, expiries: `${base}:expiries`, closed: `${base}:closed` };
  }

  /** Which SKU a reservation id belongs to, so `release(id)` and `commit(id)` need no SKU. */
  reservation(reservationId: string): string {
    return `${this.namespace}:reservation:${reservationId}`;
  }

  /**
   * The sweep index: sorted sets of `<dueMs>|<sku>` scored by dueMs, spread over buckets (each its
   * own slot) so no single cluster node takes every reservation's write.
   */
  sweepBucket(index: number): string {
    return `${this.namespace}:sweep:{${index}}`;
  }

  bucketOf(sku: string): number {
    // FNV-1a: stable across processes and runs, which the sweep index needs.
    let hash = 0x811c9dc5;
    for (let i = 0; i < sku.length; i++) hash = Math.imul(hash ^ sku.charCodeAt(i), 0x01000193) >>> 0;
    return hash % this.sweepBuckets;
  }

  get bucketCount(): number {
    return this.sweepBuckets;
  }
}

export function assertSku(sku: string): void {
  if (typeof sku !== 'string' || sku.length === 0 || sku.length > MAX_SKU_LENGTH || /[{}]/.test(sku)) {
    throw new LedgerError('LEDGER_INVALID_SKU', `invalid SKU ${JSON.stringify(sku)}: 1–${MAX_SKU_LENGTH} characters, no braces`);
  }
}

/** `<dueMs>|<sku>`: a sweep-index member (the SKU may contain `|`; the number never does). */
export function sweepMember(dueMs: number, sku: string): string {
  return `${dueMs}|${sku}`;
}

export function skuOfSweepMember(member: string): string {
  return member.slice(member.indexOf('|') + 1);
}

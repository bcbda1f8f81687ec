import type { StockRecord } from '@ucg/connector-core';
import { locationId } from '../locations/ids.ts';

/** One SKU at one location, as its system last reported it. */
export interface StockValue {
  /** What can still be sold from here (the system's own figure: on hand less what open orders hold). */
  available: number;
  onHand: number | null;
  committed: number | null;
  /** When the system knew this number to be true (ISO-8601). */
  asOf: string;
}

export interface StockFact {
  sku: string;
  /** Graph location id (`3pl-us:156`). */
  locationId: string;
  value: StockValue;
}

const MAX_SKU_LENGTH = 256;

/** SKUs the cache and ledger can key by: the SKU becomes a cluster hash tag, so no braces. */
export function isKeyableSku(sku: string): boolean {
  return typeof sku === 'string' && sku.length > 0 && sku.length <= MAX_SKU_LENGTH && !/[{}]/.test(sku);
}

/** The cache key of a SKU at a location: stock is cached per SKU × location. */
export function stockKey(sku: string, location: string): string {
  return `${sku}@${location}`;
}

export function skuOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('@'));
}

export function factOf(r: StockRecord): StockFact {
  return {
    sku: r.sku,
    locationId: locationId(r.system, r.locationNativeId),
    value: { available: Math.max(0, Math.trunc(r.available)), onHand: r.onHand, committed: r.committed, asOf: r.asOf },
  };
}

export function factsOf(records: readonly StockRecord[]): StockFact[] {
  return records.filter((r) => isKeyableSku(r.sku)).map(factOf);
}

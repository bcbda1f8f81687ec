import type { LocationRecord } from '@ucg/connector-core';

export type StockSystem = LocationRecord['system'];

export const STOCK_SYSTEMS: readonly StockSystem[] = ['3pl-us', 'webstore', '3pl-eu', 'erp'];

/** The graph's id of a location: `<system>:<native id>` (`webstore:70001`, `3pl-us:156`, `3pl-eu:VEN1`, `erp:1000`). */
export function locationId(system: StockSystem, nativeId: string): string {
  return `${system}:${nativeId}`;
}

/** The system and native id of a graph location id; null when it names no stock system. */
export function parseLocationId(id: string): { system: StockSystem; nativeId: string } | null {
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const system = id.slice(0, colon) as StockSystem;
  const nativeId = id.slice(colon + 1);
  return STOCK_SYSTEMS.includes(system) && nativeId ? { system, nativeId } : null;
}

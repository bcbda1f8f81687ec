/** Where an order lives: a selling system, or the graph's own order outbox (orders placed by checkout). */
export type OrderSource = 'webstore' | 'marketplace' | 'erp' | 'graph';

const GRAPH = /^G[0-9A-Z-]{1,40}$/;
const ERP = /^\d{10}$/;
const DIGITS = /^\d{1,9}$/;

/** The number as customers type it: trimmed, without a leading `#`, graph numbers upper-cased. */
export function normaliseOrderNumber(number: string): string {
  const trimmed = number.trim().replace(/^#/, '');
  return /^g/i.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}

/**
 * The one system that can hold an order with this number, from its shape alone: `G…` the graph's
 * own orders, ten digits the ERP's sales orders (5000000001…), all-digit numbers from
 * `marketplaceFloor` up the marketplace's (WooCommerce 50001…), smaller ones the web store's
 * (Shopify 1001…). Null for anything else: no system is asked, so a guess costs nothing and
 * reveals nothing.
 */
export function sourceOfNumber(number: string, marketplaceFloor: number): OrderSource | null {
  const n = normaliseOrderNumber(number);
  if (GRAPH.test(n)) return 'graph';
  if (ERP.test(n)) return 'erp';
  if (!DIGITS.test(n)) return null;
  const value = Number(n);
  if (value < 1) return null;
  return value >= marketplaceFloor ? 'marketplace' : 'webstore';
}

/** Numbers grouped by the system that holds them (unroutable numbers dropped), duplicates removed. */
export function routeNumbers(numbers: readonly string[], marketplaceFloor: number): Map<OrderSource, string[]> {
  const routed = new Map<OrderSource, string[]>();
  for (const number of new Set(numbers.map(normaliseOrderNumber))) {
    const source = sourceOfNumber(number, marketplaceFloor);
    if (!source) continue;
    routed.set(source, [...(routed.get(source) ?? []), number]);
  }
  return routed;
}

import { maxCostExceeded } from './client.ts';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * Remembers how many nodes a query can ask for within Shopify's single-query cost limit. It starts
 * optimistic; a MAX_COST_EXCEEDED answer reports the query's cost, and the size shrinks by that
 * ratio, so the second request fits and later walks start at the size that worked.
 */
export class PageSizer {
  constructor(public size: number) {}

  /** Shrinks after a MAX_COST_EXCEEDED; false when there is nothing left to shrink (or another error). */
  shrink(error: unknown): boolean {
    const over = maxCostExceeded(error);
    if (!over || this.size <= 1) return false;
    this.size = Math.max(1, Math.min(this.size - 1, Math.floor((this.size * over.maxCost) / over.cost)));
    return true;
  }
}

/**
 * Fetches up to `want` nodes starting after `after`, in as many requests as the cost limit needs.
 * With `want` = Infinity it walks every page.
 */
export async function fetchPages<T>(
  fetchPage: (first: number, after: string | null) => Promise<Page<T>>,
  sizer: PageSizer,
  want = Number.POSITIVE_INFINITY,
  after: string | null = null,
): Promise<Page<T>> {
  const nodes: T[] = [];
  let cursor = after;
  let pageInfo: PageInfo = { hasNextPage: true, endCursor: after };
  while (nodes.length < want && pageInfo.hasNextPage) {
    let page: Page<T>;
    try {
      page = await fetchPage(Math.min(sizer.size, want - nodes.length, 250), cursor);
    } catch (error) {
      if (sizer.shrink(error)) continue;
      throw error;
    }
    nodes.push(...page.nodes);
    pageInfo = page.pageInfo.endCursor ? page.pageInfo : { hasNextPage: false, endCursor: pageInfo.endCursor };
    cursor = pageInfo.endCursor;
  }
  return { nodes, pageInfo };
}

/**
 * Runs a batched lookup; when Shopify says it costs more than one query may, splits the batch into
 * as many parts as the reported cost needs and runs them one after another.
 */
export async function splitByCost<I, R>(items: readonly I[], run: (batch: readonly I[]) => Promise<R[]>): Promise<R[]> {
  if (!items.length) return [];
  try {
    return await run(items);
  } catch (error) {
    const over = maxCostExceeded(error);
    if (!over || items.length <= 1) throw error;
    // Items of one batch cost alike: as many as fit under the limit at the reported cost each.
    const size = Math.max(1, Math.min(items.length - 1, Math.floor((items.length * over.maxCost) / over.cost)));
    const results: R[] = [];
    for (let i = 0; i < items.length; i += size) results.push(...(await splitByCost(items.slice(i, i + size), run)));
    return results;
  }
}

/** Chunks a list (Shopify caps input arrays and search strings). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Quotes a value for Shopify's search syntax. */
export function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

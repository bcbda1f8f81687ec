import type { OrderRecord } from '@ucg/connector-core';
import type { WooClient } from './client.ts';
import { mapOrder } from './map/order.ts';
import type { WooOrder } from './types.ts';

/** One page of a person's orders, newest first. */
export interface OrderPage {
  nodes: OrderRecord[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A cursor the caller passed back that this connector did not hand out. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR' as const;
  constructor(cursor: string) {
    super(`[marketplace] not a cursor from this connector: ${cursor.slice(0, 40)}`);
    this.name = 'InvalidCursorError';
  }
}

const CURSOR_PREFIX = 'wc1:';
const encodeCursor = (offset: number) => Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidCursorError(cursor);
  return offset;
}

const sameEmail = (a: string | undefined, b: string) => !!a && a.trim().toLowerCase() === b;

/**
 * A person's orders by billing email, newest first. WooCommerce has no exact email filter on
 * orders: `search` is a substring match over names, addresses and emails ("ava.chen@…" also finds
 * "nava.chen@…"), so every hit is checked for the exact address (case-insensitively) and the
 * cursor is the offset into WooCommerce's search results after the last order returned.
 * Offsets can shift if the person places an order while paging; the first page is always fresh.
 */
export async function ordersByEmail(client: WooClient, email: string, options: { first?: number; after?: string } = {}): Promise<OrderPage> {
  const wanted = email.trim().toLowerCase();
  const first = Math.min(Math.max(options.first ?? 20, 1), 100);
  let offset = decodeCursor(options.after);
  const nodes: OrderRecord[] = [];
  let endOffset = offset;
  const batch = client.config.perPage;
  for (;;) {
    const page = await client.get<WooOrder[]>('orders', { search: wanted, orderby: 'date', order: 'desc', per_page: batch, offset });
    for (const order of page) {
      offset++;
      if (!sameEmail(order.billing?.email, wanted)) continue;
      if (nodes.length === first) return { nodes, pageInfo: { hasNextPage: true, endCursor: encodeCursor(endOffset) } };
      nodes.push(mapOrder(order));
      endOffset = offset;
    }
    if (page.length < batch) break;
  }
  return { nodes, pageInfo: { hasNextPage: false, endCursor: nodes.length ? encodeCursor(endOffset) : (options.after ?? null) } };
}

/** Every order with exactly this billing email (all pages). */
export async function allOrdersByEmail(client: WooClient, email: string): Promise<WooOrder[]> {
  const wanted = email.trim().toLowerCase();
  return (await client.all<WooOrder>('orders', { search: wanted, orderby: 'id', order: 'asc' })).filter((o) => sameEmail(o.billing?.email, wanted));
}

/**
 * The order the customer knows by `number`. WooCommerce's number is its id unless a
 * sequential-numbering plugin renumbers orders; then the search (which covers numbers) finds it.
 */
export async function orderByNumber(client: WooClient, number: string): Promise<OrderRecord | null> {
  const trimmed = number.trim().replace(/^#/, '');
  if (/^\d+$/.test(trimmed)) {
    const order = await client.find<WooOrder>(`orders/${trimmed}`);
    if (order && order.number === trimmed) return mapOrder(order);
  }
  const hits = await client.get<WooOrder[]>('orders', { search: trimmed, per_page: client.config.perPage });
  const hit = hits.find((o) => o.number === trimmed);
  return hit ? mapOrder(hit) : null;
}

/**
 * Orders placed in [from, to), all pages, oldest first. `after`/`before` are exclusive and to the
 * second in WooCommerce, so `after` is moved back a second and the edge is filtered here.
 * Ordered by id so that orders placed while walking land on later pages, never shifting earlier ones.
 */
export async function listOrders(client: WooClient, range: { from?: string | Date; to?: string | Date; status?: string[] } = {}): Promise<OrderRecord[]> {
  const from = range.from === undefined ? undefined : new Date(range.from);
  const to = range.to === undefined ? undefined : new Date(range.to);
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const orders = await client.all<WooOrder>('orders', {
    orderby: 'id',
    order: 'asc',
    dates_are_gmt: true,
    ...(from ? { after: iso(new Date(Math.floor(from.getTime() / 1000) * 1000 - 1000)) } : {}),
    ...(to ? { before: iso(new Date(Math.ceil(to.getTime() / 1000) * 1000)) } : {}),
    ...(range.status?.length ? { status: range.status.join(',') } : {}),
  });
  return orders.map(mapOrder).filter((o) => (!from || Date.parse(o.placedAt) >= from.getTime()) && (!to || Date.parse(o.placedAt) < to.getTime()))
    .sort((a, b) => a.placedAt.localeCompare(b.placedAt) || Number(a.nativeId) - Number(b.nativeId));
}

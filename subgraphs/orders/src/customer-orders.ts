import { badUserInput } from '@ucg/subgraph-kit';
import type { OrderView } from './model.ts';

/** One newest-first list of a shopper's orders in one system, read a page at a time. */
export interface OrderStream {
  /** The system's name as errors carry it (`webstore`, `marketplace`, `graph`). */
  name: string;
  /**
   * `first` orders after `after` (the stream's own cursor; null: from the newest), fewer only at
   * the stream's end. A stream may hand out more (a cached first page): the merge shows what fits
   * and remembers how many of that page it showed.
   */
  fetch(after: string | null, first: number): Promise<{ orders: OrderView[]; endCursor: string | null; hasNextPage: boolean }>;
}

/**
 * Where a stream stands: the page of it starting after `c`, of which the first `s` orders were
 * already shown. Streams only hand out cursors at page ends, so this is how an order in the middle
 * of a fetched page is remembered.
 */
interface Position {
  c: string | null;
  s: number;
  done?: true;
}

type Positions = Record<string, Position>;

export function encodeOrdersCursor(positions: Positions): string {
  return Buffer.from(JSON.stringify({ v: 1, p: positions })).toString('base64url');
}

function decodeOrdersCursor(cursor: string): Positions {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: number; p?: Positions };
    if (parsed.v !== 1 || typeof parsed.p !== 'object' || parsed.p === null) throw new Error('not ours');
    for (const pos of Object.values(parsed.p)) {
      if (typeof pos !== 'object' || !Number.isInteger(pos.s) || pos.s < 0 || (pos.c !== null && typeof pos.c !== 'string')) throw new Error('bad position');
    }
    return parsed.p;
  } catch {
    throw badUserInput(`cursor ${JSON.stringify(cursor.slice(0, 40))} is not one this API gave out`, 'after');
  }
}

/** Newest first; among orders placed at the same instant, a stable order (by system, then number). */
function newerFirst(a: { order: OrderView; stream: number }, b: { order: OrderView; stream: number }): number {
  return b.order.placedAt.localeCompare(a.order.placedAt) || a.stream - b.stream || b.order.number.localeCompare(a.order.number);
}

export interface MergedPage {
  orders: OrderView[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Streams that could not be read this time (their orders are missing from the page). */
  failed: { stream: string; error: unknown }[];
}

/**
 * One page of a shopper's orders across systems, newest first. Each stream is read from where the
 * cursor left it, enough to fill the page even if all of it comes from that one stream; the
 * orders are merged by time and the next cursor remembers, per stream, how far its orders were
 * shown. A stream that fails is left where it was (its orders appear on a later page, once it
 * answers) and reported in `failed`.
 */
export async function mergeOrderStreams(streams: readonly OrderStream[], first: number, after: string | null): Promise<MergedPage> {
  const positions: Positions = after ? decodeOrdersCursor(after) : {};
  const reads = await Promise.all(
    streams.map(async (stream) => {
      const pos = positions[stream.name] ?? { c: null, s: 0 };
      if (pos.done || first === 0) return { stream, pos, orders: [] as OrderView[], endCursor: pos.c, hasNextPage: !pos.done };
      try {
        const page = await stream.fetch(pos.c, pos.s + first);
        return { stream, pos, orders: page.orders.slice(pos.s), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
      } catch (error) {
        // A cursor the system does not recognise is the caller's mistake, not an outage.
        if ((error as { code?: unknown }).code === 'INVALID_CURSOR') throw badUserInput('`after` is not a cursor this API gave out', 'after');
        return { stream, pos, orders: [] as OrderView[], endCursor: pos.c, hasNextPage: true, error };
      }
    }),
  );
  const merged = reads.flatMap((r, stream) => r.orders.map((order) => ({ order, stream }))).sort(newerFirst).slice(0, first);
  const shown = reads.map((_, i) => merged.filter((m) => m.stream === i).length);

  const next: Positions = {};
  let more = false;
  reads.forEach((r, i) => {
    const taken = shown[i]!;
    if ('error' in r) {
      next[r.stream.name] = r.pos;
      more = true;
    } else if (r.pos.done) {
      next[r.stream.name] = r.pos;
    } else if (taken === r.orders.length) {
      // Everything fetched was shown: continue after the fetched page.
      next[r.stream.name] = r.hasNextPage ? { c: r.endCursor, s: 0 } : { c: r.endCursor, s: 0, done: true };
      more ||= r.hasNextPage;
    } else {
      next[r.stream.name] = { c: r.pos.c, s: r.pos.s + taken };
      more = true;
    }
  });
  return {
    orders: merged.map((m) => m.order),
    hasNextPage: more,
    endCursor: merged.length || after ? encodeOrdersCursor(next) : null,
    failed: reads.flatMap((r) => ('error' in r ? [{ stream: r.stream.name, error: r.error }] : [])),
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { GraphQLError } from 'graphql';

/** Shopify's cap on `first`/`last` for every connection. */
export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Opaque cursors shaped like Shopify's: base64 of `{"last_id":…,"last_value":…}`. */
export function encodeCursor(id: string | number, value: string | number = id): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: String(value) })).toString('base64');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
    if (parsed.last_id === undefined) throw new Error('no last_id');
    return String(parsed.last_id);
  } catch {
    throw new GraphQLError(`Invalid cursor '${cursor}'.`, { extensions: { code: 'BAD_REQUEST' } });
  }
}

const unbounded = new AsyncLocalStorage<true>();

/** Runs a bulk operation's query: its connections need no `first`/`last` and have no page cap. */
export function withoutPageLimits<T>(run: () => T): T {
  return unbounded.run(true, run);
}

/** The page size a connection will hold, validated as Shopify validates it. */
export function pageSize(args: ConnectionArgs): number {
  if (unbounded.getStore()) return args.first ?? args.last ?? Number.MAX_SAFE_INTEGER;
  const size = args.first ?? args.last;
  if (size === null || size === undefined) throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  if (args.first != null && args.last != null) throw new GraphQLError('providing both first and last is not supported', { extensions: { code: 'BAD_REQUEST' } });
  if (size < 0) throw new GraphQLError(`${args.first != null ? 'first' : 'last'} must be a positive number`, { extensions: { code: 'BAD_REQUEST' } });
  if (size > MAX_PAGE_SIZE) throw new GraphQLError(`The ${args.first != null ? 'first' : 'last'} argument must be less than or equal to ${MAX_PAGE_SIZE}.`, { extensions: { code: 'BAD_REQUEST' } });
  return size;
}

/**
 * One page of `all` (already filtered and sorted by the caller's sort key) with Relay edges,
 * `nodes` and `pageInfo`, as every Shopify connection answers; `view` renders a record.
 */
export function connection<T, V = T>(all: readonly T[], args: ConnectionArgs, idOf: (item: T) => string | number, view: (item: T) => V = (item) => item as unknown as V): Connection<V> {
  const size = pageSize(args);
  const items = args.reverse ? [...all].reverse() : all;
  let start = 0;
  let end = items.length;
  const indexOf = (cursor: string) => {
    const id = decodeCursor(cursor);
    const index = items.findIndex((item) => String(idOf(item)) === id);
    if (index === -1) throw new GraphQLError(`Invalid cursor '${cursor}'.`, { extensions: { code: 'BAD_REQUEST' } });
    return index;
  };
  if (args.after) start = indexOf(args.after) + 1;
  if (args.before) end = indexOf(args.before);
  let slice: readonly T[];
  let from: number;
  if (args.first != null) {
    slice = items.slice(start, Math.min(end, start + size));
    from = start;
  } else {
    from = Math.max(start, end - size);
    slice = items.slice(from, end);
  }
  // Views are built for the page only: lists can hold thousands of records.
  const edges = slice.map((item) => ({ cursor: encodeCursor(idOf(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: from + slice.length < items.length,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * The two paging styles of ShipBob 2026-01: orders page with `Page`/`Limit` and announce the next
 * page in a `next-page` header; inventory, channels and webhooks return `next`/`prev` links in the
 * body that carry an opaque `Cursor`.
 */

/** Reads `Page`/`Limit`; returns ShipBob's model-state errors for values out of range. */
export function readPage(query: Record<string, string | undefined>, defaults = { limit: 50, max: 250 }): { ok: true; page: number; limit: number } | { ok: false; errors: Record<string, string[]> } {
  const page = query.Page === undefined ? 1 : Number(query.Page);
  const limit = query.Limit === undefined ? defaults.limit : Number(query.Limit);
  const errors: Record<string, string[]> = {};
  if (!Number.isInteger(page) || page < 1) errors.Page = [`The field Page must be between 1 and 2147483647.`];
  if (!Number.isInteger(limit) || limit < 1 || limit > defaults.max) errors.Limit = [`The field Limit must be between 1 and ${defaults.max}.`];
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, page, limit };
}

/** The `next-page` header value: the same request (path and query) for the following page. */
export function nextPagePath(path: string, query: Record<string, string | undefined>, page: number): string {
  // Commas stay literal: they separate list values (see `encodedCommaIn`).
  const pairs = Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'Page').map(([k, v]) => `${k}=${encodeURIComponent(v!).replace(/%2C/gi, ',')}`);
  return `${path}?${[...pairs, `Page=${page}`].join('&')}`;
}

export function encodeCursor(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor<T>(cursor: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Slices `items` at a cursor's offset and builds the body links for the neighbouring pages. */
export function cursorPage<T, Q>(items: readonly T[], path: string, query: Q, offset: number, size: number) {
  const link = (at: number) => `${path}?Cursor=${encodeCursor({ q: query, o: at, s: size })}`;
  const lastOffset = items.length === 0 ? 0 : Math.floor((items.length - 1) / size) * size;
  return {
    items: items.slice(offset, offset + size),
    first: offset > 0 ? link(0) : null,
    prev: offset > 0 ? link(Math.max(0, offset - size)) : null,
    next: offset + size < items.length ? link(offset + size) : null,
    last: offset < lastOffset ? link(lastOffset) : null,
  };
}

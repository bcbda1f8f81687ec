import { badUserInput } from './errors.ts';

export interface Connection<T> {
  nodes: T[];
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PageArgs {
  first: number;
  offset: number;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o:(\d+)$/.exec(text);
  if (!match) throw badUserInput(`cursor ${JSON.stringify(cursor)} is not one this API gave out`, 'after');
  return Number(match[1]);
}

/** Validates `first`/`after` (negative or oversized `first`, foreign cursors) into an offset window. */
export function pageArgs(args: { first?: number | null; after?: string | null }, defaults: { first: number; max: number }): PageArgs {
  const first = args.first ?? defaults.first;
  if (!Number.isInteger(first) || first < 0) throw badUserInput('`first` must be zero or a positive integer', 'first');
  if (first > defaults.max) throw badUserInput(`\`first\` may be at most ${defaults.max}`, 'first');
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { first, offset };
}

/** An offset-based connection over an already sliced page (`items` may hold one extra to detect a next page). */
export function connection<T>(items: T[], page: PageArgs, totalCount?: number): Connection<T> {
  const nodes = items.slice(0, page.first);
  const hasNextPage = totalCount !== undefined ? page.offset + nodes.length < totalCount : items.length > page.first;
  return {
    nodes,
    ...(totalCount !== undefined ? { totalCount } : {}),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: page.offset > 0,
      startCursor: nodes.length ? encodeCursor(page.offset) : null,
      endCursor: nodes.length ? encodeCursor(page.offset + nodes.length - 1) : null,
    },
  };
}

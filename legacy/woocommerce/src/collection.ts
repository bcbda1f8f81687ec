import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidParam } from './errors.ts';
import type { PlainValue } from './php-query.ts';

/** Query parameters as PHP parsed them (`$_GET`). */
export type Query = Record<string, PlainValue | undefined>;

export function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

/** A scalar parameter; WordPress reads the last one when a scalar was sent as an array. */
export function str(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return undefined;
}

export function int(q: Query, name: string, options: { min?: number; max?: number; fallback?: number } = {}): number | undefined {
  const raw = str(q, name);
  if (raw === undefined || raw === '') return options.fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidParam(name, `${name} is not of type integer.`);
  const n = Number(raw);
  const { min, max } = options;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    throw invalidParam(name, max !== undefined ? `${name} must be between ${min} (inclusive) and ${max} (inclusive)` : `${name} must be greater than or equal to ${min}`);
  }
  return n;
}

/** `wp_parse_list()`: a comma/space separated string or an array. */
export function list(q: Query, name: string): string[] | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const values = typeof v === 'string' ? v.split(/[\s,]+/) : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : Object.values(v).filter((x): x is string => typeof x === 'string');
  return values.map((s) => s.trim()).filter(Boolean);
}

/** `wp_parse_id_list()`. */
export function idList(q: Query, name: string): number[] | undefined {
  return list(q, name)?.map((s) => Math.abs(Number.parseInt(s, 10))).filter((n) => Number.isFinite(n));
}

export function oneOf<T extends string>(q: Query, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(q, name);
  if (v === undefined || v === '') return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw invalidParam(name, `${name} is not one of ${allowed.join(', ')}.`);
  return v as T;
}

/** `rest_parse_date()` for `after`/`before`: RFC 3339, a missing zone meaning the site's (UTC). */
export function dateParam(q: Query, name: string): number | undefined {
  const v = str(q, name);
  if (v === undefined || v === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v.trim());
  const at = m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${m[8] ? m[8].toUpperCase() : 'Z'}`) : Number.NaN;
  if (Number.isNaN(at)) throw invalidParam(name, `Invalid date.`);
  return at;
}

export interface PageSpec<T> {
  /** Field comparators by `orderby` value. */
  orderby: Record<string, (a: T, b: T) => number>;
  defaultOrderby: string;
  defaultOrder: 'asc' | 'desc';
  id: (item: T) => number;
}

/**
 * `WC_REST_CRUD_Controller::get_items()` paging: `include`, `orderby`/`order`, `per_page` (1–100,
 * default 10), `page` or `offset`, and the `X-WP-Total`/`X-WP-TotalPages`/`Link` headers. The
 * links repeat every query parameter of the request — OAuth ones included, unencoded — because
 * `add_query_arg()` is built from `$request->get_query_params()`; clients must not follow them
 * blindly with old signatures in them.
 */
export function paginate<T>(request: FastifyRequest, reply: FastifyReply, items: T[], spec: PageSpec<T>, collectionUrl: string): T[] {
  const q = query(request);
  const perPage = int(q, 'per_page', { min: 1, max: 100, fallback: 10 })!;
  const page = int(q, 'page', { min: 1, fallback: 1 })!;
  const offset = int(q, 'offset', { min: 0 });
  const include = idList(q, 'include');
  const orderby = oneOf(q, 'orderby', Object.keys(spec.orderby).concat(include ? ['include'] : []), spec.defaultOrderby);
  const order = oneOf(q, 'order', ['asc', 'desc'] as const, spec.defaultOrder);

  let selected = include?.length ? items.filter((i) => include.includes(spec.id(i))) : items;
  if (orderby === 'include' && include) {
    selected = [...selected].sort((a, b) => include.indexOf(spec.id(a)) - include.indexOf(spec.id(b)));
  } else {
    const compare = spec.orderby[orderby]!;
    // Ties fall back to the id, so that pages never overlap.
    selected = [...selected].sort((a, b) => (compare(a, b) || spec.id(a) - spec.id(b)) * (order === 'asc' ? 1 : -1));
  }
  const total = selected.length;
  const pages = Math.ceil(total / perPage);
  const start = offset ?? (page - 1) * perPage;
  reply.header('X-WP-Total', String(total));
  reply.header('X-WP-TotalPages', String(pages));
  const links: string[] = [];
  if (page > 1) links.push(`<${withPage(collectionUrl, request.url, Math.min(page - 1, Math.max(pages, 1)))}>; rel="prev"`);
  if (pages > page) links.push(`<${withPage(collectionUrl, request.url, page + 1)}>; rel="next"`);
  if (links.length) reply.header('Link', links);
  return selected.slice(start, start + perPage);
}

/** `add_query_arg('page', n, add_query_arg($query_params, $url))`: raw (decoded) values, `page` replaced in place. */
function withPage(collectionUrl: string, requestUrl: string, page: number): string {
  const raw = requestUrl.split('?')[1] ?? '';
  const pairs = raw.split('&').filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return [decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1))] as [string, string];
  });
  const at = pairs.findIndex(([k]) => k === 'page');
  if (at >= 0) pairs[at] = ['page', String(page)];
  else pairs.push(['page', String(page)]);
  // Header values cannot carry raw non-ASCII or control characters; WordPress's would be mangled the same way by any proxy.
  const safe = (s: string) => s.replace(/[^\x21-\x7e ]/g, (c) => encodeURIComponent(c));
  return `${collectionUrl}?${pairs.map(([k, v]) => `${safe(k)}=${safe(v)}`).join('&')}`;
}

export function byString<T>(get: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => get(a).localeCompare(get(b));
}

export function byNumber<T>(get: (item: T) => number): (a: T, b: T) => number {
  return (a, b) => get(a) - get(b);
}

import { compareValues, type Row } from './edm.ts';
import { ODataError } from './errors.ts';
import { compileFilter, pinnedValues } from './filter.ts';
import type { EntitySetDef, ServiceDef } from './model.ts';
import { setByName, type Projection } from './serialize.ts';

/** The system query options of one request, validated. */
export interface QueryOptions {
  filter?: string;
  orderby?: string;
  top?: number;
  skip?: number;
  /** Position inside the `$top`/`$skip` window where this page starts (server-driven paging). */
  skiptoken?: number;
  inlinecount: boolean;
}

function nonNegativeInt(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new ODataError(400, '/IWBEP/CM_MGW_RT/022', `Invalid system query option ${name}=${raw}`);
  return Number(raw);
}

export function readQueryOptions(query: URLSearchParams): QueryOptions {
  const inline = query.get('$inlinecount');
  if (inline !== null && inline !== 'allpages' && inline !== 'none') throw new ODataError(400, '/IWBEP/CM_MGW_RT/022', `Invalid value '${inline}' for $inlinecount`);
  const opts: QueryOptions = { inlinecount: inline === 'allpages' };
  const filter = query.get('$filter');
  const orderby = query.get('$orderby');
  const top = nonNegativeInt('$top', query.get('$top'));
  const skip = nonNegativeInt('$skip', query.get('$skip'));
  const skiptoken = nonNegativeInt('$skiptoken', query.get('$skiptoken'));
  if (filter) opts.filter = filter;
  if (orderby) opts.orderby = orderby;
  if (top !== undefined) opts.top = top;
  if (skip !== undefined) opts.skip = skip;
  if (skiptoken !== undefined) opts.skiptoken = skiptoken;
  return opts;
}

/** `$select=A,B,to_Item/Material&$expand=to_Item` as a projection tree; unknown names are a 400. */
export function readProjection(service: ServiceDef, set: EntitySetDef, select: string | null, expand: string | null): Projection {
  const root: Projection = { expand: new Map() };
  const nodeFor = (path: string[]): { node: Projection; set: EntitySetDef } => {
    let node = root;
    let current = set;
    for (const name of path) {
      const nav = current.navigations?.find((n) => n.name === name);
      if (!nav) throw new ODataError(400, '/IWBEP/CM_MGW_RT/021', `Property ${name} not found in type ${current.type}`);
      let child = node.expand.get(name);
      if (!child) {
        child = { expand: new Map() };
        node.expand.set(name, child);
      }
      node = child;
      current = setByName(service, nav.target)!;
    }
    return { node, set: current };
  };
  for (const item of (expand ?? '').split(',').map((s) => s.trim()).filter(Boolean)) nodeFor(item.split('/'));
  for (const item of (select ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (item === '*') continue;
    const parts = item.split('/');
    const last = parts.pop()!;
    const { node, set: owner } = nodeFor(parts);
    const known = owner.properties.some((p) => p.name === last) || owner.navigations?.some((n) => n.name === last);
    if (!known) throw new ODataError(400, '/IWBEP/CM_MGW_RT/021', `Property ${last} not found in type ${owner.type}`);
    (node.select ??= new Set()).add(last);
  }
  return root;
}

function orderRows(set: EntitySetDef, rows: Row[], orderby: string | undefined): Row[] {
  const props = new Map(set.properties.map((p) => [p.name, p]));
  const clauses = orderby
    ? orderby.split(',').map((c) => {
      const [name, dir = 'asc', extra] = c.trim().split(/\s+/);
      const prop = props.get(name ?? '');
      if (!prop || extra !== undefined || (dir !== 'asc' && dir !== 'desc')) throw new ODataError(400, '/IWBEP/CM_MGW_RT/021', `Invalid $orderby clause '${c.trim()}'`);
      return { prop, sign: dir === 'desc' ? -1 : 1 };
    })
    : set.keys.map((k) => ({ prop: props.get(k)!, sign: 1 }));
  return rows.sort((a, b) => {
    for (const { prop, sign } of clauses) {
      const c = compareValues(prop.type, a[prop.name], b[prop.name]);
      if (c !== 0) return c * sign;
    }
    return 0;
  });
}

/** Narrows the candidates through an equality index when the filter pins an indexed property. */
function candidates(set: EntitySetDef, source: readonly Row[], filter: string | undefined): { rows: Row[]; narrowed: boolean } {
  for (const [property, lookup] of Object.entries(set.lookup ?? {})) {
    const values = filter ? pinnedValues(filter, property, set.properties) : undefined;
    if (values) return { rows: [...new Set(values)].flatMap((v) => [...lookup(v)]), narrowed: true };
  }
  return { rows: [...source], narrowed: false };
}

export interface QueryResult {
  rows: Row[];
  /** All matches, before `$top`/`$skip` (for `$inlinecount`). */
  count: number;
  /** `$skiptoken` of the next page, when there is one. */
  nextSkiptoken?: number;
}

/** Filters, orders and pages rows as Gateway does, with server-driven paging at `pageSize`. */
export function runQuery(set: EntitySetDef, source: readonly Row[], options: QueryOptions, pageSize: number): QueryResult {
  const { rows: pool, narrowed } = candidates(set, source, options.filter);
  const predicate = options.filter ? compileFilter(options.filter, set.properties, set.type) : undefined;
  let matches = predicate ? pool.filter(predicate) : pool;
  if (narrowed || options.orderby) matches = orderRows(set, matches, options.orderby);
  const start = options.skip ?? 0;
  const end = options.top !== undefined ? Math.min(matches.length, start + options.top) : matches.length;
  const from = start + (options.skiptoken ?? 0);
  const to = Math.min(end, from + pageSize);
  const result: QueryResult = { rows: matches.slice(from, Math.max(from, to)), count: matches.length };
  if (to < end) result.nextSkiptoken = (options.skiptoken ?? 0) + pageSize;
  return result;
}

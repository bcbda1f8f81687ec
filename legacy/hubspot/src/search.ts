import type { CrmRecord } from './crm-store.ts';
import { HubSpotHttpError } from './errors.ts';
import type { ObjectType, PropertyCatalog, PropertyDefinition } from './properties.ts';

export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Filter {
  propertyName: string;
  operator: Operator;
  value?: string | number | boolean;
  values?: (string | number)[];
  highValue?: string | number;
}

export interface SearchRequest {
  filterGroups?: { filters?: Filter[] }[];
  sorts?: (string | { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' })[];
  query?: string;
  properties?: string[];
  limit?: number | string;
  after?: number | string;
}

/** HubSpot's documented caps on one search request. */
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
export const MAX_SEARCH_PAGE = 200;

/** Free-text `query` looks in these, as HubSpot's default searchable properties. */
const QUERY_PROPERTIES: Record<ObjectType, string[]> = { contacts: ['email', 'firstname', 'lastname', 'phone', 'company'], companies: ['name', 'domain'] };

const bad = (message: string) => new HubSpotHttpError(400, 'VALIDATION_ERROR', message);

/** Comparable form of a value: numbers and dates (epoch ms or ISO) as numbers, text lower-cased. */
function comparable(def: PropertyDefinition, raw: string): number | string {
  if (def.type === 'number') return Number(raw);
  if (def.type === 'datetime') return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return raw.toLowerCase();
}

function tokenMatch(stored: string, wanted: string): boolean {
  const pattern = wanted.toLowerCase();
  if (pattern.includes('*')) {
    const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return regex.test(stored.toLowerCase()) || stored.toLowerCase().split(/[\s,;]+/).some((t) => regex.test(t));
  }
  return stored.toLowerCase().split(/[^\p{L}\p{N}]+/u).includes(pattern);
}

function matches(def: PropertyDefinition, record: CrmRecord, filter: Filter): boolean {
  const stored = record.properties[def.name];
  const { operator } = filter;
  if (operator === 'HAS_PROPERTY') return stored !== undefined;
  if (operator === 'NOT_HAS_PROPERTY') return stored === undefined;
  if (operator === 'NEQ') return stored === undefined || comparable(def, stored) !== comparable(def, String(filter.value ?? ''));
  if (operator === 'NOT_IN') return stored === undefined || !(filter.values ?? []).some((v) => stored.toLowerCase() === String(v));
  if (operator === 'NOT_CONTAINS_TOKEN') return stored === undefined || !tokenMatch(stored, String(filter.value ?? ''));
  if (stored === undefined) return false;
  const mine = comparable(def, stored);
  const theirs = comparable(def, String(filter.value ?? ''));
  switch (operator) {
    case 'EQ': return mine === theirs;
    case 'LT': return mine < theirs;
    case 'LTE': return mine <= theirs;
    case 'GT': return mine > theirs;
    case 'GTE': return mine >= theirs;
    case 'BETWEEN': return mine >= theirs && mine <= comparable(def, String(filter.highValue ?? ''));
    // HubSpot quirk: IN compares against the lower-cased stored value, so string values must be sent lower-case.
    case 'IN': return (filter.values ?? []).some((v) => (def.type === 'number' ? Number(stored) === Number(v) : stored.toLowerCase() === String(v)));
    case 'CONTAINS_TOKEN': return tokenMatch(stored, String(filter.value ?? ''));
  }
}

export interface SearchPlan {
  limit: number;
  offset: number;
  properties: string[] | undefined;
  run(records: readonly CrmRecord[]): CrmRecord[];
}

/** Validates a search body against HubSpot's rules and returns how to run it. */
export function planSearch(catalog: PropertyCatalog, type: ObjectType, body: SearchRequest, maxTotal: number): SearchPlan {
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE) throw bad(`limit must be between 1 and ${MAX_SEARCH_PAGE}, got ${String(body.limit)}`);
  const offset = body.after === undefined || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0) throw bad(`after must be a non-negative integer, got ${String(body.after)}`);
  if (offset >= maxTotal) throw bad(`There was a problem with the request. Search results are limited to ${maxTotal} records; after=${offset} is past the end.`);
  const groups = body.filterGroups ?? [];
  const filterCount = groups.reduce((n, g) => n + (g.filters?.length ?? 0), 0);
  if (groups.length > MAX_GROUPS || groups.some((g) => (g.filters?.length ?? 0) > MAX_FILTERS_PER_GROUP) || filterCount > MAX_FILTERS) {
    throw bad(`Too many filters: at most ${MAX_GROUPS} filterGroups of ${MAX_FILTERS_PER_GROUP} filters, ${MAX_FILTERS} filters in all.`);
  }
  const compiled = groups.map((g) => (g.filters ?? []).map((f) => {
    const def = catalog.get(type, f.propertyName);
    if (!def) throw bad(`There was a problem with the request. Unknown property in filter: ${String(f.propertyName)}`);
    if (!OPERATORS.includes(f.operator)) throw bad(`Invalid operator ${String(f.operator)}; expected one of ${OPERATORS.join(', ')}`);
    if ((f.operator === 'IN' || f.operator === 'NOT_IN') && !Array.isArray(f.values)) throw bad(`Operator ${f.operator} requires "values"`);
    return { def, f };
  }));
  const sorts = (body.sorts ?? []).map((s) => (typeof s === 'string' ? { propertyName: s, direction: 'ASCENDING' as const } : s));
  if (sorts.length > 1) throw bad('Only one sort is supported per search.');
  const sort = sorts[0];
  const sortDef = sort ? catalog.get(type, sort.propertyName) : undefined;
  if (sort && !sortDef) throw bad(`There was a problem with the request. Unknown sort property: ${sort.propertyName}`);
  const terms = body.query?.trim().toLowerCase().split(/\s+/).filter(Boolean) ?? [];

  return {
    limit,
    offset,
    properties: body.properties,
    run(records) {
      const hits = records.filter((r) =>
        (compiled.length === 0 || compiled.some((group) => group.every(({ def, f }) => matches(def, r, f))))
        && terms.every((t) => QUERY_PROPERTIES[type].some((p) => (r.properties[p] ?? '').toLowerCase().split(/[^\p{L}\p{N}@.]+/u).some((w) => w.startsWith(t)))));
      if (!sort || !sortDef) return hits;
      const dir = sort.direction === 'DESCENDING' ? -1 : 1;
      return [...hits].sort((a, b) => {
        const va = a.properties[sortDef.name];
        const vb = b.properties[sortDef.name];
        if (va === undefined || vb === undefined) return va === vb ? Number(a.id) - Number(b.id) : va === undefined ? 1 : -1;
        const ca = comparable(sortDef, va);
        const cb = comparable(sortDef, vb);
        return (ca < cb ? -dir : ca > cb ? dir : 0) || Number(a.id) - Number(b.id);
      });
    },
  };
}

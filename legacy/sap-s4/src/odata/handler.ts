import { parseValue, type Row } from './edm.ts';
import { asODataError, errorBody, ODataError } from './errors.ts';
import { readLiteral } from './filter.ts';
import { metadataXml } from './metadata.ts';
import type { EntitySetDef, Payload, ServiceDef } from './model.ts';
import { readProjection, readQueryOptions, runQuery } from './query.ts';
import { entityPath, serializeEntity, setByName, type Projection } from './serialize.ts';

export interface ODataRequest {
  method: string;
  /** Resource path below the service root, still percent-encoded, no leading slash. */
  path: string;
  query: URLSearchParams;
  /** Raw request body (JSON for writes). */
  body?: string;
  /** Absolute URL of the service root, no trailing slash: links and `__next` are built on it. */
  serviceUrl: string;
}

export interface ODataResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HandlerOptions {
  /** Server-driven page size (`__next` after this many entries). */
  pageSize: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, body: unknown, headers: Record<string, string> = {}): ODataResponse {
  return { status, headers: { 'content-type': JSON_TYPE, dataserviceversion: '2.0', ...headers }, body: JSON.stringify(body) };
}

/** Any failure as Gateway's error response. */
export function errorResponse(service: ServiceDef | undefined, error: unknown): ODataResponse {
  const e = asODataError(error);
  return json(e.status, errorBody(e, service ? { service: service.name, component: service.component } : {}));
}

function notFound(segment: string): ODataError {
  return new ODataError(404, '/IWBEP/CM_MGW_RT/020', `Resource not found for segment '${segment}'`);
}

interface Target {
  set: EntitySetDef;
  /** Set when the path addresses one entity by key. */
  row?: Row;
  /** Set when the path continues with a navigation property. */
  nav?: { name: string; many: boolean; parentSet: EntitySetDef; parent: Row };
  count: boolean;
}

function parseKey(set: EntitySetDef, text: string): Row {
  const props = new Map(set.properties.map((p) => [p.name, p]));
  const key: Row = {};
  const bad = () => new ODataError(400, '/IWBEP/CM_MGW_RT/022', `Invalid key predicate '(${text})' for entity type ${set.type}`);
  let pos = 0;
  while (pos < text.length) {
    const named = /^([A-Za-z_]\w*)=/.exec(text.slice(pos));
    const name = named ? named[1]! : set.keys.length === 1 ? set.keys[0]! : undefined;
    if (!name || !set.keys.includes(name)) throw bad();
    if (named) pos += named[0].length;
    const lit = readLiteral(text, pos);
    if (!lit || lit.literal.type === 'null') throw bad();
    const prop = props.get(name)!;
    key[name] = prop.type === 'Edm.Decimal' || prop.type === 'Edm.String' ? String(lit.literal.value) : lit.literal.value;
    pos = lit.end;
    if (text[pos] === ',') pos++;
    else if (pos < text.length) throw bad();
  }
  if (set.keys.some((k) => !(k in key))) throw bad();
  return key;
}

function findRow(set: EntitySetDef, key: Row): Row | undefined {
  if (set.find) return set.find(key);
  return set.rows().find((r) => set.keys.every((k) => String(r[k]) === String(key[k])));
}

function resolveTarget(service: ServiceDef, segments: string[]): Target {
  const [first, ...rest] = segments;
  const m = /^([A-Za-z_]\w*)(?:\((.*)\))?$/.exec(first ?? '');
  const set = m ? setByName(service, m[1]!) : undefined;
  if (!m || !set) throw notFound(first ?? '');
  const target: Target = { set, count: false };
  if (m[2] !== undefined) {
    const row = findRow(set, parseKey(set, m[2]));
    if (!row) throw notFound(first!);
    target.row = row;
  }
  for (const seg of rest) {
    if (seg === '$count' && !target.row) {
      target.count = true;
      continue;
    }
    if (seg === '$count' && target.nav) {
      target.count = true;
      continue;
    }
    const nav = target.row ? target.set.navigations?.find((n) => n.name === seg) : undefined;
    if (!nav || target.nav) throw notFound(seg);
    target.nav = { name: nav.name, many: nav.many, parentSet: target.set, parent: target.row! };
    target.set = setByName(service, nav.target)!;
    if (!nav.many) {
      const child = nav.resolve(target.row!)[0];
      if (!child) throw notFound(seg);
      target.row = child;
    } else delete target.row;
  }
  return target;
}

/** Parses a create payload, nested deep-insert payloads included, against the entity set's model. */
export function readPayload(service: ServiceDef, set: EntitySetDef, raw: unknown): Payload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ODataError(400, '/IWBEP/CM_MGW_RT/006', 'The request body is not a JSON object');
  const props = new Map(set.properties.map((p) => [p.name, p]));
  const payload: Payload = { values: {}, nested: {} };
  for (const [name, value] of Object.entries(raw)) {
    if (name === '__metadata') continue;
    const nav = set.navigations?.find((n) => n.name === name);
    if (nav) {
      const list = Array.isArray(value) ? value : (value as { results?: unknown[] } | null)?.results ?? (value ? [value] : []);
      const target = setByName(service, nav.target)!;
      payload.nested[name] = list.map((item) => readPayload(service, target, item));
      continue;
    }
    const prop = props.get(name);
    if (!prop) throw new ODataError(400, '/IWBEP/CM_MGW_RT/004', `Property '${name}' is invalid for entity type '${set.type}'`);
    if (prop.readOnly) continue;
    payload.values[name] = parseValue(prop, value, set.type);
  }
  return payload;
}

function expandFor(payload: Payload): Projection {
  return { expand: new Map(Object.entries(payload.nested).map(([name, items]) => [name, items[0] ? expandFor(items[0]) : { expand: new Map() }])) };
}

function parseBody(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    throw new ODataError(400, '/IWBEP/CM_MGW_RT/006', 'Malformed JSON in the request body');
  }
}

function read(service: ServiceDef, req: ODataRequest, target: Target, options: HandlerOptions): ODataResponse {
  const projection = readProjection(service, target.set, req.query.get('$select'), req.query.get('$expand'));
  if (target.row) return json(200, { d: serializeEntity(service, target.set, target.row, req.serviceUrl, projection) });
  const source = target.nav ? target.nav.parentSet.navigations!.find((n) => n.name === target.nav!.name)!.resolve(target.nav.parent) : target.set.rows();
  const opts = readQueryOptions(req.query);
  if (target.count) {
    const { count } = runQuery(target.set, source, { ...opts, inlinecount: false }, Number.MAX_SAFE_INTEGER);
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', dataserviceversion: '2.0' }, body: String(count) };
  }
  const result = runQuery(target.set, source, opts, options.pageSize);
  const d: Record<string, unknown> = { results: result.rows.map((r) => serializeEntity(service, target.set, r, req.serviceUrl, projection)) };
  if (opts.inlinecount) d.__count = String(result.count);
  if (result.nextSkiptoken !== undefined) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', String(result.nextSkiptoken));
    const base = target.nav ? `${entityPath(target.nav.parentSet, target.nav.parent)}/${target.nav.name}` : target.set.name;
    d.__next = `${req.serviceUrl}/${base}?${next.toString().replace(/%24/g, '$').replace(/%2C/g, ',')}`;
  }
  return json(200, { d });
}

/**
 * Serves one OData v2 request against a service model: service document, `$metadata`,
 * collections (filter/order/page/count), single entities, navigation, deep-insert creates and
 * updates. Every failure becomes Gateway's JSON error body.
 */
export function handle(service: ServiceDef, req: ODataRequest, options: HandlerOptions): ODataResponse {
  try {
    const segments = req.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    if (segments.length === 0) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ODataError(405, '/IWBEP/CM_MGW_RT/010', `Method '${req.method}' not allowed for the service document`);
      return json(200, { d: { EntitySets: service.sets.map((s) => s.name) } });
    }
    if (segments.length === 1 && segments[0] === '$metadata') {
      return { status: 200, headers: { 'content-type': 'application/xml', dataserviceversion: '2.0' }, body: metadataXml(service) };
    }
    const target = resolveTarget(service, segments);
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return read(service, req, target, options);
      case 'POST': {
        if (target.row || target.nav || target.count || !target.set.create) throw new ODataError(405, '/IWBEP/CM_MGW_RT/010', `Method 'POST' not allowed for '${segments.join('/')}'`);
        const payload = readPayload(service, target.set, parseBody(req.body));
        const row = target.set.create(payload);
        const entity = serializeEntity(service, target.set, row, req.serviceUrl, expandFor(payload));
        return json(201, { d: entity }, { location: (entity.__metadata as { uri: string }).uri });
      }
      case 'PATCH':
      case 'MERGE':
      case 'PUT': {
        if (!target.row || target.nav || !target.set.update) throw new ODataError(405, '/IWBEP/CM_MGW_RT/010', `Method '${req.method}' not allowed for '${segments.join('/')}'`);
        const payload = readPayload(service, target.set, parseBody(req.body));
        target.set.update(target.row, payload.values);
        return { status: 204, headers: { dataserviceversion: '2.0' }, body: '' };
      }
      default:
        throw new ODataError(405, '/IWBEP/CM_MGW_RT/010', `Method '${req.method}' not allowed for '${segments.join('/')}'`);
    }
  } catch (error) {
    return errorResponse(service, error);
  }
}

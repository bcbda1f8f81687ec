import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { skusOf, type EntityCache, type EntityHint, type HeldEntity } from './entity-cache.ts';

type ProcessResult = { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[]; extensions?: Record<string, unknown> };
type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

/** `max-age=N, public|private` as a hint; undefined when the answer may not be reused. */
export function hintOf(cacheControl: string | null | undefined): EntityHint | undefined {
  const maxAge = /(?:^|,)\s*max-age=(\d+)/.exec(cacheControl ?? '')?.[1];
  if (!maxAge || Number(maxAge) <= 0) return undefined;
  return { maxAgeS: Number(maxAge), scope: /(?:^|,)\s*private/.test(cacheControl ?? '') ? 'PRIVATE' : 'PUBLIC' };
}

/** True for a subgraph fetch of entities (`_entities(representations:)`) made for a query. */
export function isEntityQuery(options: Options): boolean {
  if (options.kind !== 'incoming operation') return false;
  const representations = options.request.variables?.representations;
  return Array.isArray(representations) && options.incomingRequestContext.operation?.operation === 'query' && /\b_entities\s*\(/.test(options.request.query ?? '');
}

export interface EntityVary {
  /** What reaches the subgraph besides the representation and the query, for answers anyone may share. */
  shared: string;
  /** The same plus the caller's identity, for answers the subgraph marked private. */
  caller: string;
}

/**
 * An `_entities` fetch with the entity cache in front: entities held (shared, or this caller's own
 * when the subgraph said private), here or in the shared tier, are answered from it, only the
 * others are sent, and those that
 * come back are stored for as long as the subgraph's Cache-Control allows (capped). Entities are
 * kept as JSON text, so no request can change another's copy. Without errors only: an answer with
 * errors is passed on (its paths renumbered) and nothing of it is stored.
 */
export async function fetchEntitiesThroughCache(
  cache: EntityCache,
  prefix: string,
  vary: EntityVary,
  options: Options,
  fetch: (options: Options) => Promise<{ result: ProcessResult; hint: EntityHint | undefined }>,
): Promise<ProcessResult & { hits: number; sharedHits: number; misses: number }> {
  const request = options.request;
  const representations = request.variables!.representations as unknown[];
  const base = `${prefix}\u0000${request.query}\u0000`;
  const repKeys = representations.map((rep) => JSON.stringify(rep));
  const keysOf = (i: number) => [`${base}${vary.shared}\u0000${repKeys[i]}`, `${base}${vary.caller}\u0000${repKeys[i]}`] as const;
  const now = Date.now();
  const found: (HeldEntity | undefined)[] = repKeys.map((_, i) => cache.get(keysOf(i)[0], now) ?? cache.get(keysOf(i)[1], now));
  // What this process does not hold, another may have fetched: one look at the shared tier for all.
  const local = found.flatMap((hit, i) => (hit ? [] : [i]));
  const fromShared = cache.sharing && local.length ? await cache.getShared(local.flatMap((i) => keysOf(i)), now) : [];
  let sharedHits = 0;
  local.forEach((i, j) => {
    found[i] = fromShared[2 * j] ?? fromShared[2 * j + 1];
    if (found[i]) sharedHits++;
  });
  const missing = found.flatMap((hit, i) => (hit ? [] : [i]));
  const policy = options.kind === 'incoming operation' ? options.incomingRequestContext.overallCachePolicy : undefined;
  // What is left of a held entity's life, rounded up: rounding down would turn its last second into
  // max-age 0 and make the whole answer uncacheable for the response cache.
  for (const hit of found) {
    if (hit) policy?.restrict({ maxAge: Math.ceil((hit.expiresAt - now) / 1000), scope: hit.hint.scope });
  }
  const parse = (i: number) => JSON.parse(found[i]!.value) as unknown;
  const hits = found.length - missing.length - sharedHits;
  if (missing.length === 0) return { data: { _entities: representations.map((_, i) => parse(i)) }, hits, sharedHits, misses: 0 };

  const startedAt = Date.now();
  const { result, hint } = await fetch({ ...options, request: { ...request, variables: { ...request.variables, representations: missing.map((i) => representations[i]) } } });
  const fetched = result.data?._entities;
  // Errors name `_entities` positions of the fetch that was sent: renumber them to the request's.
  const errors = result.errors?.map((e) => (e.path?.[0] === '_entities' && typeof e.path[1] === 'number' ? { ...e, path: ['_entities', missing[e.path[1]] ?? e.path[1], ...e.path.slice(2)] } : e));
  if (!Array.isArray(fetched) || fetched.length !== missing.length) return { ...result, ...(errors ? { errors } : {}), hits: 0, sharedHits: 0, misses: missing.length };
  if (hint && !errors?.length) {
    const scopeVary = hint.scope === 'PRIVATE' ? vary.caller : vary.shared;
    cache.set(missing.map((i, j) => ({ key: `${base}${scopeVary}\u0000${repKeys[i]}`, value: JSON.stringify(fetched[j]), skus: skusOf(representations[i]) })), hint, startedAt);
  }
  const byPosition = new Map(missing.map((i, j) => [i, fetched[j]]));
  return {
    ...result,
    data: { ...result.data, _entities: representations.map((_, i) => (byPosition.has(i) ? byPosition.get(i) : parse(i))) },
    ...(errors ? { errors } : {}),
    hits,
    sharedHits,
    misses: missing.length,
  };
}

import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import { CONTEXT_HEADER, signContext } from '@ucg/request-context';
import type { GatewayContext } from './context.ts';
import type { EntityCache } from './entity-cache/entity-cache.ts';
import { fetchEntitiesThroughCache, hintOf, isEntityQuery } from './entity-cache/through-cache.ts';
import { ErrorCode, gatewayError } from './errors.ts';
import type { FetchDeduplicator } from './fetch-dedupe.ts';
import type { GatewayMetrics } from './plugins/metrics/index.ts';
import { isCircuitOpen, type SubgraphBreaker } from './subgraph-breaker.ts';
import type { Span, Tracing } from './tracing/index.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type ProcessResult = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface SubgraphFetchOptions {
  /** Per-request deadline for this subgraph, in ms. @default 10000 */
  timeoutMs: number;
  /** Keep-alive connection pool shared by every subgraph. */
  agent: Agent;
  /** Shares identical queries in flight; each fetch on its own when omitted. */
  dedupe?: FetchDeduplicator;
  /** This subgraph's circuit: fetches fail fast while it is open. */
  breaker?: SubgraphBreaker;
  /** Records each fetch's HTTP status on its span when tracing is on. */
  tracing?: Tracing;
}

/**
 * Set by the data source on queries that may share a fetch: who is asking, in what context (the
 * signed header differs per request, so it cannot be the key). Never leaves the gateway.
 */
const DEDUPE_HEADER = 'x-ucg-dedupe-key';
const mutation = /^\s*mutation\b/;
/** Differ per request without changing the answer, so they never keep two queries from sharing a fetch. */
const traceHeaders = new Set(['traceparent', 'tracestate']);

/**
 * A `fetch` for RemoteGraphQLDataSource on undici's keep-alive pool (instead of make-fetch-happen,
 * which opens connections far more eagerly), with this subgraph's deadline on every call, through
 * its circuit breaker, and identical queries in flight shared when a deduplicator is given (the
 * breaker guards the one real fetch: requests sharing it count once).
 */
export function keepAliveFetcher(options: SubgraphFetchOptions): Fetcher {
  return ((url: string, init?: { signal?: AbortSignal; headers?: Record<string, string>; body?: string } & Record<string, unknown>) => {
    const call = () => {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
      return undiciFetch(url, { ...(init as object), signal, dispatcher: options.agent });
    };
    const { breaker, dedupe, tracing } = options;
    const send = breaker ? () => breaker.run(call) : call;
    const key = init?.headers?.[DEDUPE_HEADER];
    if (key !== undefined) delete init!.headers![DEDUPE_HEADER];
    const fetched = key !== undefined && dedupe ? dedupe.fetch(`${url}\n${key}\n${init!.body ?? ''}`, send) : send();
    if (!tracing) return fetched;
    return fetched.then((res) => {
      tracing.active()?.setAttribute('http.response.status_code', res.status);
      return res;
    });
  }) as unknown as Fetcher;
}

/** One pool for all subgraphs: undici keeps `connections` sockets per origin alive between requests. */
export function createSubgraphAgent(connections: number): Agent {
  return new Agent({ connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, pipelining: 1 });
}

export interface DataSourceOptions extends SubgraphFetchOptions {
  name: string;
  /** Entities of query fetches served from here when the subgraph allowed reuse (see entity-cache/). */
  entityCache?: EntityCache;
  url: string;
  contextSecret: string;
  metrics?: GatewayMetrics;
}

/** `extensions.reason` of a SUBGRAPH_UNAVAILABLE error given without calling the subgraph (its circuit is open). */
export const SUBGRAPH_CIRCUIT_OPEN = 'SUBGRAPH_CIRCUIT_OPEN';

function isTimeout(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  }
  return false;
}

/**
 * Every subgraph fetch carries the shopper's context and the caller's identity in one signed
 * header, the request id, and only the client headers the allowlist names. Failures reach the
 * client as `SUBGRAPH_TIMEOUT` or `SUBGRAPH_UNAVAILABLE` (with `reason: SUBGRAPH_CIRCUIT_OPEN` when
 * refused by the subgraph's open circuit), never with the subgraph's response body. Traced, each
 * fetch is a span (`subgraph <name>`) whose context the subgraph receives as `traceparent`.
 */
export class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly options: DataSourceOptions;
  /** The subgraph's Cache-Control per request sent (by its variables object: the one thing the gateway passes on as is), for the entity cache. */
  private readonly cacheControlOf = new WeakMap<object, string | null>();

  constructor(options: DataSourceOptions) {
    super({ url: options.url, fetcher: keepAliveFetcher(options) });
    this.options = options;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run without a client request (and so without context).
    if (!context?.shopper) return;
    const headers = request.http!.headers;
    const forwarded = Object.entries(context.forwardHeaders as Record<string, string>);
    for (const [name, value] of forwarded) headers.set(name, value);
    // Traced: the subgraph's parent is this fetch's span, not the client's.
    this.options.tracing?.inject(headers);
    headers.set('x-request-id', context.requestId);
    headers.set(CONTEXT_HEADER, signContext({ requestId: context.requestId, ...context.shopper, ...context.identity, issuedAt: Date.now() }, this.options.contextSecret));
    if (this.options.dedupe && request.query && !mutation.test(request.query)) {
      headers.set(DEDUPE_HEADER, JSON.stringify([context.shopper, context.identity, forwarded.filter(([name]) => !traceHeaders.has(name))]));
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    // Warm-up plans operations without calling anyone.
    if ((options.context as GatewayContext | undefined)?.warmup) return { data: null };
    const { tracing, name, url } = this.options;
    return tracing ? tracing.subgraphFetch(name, url, (span) => this.measured(options, span)) : this.measured(options);
  }

  private async measured(options: GraphQLDataSourceProcessOptions<GatewayContext>, span?: Span): Promise<ProcessResult> {
    const started = performance.now();
    try {
      const result = await this.fetchOrCache(options);
      span?.setAttribute('ucg.outcome', 'ok');
      return result;
    } catch (error) {
      const extensions = (error as { extensions?: { code?: string; reason?: string } }).extensions;
      this.options.metrics?.subgraphErrors.inc({ subgraph: this.options.name, code: extensions?.code ?? 'UNKNOWN' });
      span?.setAttribute('ucg.outcome', extensions?.reason ?? extensions?.code ?? 'UNKNOWN');
      throw error;
    } finally {
      this.options.metrics?.subgraphLatency.observe({ subgraph: this.options.name }, (performance.now() - started) / 1000);
    }
  }

  override didReceiveResponse({ request, response }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    if (request.variables) this.cacheControlOf.set(request.variables, response.http?.headers.get('cache-control') ?? null);
    return response;
  }

  private async fetchOrCache(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    const cache = this.options.entityCache;
    if (!cache || !options.context?.shopper || !isEntityQuery(options)) return super.process(options);
    const { shopper, identity, forwardHeaders } = options.context;
    const forwarded = Object.entries(forwardHeaders as Record<string, string>).filter(([name]) => !traceHeaders.has(name));
    const vary = { shared: JSON.stringify([shopper, forwarded]), caller: JSON.stringify([shopper, identity, forwarded]) };
    const { hits, sharedHits, misses, ...result } = await fetchEntitiesThroughCache(cache, this.options.name, vary, options, async (sent) => {
      const fetched = await super.process(sent);
      return { result: fetched as never, hint: hintOf(this.cacheControlOf.get(sent.request.variables!)) };
    });
    if (hits) this.options.metrics?.entityCache.inc({ subgraph: this.options.name, result: 'hit' }, hits);
    if (sharedHits) this.options.metrics?.entityCache.inc({ subgraph: this.options.name, result: 'shared_hit' }, sharedHits);
    if (misses) this.options.metrics?.entityCache.inc({ subgraph: this.options.name, result: 'miss' }, misses);
    return result as ProcessResult;
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    const { name, timeoutMs } = this.options;
    if (isCircuitOpen(error)) throw gatewayError(ErrorCode.SUBGRAPH_UNAVAILABLE, `subgraph "${name}" is unavailable: it failed repeatedly and is not called for now`, { extensions: { serviceName: name, reason: SUBGRAPH_CIRCUIT_OPEN } });
    if (isTimeout(error)) throw gatewayError(ErrorCode.SUBGRAPH_TIMEOUT, `subgraph "${name}" did not answer within ${timeoutMs} ms`, { extensions: { serviceName: name } });
    const detail = response && !response.status.toString().startsWith('2') ? `answered HTTP ${response.status}` : 'could not be reached or answered malformed data';
    throw gatewayError(ErrorCode.SUBGRAPH_UNAVAILABLE, `subgraph "${name}" ${detail}`, { extensions: { serviceName: name } });
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { apolloHandler, headerMapOf, parseGraphqlBody, readGraphqlText, writeApolloResponse, type Logger, type RouteHandler } from '@ucg/service-kit';
import type { GatewayContext } from '../context.ts';
import type { GatewayMetrics } from '../plugins/metrics/index.ts';
import { askedOf, callerOf, sendCached, type CacheOutcome, type ResponseCache } from '../response-cache/index.ts';
import type { Span, Tracing } from '../tracing/index.ts';

const requestIdPattern = /^[\w.:-]{1,128}$/;

export interface GraphqlRouteOptions {
  maxBodyBytes: number;
  logger: Logger;
  metrics?: GatewayMetrics;
  /** Whole-response cache for queries; off when omitted. */
  responseCache?: ResponseCache;
  /**
   * Whether a caller with credentials may be answered from the cache now (their rate limit);
   * when not, the request runs through Apollo Server, whose plugins refuse it properly.
   */
  mayServeCached?: (context: GatewayContext) => Promise<boolean>;
  /** One span per request when tracing is on. */
  tracing?: Tracing;
  /** Builds the per-request context; `requestId` is already chosen. */
  context: (req: IncomingMessage, requestId: string) => Promise<GatewayContext>;
}

interface Pending {
  requestId: string;
  context?: GatewayContext;
  /** Set when the answer came from the response cache (no operation ran). */
  cachedOperation?: string;
  cacheOutcome?: CacheOutcome;
}

/** A request as Apollo Server takes it, its body (POST) read but parsed only when it must run. */
interface GraphqlRequest {
  method: string;
  search: string;
  text?: string;
}

const hasCredentials = (req: IncomingMessage) => req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;

/**
 * `/graphql`: a request id for every request (the client's `x-request-id` when well-formed, echoed
 * back), then the response cache (GET; POST from callers with credentials), then Apollo Server, then one count and
 * one latency sample per request, whatever its fate.
 */
export function graphqlRoute(apollo: ApolloServer<GatewayContext>, options: GraphqlRouteOptions): RouteHandler {
  const pending = new WeakMap<IncomingMessage, Pending>();
  // Built once per request: the cache may need the caller's identity before Apollo Server runs.
  const contextFor = async (req: IncomingMessage) => {
    const entry = pending.get(req)!;
    return (entry.context ??= await options.context(req, entry.requestId));
  };
  const handler = apolloHandler(apollo, { maxBodyBytes: options.maxBodyBytes, context: contextFor });
  const cache = options.responseCache;

  /**
   * Runs a request through Apollo Server. A POST body is parsed only now: an answer served from the
   * cache never needs it (it was stored for the very same text, which parsed).
   */
  const execute = async (req: IncomingMessage, request: GraphqlRequest): Promise<HTTPGraphQLResponse> => {
    let body: unknown;
    if (request.text !== undefined) {
      const parsed = parseGraphqlBody(request.text, req.headers['content-type']);
      if (!('body' in parsed)) return refusal(parsed.status, parsed.code, parsed.message);
      body = parsed.body;
    }
    return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: request.method, search: request.search, body, headers: headerMapOf(req) }, context: () => contextFor(req) });
  };

  const passThrough = async (req: IncomingMessage, res: ServerResponse, request: GraphqlRequest): Promise<CacheOutcome> => {
    res.setHeader('x-ucg-cache', 'PASS');
    await writeApolloResponse(res, await execute(req, request));
    return 'PASS';
  };

  /** Runs a request through Apollo Server and says what the cache may keep of it. */
  const produce = async (req: IncomingMessage, request: GraphqlRequest, perCaller: boolean) => {
    const response = await execute(req, request);
    if (response.body.kind !== 'complete') return { result: response };
    const stats = pending.get(req)?.context?.stats;
    return {
      result: response,
      admit: { status: response.status ?? 200, cacheControl: response.headers.get('cache-control'), contentType: response.headers.get('content-type'), body: response.body.string, operation: stats?.operation ?? '(none)', operationType: stats?.operationType, perCaller },
    };
  };

  const refresh = async (cache: ResponseCache, key: string, req: IncomingMessage, request: GraphqlRequest, perCaller: boolean) => {
    try {
      await cache.lead(key, () => produce(req, request, perCaller));
    } catch (error) {
      options.logger.warn({ err: error }, 'background refresh of a cached response failed; the stale answer stays until its max-age');
    }
  };

  /** Whether this caller may get a stored answer now (a caller with credentials draws on their rate limit). */
  const mayServe = async (entry: Pending) => !entry.context || !options.mayServeCached || options.mayServeCached(entry.context);

  const throughCache = async (cache: ResponseCache, key: string, req: IncomingMessage, res: ServerResponse, request: GraphqlRequest, entry: Pending): Promise<CacheOutcome> => {
    const perCaller = entry.context !== undefined && callerOf(entry.context.identity) !== undefined;
    const now = Date.now();
    const found = cache.lookup(key, now);
    if (found && (await mayServe(entry))) {
      entry.cachedOperation = found.entry.operation;
      sendCached(req, res, found.entry, found.stale ? 'STALE' : 'HIT', now);
      // This request refreshes the stale entry after its answer is sent; identical ones get the stale answer meanwhile.
      if (found.stale && !cache.fetching(key)) void refresh(cache, key, req, request, perCaller);
      return found.stale ? 'STALE' : 'HIT';
    }
    if (found) return passThrough(req, res, request);
    const inflight = cache.waitFor(key, now);
    if (inflight) {
      const shared = await inflight;
      if (!shared || !(await mayServe(entry))) return passThrough(req, res, request);
      entry.cachedOperation = shared.operation;
      sendCached(req, res, shared, 'COALESCED');
      return 'COALESCED';
    }
    if (cache.passing(key, now)) return passThrough(req, res, request);
    const { result, entry: stored } = await cache.lead(key, () => produce(req, request, perCaller));
    if (stored) {
      sendCached(req, res, stored, 'MISS');
      return 'MISS';
    }
    res.setHeader('x-ucg-cache', 'MISS');
    await writeApolloResponse(res, result);
    return 'MISS';
  };

  /**
   * The cache's key for this request (empty when it may not be cached), its body read (POST) and, for
   * a caller with credentials, their identity verified; `undefined` when the cache does not apply and
   * nothing was read, `null` when a response went out already.
   */
  const cacheable = async (cache: ResponseCache, req: IncomingMessage, res: ServerResponse, url: URL): Promise<{ key: string; request: GraphqlRequest } | undefined | null> => {
    if (req.method !== 'GET' && req.method !== 'POST') return undefined;
    const credentials = hasCredentials(req);
    if (credentials && !cache.privateAnswers) return undefined;
    // An anonymous POST runs every time, as before POSTs were cached at all: a storefront reading
    // stock by POST right after its own cartLinesAdd must see the reservation, and without Redis
    // (embedded mode) no stock event would drop the cached answer first.
    if (req.method === 'POST' && !credentials) return undefined;
    const request: GraphqlRequest = { method: req.method, search: url.search };
    if (req.method === 'POST') {
      const text = await readGraphqlText(req, res, options.maxBodyBytes);
      if (text === undefined) return null;
      request.text = text;
    }
    let caller: string | undefined;
    if (credentials) {
      try {
        caller = callerOf((await contextFor(req)).identity);
      } catch {
        // A credential that does not verify: Apollo Server answers it with its proper error.
        return { key: '', request };
      }
    }
    // Once the body is read, the request goes on with it (as `request`) even when it cannot be cached.
    return { key: cache.keyOf(req, askedOf(req, url, request.text), caller) ?? '', request };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL, span?: Span) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const entry: Pending = { requestId };
    pending.set(req, entry);
    try {
      const found = cache ? await cacheable(cache, req, res, url) : undefined;
      if (found === null) return;
      if (cache && found?.key) {
        const outcome = (entry.cacheOutcome = await throughCache(cache, found.key, req, res, found.request, entry));
        options.metrics?.responseCache.inc({ result: outcome.toLowerCase() });
      } else if (found) {
        await writeApolloResponse(res, await execute(req, found.request));
      } else {
        await handler(req, res, url);
      }
    } finally {
      const context = entry.context;
      const status = String(res.statusCode);
      const labels = { operation: entry.cachedOperation ?? context?.stats.operation ?? '(none)', client: context?.clientKind ?? (entry.cachedOperation ? 'anonymous' : 'unknown') };
      options.metrics?.requests.inc({ ...labels, status });
      options.metrics?.latency.observe(labels, (performance.now() - started) / 1000);
      if (span) {
        options.tracing!.describeRequest(span, {
          method: req.method ?? 'GET',
          status: res.statusCode,
          requestId,
          clientKind: labels.client,
          ...(context ? { stats: context.stats } : {}),
          ...(entry.cachedOperation ? { cachedOperation: entry.cachedOperation } : {}),
          ...(entry.cacheOutcome ? { cache: entry.cacheOutcome } : {}),
        });
      }
      if (res.statusCode >= 500) options.logger.warn({ requestId, status: res.statusCode, ...labels }, 'request failed');
      else options.logger.debug({ requestId, status: res.statusCode, ...labels, ms: Math.round(performance.now() - started) }, 'request');
    }
  };

  const tracing = options.tracing;
  return tracing ? (req, res, url) => tracing.request(req.headers, (span) => serve(req, res, url, span)) : serve;
}

/** An error answer in Apollo Server's shape, for a request refused before it ran. */
function refusal(status: number, code: string, message: string): HTTPGraphQLResponse {
  const headers = new HeaderMap([['content-type', 'application/json; charset=utf-8']]);
  return { status, headers, body: { kind: 'complete', string: JSON.stringify({ errors: [{ message, extensions: { code } }] }) } };
}

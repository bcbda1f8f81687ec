import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { apolloHandler, type Logger, type RouteHandler } from '@ucg/service-kit';
import type { GatewayContext } from '../context.ts';
import type { GatewayMetrics } from '../plugins/metrics/index.ts';
import { sendCached, type CacheOutcome, type ResponseCache } from '../response-cache/index.ts';
import type { Span, Tracing } from '../tracing/index.ts';

const requestIdPattern = /^[\w.:-]{1,128}$/;

export interface GraphqlRouteOptions {
  maxBodyBytes: number;
  logger: Logger;
  metrics?: GatewayMetrics;
  /** Whole-response cache for anonymous GET requests; off when omitted. */
  responseCache?: ResponseCache;
  /** One span per request when tracing is on. */
  tracing?: Tracing;
  /** Builds the per-request context; `requestId` is already chosen. */
  context: (req: IncomingMessage, requestId: string) => Promise<GatewayContext>;
}

interface Pending {
  requestId: string;
  context?: GatewayContext;
  /** Set when the answer came from the response cache (no context was built). */
  cachedOperation?: string;
  cacheOutcome?: CacheOutcome;
}

async function writeResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * `/graphql`: a request id for every request (the client's `x-request-id` when well-formed, echoed
 * back), then the response cache for anonymous GET requests, then Apollo Server, then one count
 * and one latency sample per request, whatever its fate.
 */
export function graphqlRoute(apollo: ApolloServer<GatewayContext>, options: GraphqlRouteOptions): RouteHandler {
  const pending = new WeakMap<IncomingMessage, Pending>();
  const contextFor = async (req: IncomingMessage) => {
    const entry = pending.get(req)!;
    return (entry.context = await options.context(req, entry.requestId));
  };
  const handler = apolloHandler(apollo, { maxBodyBytes: options.maxBodyBytes, context: contextFor });
  const cache = options.responseCache;

  const executeGet = (req: IncomingMessage, url: URL): Promise<HTTPGraphQLResponse> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    return apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: 'GET', headers, search: url.search, body: undefined }, context: () => contextFor(req) });
  };

  const passThrough = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<CacheOutcome> => {
    res.setHeader('x-ucg-cache', 'PASS');
    await writeResponse(res, await executeGet(req, url));
    return 'PASS';
  };

  /** Runs a GET through Apollo Server and says what the cache may keep of it. */
  const produce = async (req: IncomingMessage, url: URL) => {
    const response = await executeGet(req, url);
    if (response.body.kind !== 'complete') return { result: response };
    const operation = pending.get(req)?.context?.stats.operation ?? '(none)';
    return { result: response, admit: { status: response.status ?? 200, cacheControl: response.headers.get('cache-control'), contentType: response.headers.get('content-type'), body: response.body.string, operation } };
  };

  const refresh = async (cache: ResponseCache, key: string, req: IncomingMessage, url: URL) => {
    try {
      await cache.lead(key, () => produce(req, url));
    } catch (error) {
      options.logger.warn({ err: error }, 'background refresh of a cached response failed; the stale answer stays until its max-age');
    }
  };

  const throughCache = async (cache: ResponseCache, key: string, req: IncomingMessage, res: ServerResponse, url: URL, entry: Pending): Promise<CacheOutcome> => {
    const now = Date.now();
    const found = cache.lookup(key, now);
    if (found) {
      entry.cachedOperation = found.entry.operation;
      sendCached(req, res, found.entry, found.stale ? 'STALE' : 'HIT', now);
      // This request refreshes the stale entry after its answer is sent; identical ones get the stale answer meanwhile.
      if (found.stale && !cache.fetching(key)) void refresh(cache, key, req, url);
      return found.stale ? 'STALE' : 'HIT';
    }
    const inflight = cache.waitFor(key, now);
    if (inflight) {
      const shared = await inflight;
      if (!shared) return passThrough(req, res, url);
      entry.cachedOperation = shared.operation;
      sendCached(req, res, shared, 'COALESCED');
      return 'COALESCED';
    }
    if (cache.passing(key, now)) return passThrough(req, res, url);
    const { result, entry: stored } = await cache.lead(key, () => produce(req, url));
    if (stored) {
      sendCached(req, res, stored, 'MISS');
      return 'MISS';
    }
    res.setHeader('x-ucg-cache', 'MISS');
    await writeResponse(res, result);
    return 'MISS';
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL, span?: Span) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    const entry: Pending = { requestId };
    pending.set(req, entry);
    try {
      const key = cache?.keyOf(req, url);
      if (cache && key !== undefined) {
        const outcome = (entry.cacheOutcome = await throughCache(cache, key, req, res, url, entry));
        options.metrics?.responseCache.inc({ result: outcome.toLowerCase() });
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

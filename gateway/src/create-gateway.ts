import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createHttpService, type HttpService, type Logger } from '@ucg/service-kit';
import { subscribeStockChanges } from '@ucg/stock-ledger';
import { createStore, type Store } from '@ucg/store';
import type { Identity } from '@ucg/request-context';
import type { GatewayConfig } from './config.ts';
import { clientKindOf, type GatewayContext } from './context.ts';
import { createSubgraphAgent, SignedContextDataSource } from './data-source.ts';
import { createFormatError } from './errors.ts';
import { FetchDeduplicator } from './fetch-dedupe.ts';
import { graphqlRoute } from './http/graphql-route.ts';
import { operatorRoutes } from './operators/routes.ts';
import { warmOperations } from './operators/warmup.ts';
import { authorizationPlugin } from './plugins/authorization/index.ts';
import { identityResolver } from './plugins/identity/index.ts';
import { limitsPlugin } from './plugins/limits/index.ts';
import { GatewayMetrics, metricsPlugin } from './plugins/metrics/index.ts';
import { loadManifests, persistedOperationsPlugin, StoreKeyValueCache, type PersistedOperation } from './plugins/persisted-operations/index.ts';
import { rateLimitPlugin, takeToken } from './plugins/rate-limit/index.ts';
import { EntityCache } from './entity-cache/entity-cache.ts';
import { SharedEntityTier } from './entity-cache/shared-tier.ts';
import { ResponseCache, responseCachePlugin } from './response-cache/index.ts';
import { shopperContextPlugin } from './plugins/shopper-context/index.ts';
import { supergraphSource } from './supergraph/load-supergraph.ts';
import { SupergraphState } from './supergraph/state.ts';
import { SubgraphBreakers } from './subgraph-breaker.ts';
import { tracingPlugin } from './plugins/tracing/index.ts';
import { startTracing, type Tracing } from './tracing/index.ts';

export interface Gateway {
  http: HttpService;
  apollo: ApolloServer<GatewayContext>;
  metrics?: GatewayMetrics;
  /** OpenTelemetry, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  tracing?: Tracing;
  /** Resolves once manifest operations are planned (at once when warm-up is off). */
  warmed: () => Promise<void>;
}

export interface GatewayOptions {
  /** The shared store (APQ cache, rate-limit buckets); built from the configuration when omitted. */
  store?: Store;
  /** The metrics registry to fill (made here when omitted and metrics are on). */
  metrics?: GatewayMetrics;
  /** `/metrics` text of every worker together, when this process is one of several (node:cluster). */
  clusterMetrics?: () => Promise<string>;
}

/** Whom rate limits count against. Customer emails are hashed so they never appear as store keys. */
function clientIdOf(identity: Identity, req: IncomingMessage, trustProxy: boolean): string {
  if (identity.partner) return `partner:${identity.partner.companyId}`;
  if (identity.staff) return `staff:${identity.staff.subject}`;
  if (identity.customer) return `customer:${createHash('sha256').update(identity.customer.email).digest('hex').slice(0, 24)}`;
  const forwarded = trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim() : '';
  return `ip:${forwarded || req.socket.remoteAddress || 'unknown'}`;
}

/**
 * The gateway: @apollo/gateway on the composed supergraph (hot-reloaded), with one Apollo Server
 * plugin per concern. Each feature is on when its configuration is present.
 */
export async function createGateway(config: GatewayConfig, logger: Logger, options: GatewayOptions = {}): Promise<Gateway> {
  const { production } = config;
  const tracing = config.tracing ? await startTracing(config.tracing, logger) : undefined;
  const metrics = config.metrics ? (options.metrics ?? new GatewayMetrics()) : undefined;
  const breakers = config.subgraphs.breaker ? new SubgraphBreakers(config.subgraphs.breaker, { logger, ...(metrics ? { metrics } : {}) }) : undefined;
  const store = options.store ?? createStore(config.store);
  const state = new SupergraphState();
  const agent = createSubgraphAgent(config.subgraphs.connections);
  const manifests = loadManifests(config.persistedOperations.manifestDir);

  const onShared = (subgraph: string) => {
    metrics?.subgraphDeduplicated.inc({ subgraph });
    tracing?.active()?.setAttribute('ucg.deduplicated', true);
  };
  // One per process, shared by every subgraph's data source (keys start with the subgraph's name).
  const sharedEntities = config.entityCache?.shared ? new SharedEntityTier(store, (error) => logger.warn({ err: error }, 'shared entity cache unavailable; entities are fetched')) : undefined;
  const entityCache = config.entityCache ? new EntityCache(config.entityCache, sharedEntities) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphSource({ ...config.supergraph, logger, onReload: (outcome) => metrics?.supergraphReloads.inc({ outcome }) }),
    buildService: ({ name, url }) =>
      new SignedContextDataSource({
        name,
        url: config.subgraphs.urls[name] ?? url!,
        contextSecret: config.contextSecret,
        timeoutMs: config.subgraphs.timeoutsMs[name] ?? config.subgraphs.timeoutMs,
        agent,
        ...(config.subgraphs.dedupe ? { dedupe: new FetchDeduplicator(() => onShared(name)) } : {}),
        ...(breakers ? { breaker: breakers.for(name) } : {}),
        ...(entityCache ? { entityCache } : {}),
        ...(metrics ? { metrics } : {}),
        ...(tracing ? { tracing } : {}),
      }),
    logger,
  });

  const plugins: ApolloServerPlugin<GatewayContext>[] = [];
  if (metrics) plugins.push(metricsPlugin(metrics));
  if (tracing) plugins.push(tracingPlugin());
  if (config.responseCache) plugins.push(responseCachePlugin());
  if (config.rateLimit) plugins.push(rateLimitPlugin(config.rateLimit, { store, logger }));
  if (config.persistedOperations) plugins.push(persistedOperationsPlugin(config.persistedOperations, { manifests, onManifestHit: () => metrics?.apqLookups.inc({ result: 'manifest' }) }));
  if (config.shopperContext) plugins.push(shopperContextPlugin(config.shopperContext));
  // Limits before authorization: cost is estimated on the operation as the client sent it.
  const limits = config.limits ? limitsPlugin(config.limits, { policies: state.policies }) : undefined;
  if (limits) plugins.push(limits);
  if (config.authorization) plugins.push(authorizationPlugin({ ...config.authorization, policies: state.policies, onDenied: (code) => metrics?.errors.inc({ code }) }));
  if (production) plugins.push(ApolloServerPluginLandingPageDisabled());

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins,
    logger,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    csrfPrevention: production,
    formatError: createFormatError({ production, onError: (code) => metrics?.errors.inc({ code }) }),
    ...(limits ? { validationRules: limits.validationRules, parseOptions: limits.parseOptions } : {}),
    persistedQueries: {
      cache: new StoreKeyValueCache(store, logger, (hit) => metrics?.apqLookups.inc({ result: hit ? 'hit' : 'miss' })),
      ttl: config.persistedOperations.apqTtlS,
    },
  });

  // Warm-up runs after every (re)load; /ready waits for it.
  const operations = new Map<string, PersistedOperation>();
  for (const ops of manifests.values()) for (const [id, op] of ops) operations.set(id, op);
  let started = false;
  let warming: Promise<void> = Promise.resolve();
  let warmedFlag = !config.warmup;
  const warm = () => {
    if (!config.warmup) return;
    warmedFlag = false;
    warming = warming.then(async () => {
      const t0 = performance.now();
      try {
        const outcome = await warmOperations(apollo, operations.values(), logger);
        logger.info({ ...outcome, ms: Math.round(performance.now() - t0) }, 'operation plans warmed');
      } catch (error) {
        logger.warn({ err: error }, 'warm-up failed; plans will be built on first use');
      }
      warmedFlag = true;
    });
  };
  const responseCache = config.responseCache ? new ResponseCache(config.responseCache) : undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    state.update(coreSupergraphSdl);
    // Answers planned on the old supergraph may not be what the new one gives.
    responseCache?.clear();
    entityCache?.clear();
    if (started) warm();
  });

  // Stock moves announced by the stock ledger (on the shared store) drop the answers showing them.
  const onStockChanged = (skus: readonly string[]) => {
    const dropped = responseCache?.stockChanged(skus) ?? 0;
    if (dropped > 0) metrics?.responseCacheInvalidations.inc(dropped);
    entityCache?.stockChanged(skus);
  };
  const unsubscribeStock = responseCache || entityCache
    ? await subscribeStockChanges(store, onStockChanged).then(
        (unsubscribe) => {
          // From now on this process hears of every change: entities others fetched may be trusted.
          entityCache?.listening();
          return unsubscribe;
        },
        (error: unknown) => {
          logger.warn({ err: error }, 'stock change announcements unavailable; cached answers expire by TTL only');
          return undefined;
        },
      )
    : undefined;

  await apollo.start();
  started = true;
  warm();

  const resolveIdentity = identityResolver(config.identity);
  const propagate = config.subgraphs.propagateHeaders;
  const graphql = graphqlRoute(apollo, {
    maxBodyBytes: config.maxBodyBytes,
    logger,
    ...(metrics ? { metrics } : {}),
    ...(responseCache ? { responseCache } : {}),
    // A caller with credentials answered from the cache still draws on their rate limit.
    ...(config.rateLimit ? { mayServeCached: async (context: GatewayContext) => (await takeToken(config.rateLimit!, { store, logger }, context)) === 0 } : {}),
    ...(tracing ? { tracing } : {}),
    context: async (req, requestId) => {
      const identity = await resolveIdentity(req);
      const forwardHeaders: Record<string, string> = {};
      for (const name of propagate) {
        const value = req.headers[name];
        if (typeof value === 'string') forwardHeaders[name] = value;
      }
      return {
        requestId,
        identity,
        clientKind: clientKindOf(identity),
        clientId: clientIdOf(identity, req, config.trustProxy),
        forwardHeaders,
        // Replaced by the shopper-context plugin once the operation (and its @inContext) is known.
        shopper: { country: 'US', language: 'en', currency: 'USD' },
        logger: logger.child({ requestId }),
        stats: {},
      };
    },
  });

  const http = createHttpService({
    name: 'gateway',
    logger,
    routes: [{ path: '/graphql', handler: graphql }, ...operatorRoutes({ supergraph: state, store, warmed: () => warmedFlag, ...(metrics ? { metrics } : {}), ...(options.clusterMetrics ? { metricsText: options.clusterMetrics } : {}) })],
    onClose: async () => {
      await unsubscribeStock?.().catch(() => {});
      await apollo.stop();
      await agent.close();
      if (!options.store) await store.close();
      await tracing?.shutdown();
    },
  });
  return { http, apollo, ...(metrics ? { metrics } : {}), ...(tracing ? { tracing } : {}), warmed: () => warming };
}

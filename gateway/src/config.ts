import { fileURLToPath } from 'node:url';
import { envUrl, parseConfig } from '@ucg/service-kit';
import { storeConfigFromEnv } from '@ucg/store';
import { z } from 'zod';
import { clientKinds, type ClientKind } from './context.ts';
import { hashApiKey } from './plugins/identity/api-keys.ts';

const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
export const subgraphNames = ['catalog', 'inventory', 'customers', 'orders', 'cart'] as const;

/** The development partner (README): the seeded company `acme`, customer group B2. */
export const devPartnerKey = 'ucg-partner-dev-acme';
const devPartners = [{ keySha256: hashApiKey(devPartnerKey), companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b', 'orders:read'] }];

const partnerSchema = z.object({
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 hex of the key (npm run token -w @ucg/gateway -- --hash-key <key>)'),
  companyId: z.string().min(1),
  customerGroup: z.string().min(1),
  scopes: z.union([z.array(z.string()), z.string().transform((s) => s.split(/\s+/).filter(Boolean))]),
});

const bool = (fallback: boolean) => z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).default(fallback ? 'true' : 'false').transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const list = (fallback: string) => z.string().default(fallback).transform((s) => s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean));
const json = <T extends z.ZodType>(inner: T, fallback: z.input<T>) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return fallback;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(inner);

const costDefaults: Record<ClientKind, number> = { anonymous: 5000, customer: 5000, partner: 25000, staff: 50000 };
const rateDefaults: Record<ClientKind, { burst: number; perSecond: number }> = {
  anonymous: { burst: 120, perSecond: 20 },
  customer: { burst: 240, perSecond: 40 },
  partner: { burst: 300, perSecond: 50 },
  staff: { burst: 600, perSecond: 100 },
};
const upper = (k: string) => k.toUpperCase();

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  UCG_HOST: z.string().default('127.0.0.1'),
  /** The supergraph composed by `npm run compose`. */
  SUPERGRAPH_PATH: z.string().default(repoFile('schema/supergraph.graphql')),
  /** Reload the supergraph when the file changes. */
  SUPERGRAPH_WATCH: bool(true),
  /** Signs the request context for subgraphs; they share it. */
  CONTEXT_SECRET: z.string().min(16).default('ucg-dev-context-secret'),
  /** HS256 secret for customer and staff tokens in development; use JWKS_URL in production. */
  JWT_SECRET: z.string().min(16).default('ucg-dev-jwt-secret'),
  JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().default('ucg-dev'),
  JWT_AUDIENCE: z.string().default('ucg'),
  /** Clock skew tolerated on exp/nbf/iat, in seconds. */
  JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  /** Partner API keys (JSON): `[{"keySha256","companyId","customerGroup","scopes"}]`. */
  PARTNER_KEYS: json(z.array(partnerSchema), devPartners),
  MANIFEST_DIR: z.string().default(repoFile('schema/manifests')),
  PQ_SAFELIST_KINDS: list('partner').pipe(z.array(z.enum(clientKinds as [ClientKind, ...ClientKind[]]))),
  APQ_TTL_S: int(86_400),
  MAX_BODY_BYTES: int(1_048_576),
  MAX_DEPTH: int(15),
  MAX_ALIASES: int(30),
  MAX_DIRECTIVES: int(50),
  MAX_TOKENS: int(5000),
  COST_DEFAULT_LIST_SIZE: int(10, 0),
  ...Object.fromEntries(clientKinds.map((k) => [`MAX_COST_${upper(k)}`, int(costDefaults[k])])),
  RATE_LIMIT_ENABLED: bool(true),
  ...Object.fromEntries(clientKinds.flatMap((k) => [[`RATE_LIMIT_${upper(k)}_BURST`, int(rateDefaults[k].burst)], [`RATE_LIMIT_${upper(k)}_PER_S`, z.coerce.number().positive().default(rateDefaults[k].perSecond)]])),
  /** Use the first `x-forwarded-for` address for anonymous rate limits (behind a trusted proxy only). */
  TRUST_PROXY: bool(false),
  SUBGRAPH_TIMEOUT_MS: int(10_000),
  ...Object.fromEntries(subgraphNames.map((n) => [`${upper(n)}_TIMEOUT_MS`, z.coerce.number().int().positive().optional()])),
  /** Keep-alive connections per subgraph. */
  SUBGRAPH_CONNECTIONS: int(64),
  /** Client headers forwarded to subgraphs (everything else stays at the gateway). */
  PROPAGATE_HEADERS: list('accept-language,traceparent,tracestate,apollographql-client-name,apollographql-client-version'),
  METRICS_ENABLED: bool(true),
  /** Plan every manifest operation at start and after each supergraph reload, before `/ready` answers 200. */
  WARMUP_ENABLED: bool(true),
  /**
   * Gateway processes (node:cluster workers sharing the port). Measured on the 2-core bench box,
   * a second worker gained little next to the subgraphs and stand-ins sharing the cores, and doubled
   * memory (see bench/README.md), so one is the default; set it to the cores a gateway host has to itself.
   * @default 1
   */
  GATEWAY_WORKERS: int(1),
  /**
   * How far V8 may let the heap grow past what survived the last full collection, in percent (0:
   * V8's own choice, up to 4× on a host with plenty of memory). See `src/heap.ts`. @default 35
   */
  GATEWAY_HEAP_GROWTH_PERCENT: int(35, 0),
  /** Whole-response cache for queries (GET; POST from callers with credentials) whose subgraphs say `public` or `private` with a max-age. */
  RESPONSE_CACHE_ENABLED: bool(true),
  /** Also keep `private` answers (a partner's prices, a customer's account), each for its one caller only. */
  RESPONSE_CACHE_PRIVATE: bool(true),
  /**
   * Longest a cached response is served, whatever the subgraphs allow. With a shared Redis, stock
   * changes reach the gateway as events and drop answers at once, so the subgraphs' max-age (5 s for
   * stock) can be used: default 5000. Without one, only this TTL bounds stock staleness: default 1000.
   */
  RESPONSE_CACHE_MAX_TTL_MS: z.coerce.number().int().positive().optional(),
  /** Within the subgraphs' max-age, answer a stale entry at once while one request refreshes it. */
  RESPONSE_CACHE_STALE_WHILE_REVALIDATE: bool(true),
  RESPONSE_CACHE_MAX_ENTRIES: int(10_000),
  /** Bytes of response bodies kept per gateway process. */
  RESPONSE_CACHE_MAX_BYTES: int(64 * 1024 * 1024),
  /**
   * Entities of subgraph `_entities` fetches for queries, reused per the subgraph's Cache-Control
   * (private ones per caller). On by default only with a shared Redis: stock changes must reach the
   * gateway as events to drop entities at once.
   */
  ENTITY_CACHE_ENABLED: z.enum(['true', 'false']).optional(),
  ENTITY_CACHE_MAX_TTL_MS: int(5000),
  ENTITY_CACHE_MAX_ENTRIES: int(20_000),
  /**
   * Also keep entities in the shared store (Redis), for every gateway process to serve. Off by
   * default: on the bench box it did not pay, with one worker or two (see gateway/README.md).
   */
  ENTITY_CACHE_SHARED: bool(false),
  /** Identical subgraph queries in flight at once (same subgraph, query, variables and caller) share one fetch. */
  SUBGRAPH_DEDUPE_ENABLED: bool(true),
  /** Consecutive failed fetches (network error, timeout, HTTP 5xx) that open a subgraph's circuit; 0 turns breakers off. */
  SUBGRAPH_BREAKER_THRESHOLD: int(5, 0),
  /** How long an open circuit fails fetches fast before one trial fetch may close it again. */
  SUBGRAPH_BREAKER_HALF_OPEN_MS: int(10_000),
  /** OTLP/HTTP base URL (spans go to `<url>/v1/traces`); OpenTelemetry is loaded only when this is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('ucg-gateway'),
  subgraphUrls: z.record(z.string(), z.string().url()),
});

type Env = z.output<typeof envSchema>;
const read = <T>(env: Env, key: string) => (env as unknown as Record<string, T>)[key]!;

function derive(env: Env, sharedStore: boolean) {
  const production = env.NODE_ENV === 'production';
  return {
    production,
    host: env.UCG_HOST,
    supergraph: { path: env.SUPERGRAPH_PATH, watch: env.SUPERGRAPH_WATCH },
    contextSecret: env.CONTEXT_SECRET,
    maxBodyBytes: env.MAX_BODY_BYTES,
    trustProxy: env.TRUST_PROXY,
    identity: {
      jwt: {
        ...(env.JWKS_URL ? { jwksUrl: env.JWKS_URL } : { secret: env.JWT_SECRET }),
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        clockToleranceS: env.JWT_CLOCK_TOLERANCE_S,
      },
      partners: env.PARTNER_KEYS,
    },
    shopperContext: { defaultCountry: 'US', defaultLanguage: 'en' },
    authorization: { cacheSize: 2000 },
    persistedOperations: { manifestDir: env.MANIFEST_DIR, safelistKinds: env.PQ_SAFELIST_KINDS, manifestsByKind: { partner: ['partner'] }, apqTtlS: env.APQ_TTL_S },
    limits: {
      maxDepth: env.MAX_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxDirectives: env.MAX_DIRECTIVES,
      maxTokens: env.MAX_TOKENS,
      defaultListSize: env.COST_DEFAULT_LIST_SIZE,
      maxCost: Object.fromEntries(clientKinds.map((k) => [k, read<number>(env, `MAX_COST_${upper(k)}`)])) as Record<ClientKind, number>,
    },
    rateLimit: env.RATE_LIMIT_ENABLED
      ? { limits: Object.fromEntries(clientKinds.map((k) => [k, { burst: read<number>(env, `RATE_LIMIT_${upper(k)}_BURST`), perSecond: read<number>(env, `RATE_LIMIT_${upper(k)}_PER_S`) }])) as Record<ClientKind, { burst: number; perSecond: number }> }
      : undefined,
    subgraphs: {
      urls: env.subgraphUrls,
      timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
      timeoutsMs: Object.fromEntries(subgraphNames.flatMap((n) => (read<number | undefined>(env, `${upper(n)}_TIMEOUT_MS`) ? [[n, read<number>(env, `${upper(n)}_TIMEOUT_MS`)]] : []))) as Record<string, number>,
      connections: env.SUBGRAPH_CONNECTIONS,
      propagateHeaders: env.PROPAGATE_HEADERS,
      dedupe: env.SUBGRAPH_DEDUPE_ENABLED,
      breaker: env.SUBGRAPH_BREAKER_THRESHOLD > 0 ? { threshold: env.SUBGRAPH_BREAKER_THRESHOLD, halfOpenAfterMs: env.SUBGRAPH_BREAKER_HALF_OPEN_MS } : undefined,
    },
    workers: env.GATEWAY_WORKERS,
    heapGrowthPercent: env.GATEWAY_HEAP_GROWTH_PERCENT,
    entityCache: (env.ENTITY_CACHE_ENABLED ? env.ENTITY_CACHE_ENABLED === 'true' : sharedStore) ? { maxTtlMs: env.ENTITY_CACHE_MAX_TTL_MS, maxEntries: env.ENTITY_CACHE_MAX_ENTRIES, shared: env.ENTITY_CACHE_SHARED } : undefined,
    responseCache: env.RESPONSE_CACHE_ENABLED ? { maxTtlMs: env.RESPONSE_CACHE_MAX_TTL_MS ?? (sharedStore ? 5000 : 1000), staleWhileRevalidate: env.RESPONSE_CACHE_STALE_WHILE_REVALIDATE, privateAnswers: env.RESPONSE_CACHE_PRIVATE, maxEntries: env.RESPONSE_CACHE_MAX_ENTRIES, maxBytes: env.RESPONSE_CACHE_MAX_BYTES } : undefined,
    metrics: env.METRICS_ENABLED ? {} : undefined,
    warmup: env.WARMUP_ENABLED,
    tracing: env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME } : undefined,
  };
}

export type GatewayConfig = ReturnType<typeof derive> & { store: ReturnType<typeof storeConfigFromEnv> };

/** The gateway's configuration from the environment: validated once (every problem reported together), frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const subgraphUrls = Object.fromEntries(subgraphNames.map((n) => [n, envUrl(n, env)]));
  const store = storeConfigFromEnv(env);
  const schema = envSchema.transform((parsed): GatewayConfig => ({ ...derive(parsed, store.redisUrl !== undefined || store.redisClusterNodes !== undefined), store }));
  return parseConfig('gateway', schema, { ...env, subgraphUrls });
}

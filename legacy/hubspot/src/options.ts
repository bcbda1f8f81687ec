import type { SeedOptions } from '@ucg/legacy-seed';

/** HubSpot's API limits, as the stand-in enforces them. */
export interface HubSpotLimits {
  /**
   * Requests per rolling window per private app (HubSpot: 100 for Free/Starter, 190 for
   * Professional/Enterprise private apps). @default 190
   */
  max: number;
  /** The rolling window (`TEN_SECONDLY_ROLLING`). @default 10000 */
  intervalMs: number;
  /** Requests per day (resets at midnight UTC, the portal's time zone). @default 625000 */
  daily: number;
  /** CRM search has its own limit and sends no rate-limit headers. @default 5 */
  searchPerSecond: number;
  /** Search never pages beyond this many results (HubSpot: 10,000); `after` at or past it is a 400. @default 10000 */
  searchMaxTotal: number;
}

export interface HubSpotStandInOptions {
  seed?: SeedOptions;
  /** Private-app access token (Bearer). @default env HUBSPOT_TOKEN or `pat-ucg-dev` */
  token?: string;
  /** Developer API key for the webhooks settings/subscriptions API (`hapikey`). @default env HUBSPOT_DEVELOPER_API_KEY or `ucg-dev-developer-key` */
  developerApiKey?: string;
  /** The public app that owns the webhook subscriptions. @default env HUBSPOT_APP_ID or 1234567 */
  appId?: number;
  /** The app's client secret: signs webhook deliveries (v1 and v3). @default env HUBSPOT_CLIENT_SECRET or `ucg-dev-client-secret` */
  clientSecret?: string;
  /** The HubSpot account ("portal") id. @default env HUBSPOT_PORTAL_ID or 62515 */
  portalId?: number;
  limits?: Partial<HubSpotLimits>;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedOptions {
  seed: SeedOptions | undefined;
  token: string;
  developerApiKey: string;
  appId: number;
  clientSecret: string;
  portalId: number;
  limits: HubSpotLimits;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

/** Options win over environment variables, which win over the dev defaults. */
export function resolveOptions(options: HubSpotStandInOptions): ResolvedOptions {
  const env = options.env ?? process.env;
  const l = options.limits ?? {};
  return {
    seed: options.seed,
    token: options.token ?? env.HUBSPOT_TOKEN ?? 'pat-ucg-dev',
    developerApiKey: options.developerApiKey ?? env.HUBSPOT_DEVELOPER_API_KEY ?? 'ucg-dev-developer-key',
    appId: options.appId ?? envNumber(env, 'HUBSPOT_APP_ID') ?? 1234567,
    clientSecret: options.clientSecret ?? env.HUBSPOT_CLIENT_SECRET ?? 'ucg-dev-client-secret',
    portalId: options.portalId ?? envNumber(env, 'HUBSPOT_PORTAL_ID') ?? 62515,
    limits: {
      max: l.max ?? envNumber(env, 'HUBSPOT_RATE_LIMIT_MAX') ?? 190,
      intervalMs: l.intervalMs ?? envNumber(env, 'HUBSPOT_RATE_LIMIT_INTERVAL_MS') ?? 10_000,
      daily: l.daily ?? envNumber(env, 'HUBSPOT_RATE_LIMIT_DAILY') ?? 625_000,
      searchPerSecond: l.searchPerSecond ?? envNumber(env, 'HUBSPOT_SEARCH_PER_SECOND') ?? 5,
      searchMaxTotal: l.searchMaxTotal ?? 10_000,
    },
  };
}

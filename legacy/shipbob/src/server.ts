import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { ShipBobAccount } from './account.ts';
import { DEFAULT_RATE_LIMIT, DEFAULT_TOKEN } from './constants.ts';
import type { RouteContext } from './context.ts';
import { installGuards, type RequestLogEntry } from './http-guard.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import { registerAccountRoutes } from './routes/account-meta.ts';
import { registerInventoryRoutes } from './routes/inventory.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerShipmentRoutes } from './routes/shipments.ts';
import { registerSimulationRoutes } from './routes/simulate.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { projectSeed } from './seed-projection.ts';
import { WebhookDispatcher } from './webhook-dispatch.ts';

export { API_VERSION } from './constants.ts';

export interface ShipBobStandInOptions {
  seed?: SeedOptions;
  /** Personal access token the API accepts. @default env SHIPBOB_TOKEN, else "shipbob-ucg-dev" */
  token?: string;
  /** Sliding-window rate limit. @default env SHIPBOB_RATE_LIMIT / SHIPBOB_RATE_WINDOW_MS, else 150 per 60 000 ms */
  rateLimit?: { limit?: number; windowMs?: number };
  /** Signs subscriptions created without a `secret`. @default env SHIPBOB_WEBHOOK_SECRET, else a random secret per subscription (as ShipBob) */
  webhookSecret?: string;
  /** Realistic latency unless UCG_LEGACY_LATENCY=off. */
  latency?: { latencyMs: number; jitterMs: number };
  clock?: () => number;
  env?: NodeJS.ProcessEnv;
}

export interface ShipBobStandIn extends StandIn {
  retailer: Retailer;
  /** The live account (replaced on `/__sandbox/reset`). */
  account(): ShipBobAccount;
  limiter: SlidingWindowLimiter;
  /** API calls as the stand-in received them (arrival time, method, url, status). */
  requests: RequestLogEntry[];
}

function envInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** ShipBob Developer API 2026-01 stand-in: the US fulfilment centres of the seed retailer. */
export function createShipBobStandIn(options: ShipBobStandInOptions = {}): ShipBobStandIn {
  const env = options.env ?? process.env;
  const clock = options.clock ?? Date.now;
  const token = options.token ?? env.SHIPBOB_TOKEN ?? DEFAULT_TOKEN;
  const retailer = generateRetailer(options.seed);
  const limiter = new SlidingWindowLimiter(
    options.rateLimit?.limit ?? envInt(env.SHIPBOB_RATE_LIMIT) ?? DEFAULT_RATE_LIMIT.limit,
    options.rateLimit?.windowMs ?? envInt(env.SHIPBOB_RATE_WINDOW_MS) ?? DEFAULT_RATE_LIMIT.windowMs,
    clock,
  );
  const fresh = () => {
    const account = new ShipBobAccount(projectSeed(retailer), clock);
    return { account, dispatcher: new WebhookDispatcher(account, clock) };
  };
  const ctx: RouteContext = { live: fresh(), limiter, clock };
  const requests: RequestLogEntry[] = [];

  const standIn = createStandIn({
    name: 'ShipBob',
    env,
    defaultLatency: options.latency ?? { latencyMs: 180, jitterMs: 120 },
    // ShipBob's edge answers an outage with a bare 503.
    faultReply: (reply) => reply.code(503).send({ statusCode: 503, message: 'The service is temporarily unavailable.' }),
    onReset: () => {
      ctx.live = fresh();
      limiter.reset();
      requests.length = 0;
    },
  });
  const { app } = standIn;
  installGuards(app, ctx, () => token, requests);
  registerAccountRoutes(app, ctx);
  registerInventoryRoutes(app, ctx);
  registerOrderRoutes(app, ctx);
  registerShipmentRoutes(app, ctx);
  registerWebhookRoutes(app, ctx, options.webhookSecret ?? (env.SHIPBOB_WEBHOOK_SECRET || undefined));
  registerSimulationRoutes(app, ctx);
  registerSandboxRoutes(app, ctx, requests);
  return { ...standIn, retailer, account: () => ctx.live.account, limiter, requests };
}

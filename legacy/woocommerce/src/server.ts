import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { assertKeyMayWrite, createAuthenticator, postParams, type SiteOptions } from './auth.ts';
import { WooError, noRoute, permissionError, sendError } from './errors.ts';
import { HostingLayer, rateLimitFromEnv, type RateLimit } from './hosting.ts';
import type { ApiKey, NonceLedger } from './oauth.ts';
import { phpJson } from './php-json.ts';
import { parseQueryPlain, parseStr, toPlain } from './php-query.ts';
import type { RouteContext } from './routes/context.ts';
import { registerCustomerRoutes } from './routes/customers.ts';
import { registerDataRoutes } from './routes/data.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerProductRoutes } from './routes/products.ts';
import { registerSandboxRoutes } from './routes/sandbox.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { WooStore } from './state.ts';
import { WebhookDispatcher, type WebhookDeliveryRecord } from './webhooks.ts';

export interface WooStandInOptions {
  seed?: SeedOptions;
  /** @default env WOO_CONSUMER_KEY ?? "ck_ucg_dev" */
  consumerKey?: string;
  /** @default env WOO_CONSUMER_SECRET ?? "cs_ucg_dev" */
  consumerSecret?: string;
  /** More API keys (e.g. a read-only one). */
  extraKeys?: ApiKey[];
  /** The shop's base currency for product prices. @default env WOO_CURRENCY ?? "USD" */
  currency?: 'USD' | 'EUR' | 'GBP';
  /** The WordPress home URL; by default the origin each request was addressed to. @default env WOO_SITE_URL */
  siteUrl?: string;
  /** Honour `X-Forwarded-Proto: https` from a TLS-terminating proxy. @default true (env WOO_TRUST_FORWARDED_PROTO=false turns it off) */
  trustForwardedProto?: boolean;
  /**
   * Secret for webhooks created without one (WooCommerce itself would generate a random one).
   * @default env WOO_WEBHOOK_SECRET ?? "woo_whsec_ucg_dev"
   */
  defaultWebhookSecret?: string;
  /** The host's rate limit. @default env WOO_RATE_LIMIT ("<requests>/<seconds>"), else off */
  rateLimit?: RateLimit;
  /** Sees every vendor call as it arrives (tests timestamp requests with it). */
  onVendorRequest?: (info: { method: string; url: string; at: number }) => void;
  /** Sees every webhook delivery (and ping) as it is sent. */
  onWebhookDelivery?: (record: WebhookDeliveryRecord) => void;
  env?: NodeJS.ProcessEnv;
}

export interface WooStandIn extends StandIn {
  retailer: Retailer;
  /** The current database (replaced on `/__sandbox/reset`). */
  store(): WooStore;
  webhooks: WebhookDispatcher;
  hosting: HostingLayer;
  nonces: NonceLedger;
}

const isApi = (request: FastifyRequest) => request.url.startsWith('/wp-json/');

/**
 * WooCommerce REST API v3 stand-in (the marketplace store) under `/wp-json/wc/v3/`: products and
 * variations, orders, customers and webhooks, with WooCommerce's authentication (one-legged
 * OAuth 1.0a over HTTP; key/secret as Basic or query string only over HTTPS), paging headers,
 * `WP_Error` bodies and signed webhook deliveries.
 */
export function createWooStandIn(options: WooStandInOptions = {}): WooStandIn {
  const env = options.env ?? process.env;
  const key: ApiKey = {
    consumerKey: options.consumerKey ?? env.WOO_CONSUMER_KEY ?? 'ck_ucg_dev',
    consumerSecret: options.consumerSecret ?? env.WOO_CONSUMER_SECRET ?? 'cs_ucg_dev',
    permissions: 'read_write',
  };
  const currency = options.currency ?? (['USD', 'EUR', 'GBP'].includes(env.WOO_CURRENCY ?? '') ? (env.WOO_CURRENCY as 'USD') : 'USD');
  const site: SiteOptions = {
    ...(options.siteUrl ?? env.WOO_SITE_URL ? { siteUrl: options.siteUrl ?? env.WOO_SITE_URL } : {}),
    trustForwardedProto: options.trustForwardedProto ?? env.WOO_TRUST_FORWARDED_PROTO !== 'false',
  };
  const initialRate = options.rateLimit ?? rateLimitFromEnv(env.WOO_RATE_LIMIT);
  const retailer = generateRetailer(options.seed);
  let store = new WooStore(retailer, currency);
  const auth = createAuthenticator([key, ...(options.extraKeys ?? [])], site);
  const hosting = new HostingLayer(initialRate);
  const webhooks = new WebhookDispatcher(() => store.webhooks.values(), options.onWebhookDelivery);

  const standIn = createStandIn({
    name: 'WooCommerce',
    defaultLatency: { latencyMs: 200, jitterMs: 150 },
    env,
    fastify: { routerOptions: { querystringParser: (s: string) => parseQueryPlain(s) } },
    // PHP-FPM/host outage page: WordPress is not even reached.
    faultReply: (reply) => reply.code(503).type('text/html; charset=utf-8').send('<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>'),
    onReset: () => {
      store = new WooStore(retailer, currency);
      auth.nonces.clear();
      hosting.reset(initialRate);
    },
  });
  const { app } = standIn;

  app.setReplySerializer((payload) => phpJson(payload));
  // WordPress reads an empty JSON body as no parameters rather than an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new WooError('rest_invalid_json', 'Invalid JSON body passed.', 400), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    const php = parseStr(String(body));
    postParams.set(request, php);
    done(null, Object.fromEntries([...php].map(([k, v]) => [k, toPlain(v)])));
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!isApi(request)) return;
    options.onVendorRequest?.({ method: request.method, url: request.url, at: Date.now() });
    return hosting.intercept(request, reply);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!isApi(request)) return;
    try {
      const apiKey = auth.authenticate(request);
      if (!apiKey) {
        if (request.is404) return;
        const isItem = Object.keys((request.params ?? {}) as object).includes('id');
        return sendError(reply, permissionError(request.method, isItem));
      }
      assertKeyMayWrite(apiKey, request.method);
    } catch (error) {
      if (error instanceof WooError) return sendError(reply, error);
      throw error;
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply: FastifyReply) => {
    if (error instanceof WooError) return sendError(reply, error);
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError || error.statusCode === 400) {
      return sendError(reply, new WooError('rest_invalid_json', 'Invalid JSON body passed.', 400));
    }
    return sendError(reply, new WooError('internal_server_error', '<p>There has been a critical error on this website.</p>', 500));
  });

  app.setNotFoundHandler((request, reply) => {
    if (isApi(request)) return sendError(reply, noRoute());
    return reply.code(404).type('text/html; charset=utf-8').send('<html><body><h1>Not Found</h1></body></html>');
  });

  const defaultWebhookSecret = options.defaultWebhookSecret ?? env.WOO_WEBHOOK_SECRET ?? 'woo_whsec_ucg_dev';
  const ctx: RouteContext = { store: () => store, site, webhooks, defaultWebhookSecret };
  registerProductRoutes(app, ctx);
  registerOrderRoutes(app, ctx);
  registerCustomerRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerDataRoutes(app, ctx);
  registerSandboxRoutes(app, ctx, hosting);

  return { ...standIn, retailer, store: () => store, webhooks, hosting, nonces: auth.nonces };
}

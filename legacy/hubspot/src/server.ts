import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer } from '@ucg/legacy-seed';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HubSpotContext } from './context.ts';
import { CrmStore } from './crm-store.ts';
import { errorBody, HubSpotHttpError, invalidProperties, objectNotFound, sendError } from './errors.ts';
import { resolveOptions, type HubSpotStandInOptions } from './options.ts';
import { PropertyCatalog } from './properties.ts';
import { installRateLimitControl, RateLimiter } from './rate-limit.ts';
import { registerBatchRoutes } from './routes/batch.ts';
import { registerObjectRoutes } from './routes/objects.ts';
import { registerSchemaRoutes } from './routes/schema.ts';
import { registerSearchRoutes } from './routes/search.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';
import { Serializer } from './serialize.ts';
import { validateProperties } from './validate.ts';
import { WebhookDispatcher } from './webhook-dispatch.ts';

export type { HubSpotStandInOptions } from './options.ts';

/** One vendor call as the stand-in saw it: tests check pacing against these timestamps. */
export interface RequestRecord {
  /** Arrival (after the sandbox's injected latency). */
  at: number;
  method: string;
  url: string;
  /** The answer's status; 0 while unanswered or when the caller hung up first. */
  status: number;
}

export interface HubSpotStandIn extends StandIn {
  retailer: Retailer;
  store: CrmStore;
  limiter: RateLimiter;
  webhooks: WebhookDispatcher;
  /** Every CRM and webhooks-API call, in arrival order (cleared by `/__sandbox/reset`). */
  requests: RequestRecord[];
}

/** HubSpot's words when the Bearer token is missing or wrong. */
const AUTH_MESSAGE = 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/**
 * HubSpot CRM v3 stand-in: contacts with the retailer's custom loyalty properties, B2B partner
 * companies and their associations, search, batch read/update, GDPR delete, the private-app rate
 * limits with their headers, and signed webhooks configured through the app's webhooks API.
 */
export function createHubSpotStandIn(input: HubSpotStandInOptions = {}): HubSpotStandIn {
  const options = resolveOptions(input);
  const retailer = generateRetailer(options.seed);
  const catalog = new PropertyCatalog(retailer.customerGroups);
  const store = new CrmStore(retailer);
  const initialLimits = { ...options.limits };
  const limiter = new RateLimiter({ ...options.limits });
  const webhooks = new WebhookDispatcher(options);
  store.onChange((events) => webhooks.enqueue(events));
  const requests: RequestRecord[] = [];

  const standIn = createStandIn({
    name: 'HubSpot',
    defaultLatency: { latencyMs: 80, jitterMs: 60 },
    // HubSpot behind its edge during an incident: a 502 with its usual error body.
    faultReply: (reply) => reply.code(502).send(errorBody('INTERNAL_ERROR', 'Bad Gateway')),
    // Webhook settings and subscriptions are the app's configuration, not portal data: a reset keeps them.
    onReset: () => {
      store.reset();
      Object.assign(limiter.limits, initialLimits);
      limiter.reset();
      requests.length = 0;
    },
  });
  const { app } = standIn;
  const ctx: HubSpotContext = { options, store, catalog, serializer: new Serializer(catalog, store), limiter };

  installRequestLog(app, requests);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/crm/')) return;
    if (request.headers.authorization !== `Bearer ${options.token}`) return sendError(reply, 401, 'INVALID_AUTHENTICATION', AUTH_MESSAGE);
    return limiter.check(request, reply);
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof HubSpotHttpError) return sendError(reply, error.statusCode, error.category, error.message, error.extra);
    if (error.statusCode && error.statusCode < 500) return sendError(reply, error.statusCode, 'VALIDATION_ERROR', `Invalid input JSON: ${error.message}`);
    return sendError(reply, 500, 'INTERNAL_ERROR', 'internal error');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'OBJECT_NOT_FOUND', 'resource not found'));

  registerObjectRoutes(app, ctx);
  registerBatchRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerSchemaRoutes(app, ctx);
  registerWebhookRoutes(app, ctx, webhooks);
  installRateLimitControl(app, limiter);
  installSandboxEdit(app, ctx);
  return { ...standIn, retailer, store, limiter, webhooks, requests };
}

function installRequestLog(app: FastifyInstance, requests: RequestRecord[]): void {
  const records = new WeakMap<FastifyRequest, RequestRecord>();
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/crm/') && !request.url.startsWith('/webhooks/')) return;
    // Logged on arrival: a call whose caller hung up before the answer still happened.
    const record: RequestRecord = { at: Date.now(), method: request.method, url: request.url, status: 0 };
    records.set(request, record);
    requests.push(record);
    if (requests.length > 50_000) requests.shift();
  });
  app.addHook('onResponse', async (request, reply) => {
    const record = records.get(request);
    if (record) record.status = reply.statusCode;
  });
}

/**
 * `POST /__sandbox/contact-change {"email", "properties"}`: a user edits the contact in HubSpot's
 * UI (loyalty adjusted by support, say); the change fires webhooks with `changeSource: CRM_UI`.
 */
function installSandboxEdit(app: FastifyInstance, ctx: HubSpotContext): void {
  app.post('/__sandbox/contact-change', async (request, reply) => {
    const body = (request.body ?? {}) as { email?: string; properties?: unknown };
    if (typeof body.email !== 'string') return reply.code(400).send({ code: 'SANDBOX_BAD_CONTACT_CHANGE', message: 'email is required' });
    const record = ctx.store.find('contacts', body.email, 'email');
    if (!record) return objectNotFound(reply, body.email);
    const checked = validateProperties(ctx.catalog, 'contacts', body.properties ?? {});
    if (!checked.ok) return invalidProperties(reply, checked.problems);
    const changed = ctx.store.update('contacts', record, checked.values, 'CRM_UI');
    return { id: record.id, changed, properties: record.properties };
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HubSpotContext } from '../context.ts';
import { HubSpotHttpError, sendError } from '../errors.ts';
import type { Subscription, WebhookDispatcher } from '../webhook-dispatch.ts';

/** Event types an app can subscribe to on the objects this portal serves. */
const EVENT_TYPES = new Set([
  'contact.creation', 'contact.deletion', 'contact.privacyDeletion', 'contact.propertyChange',
  'company.creation', 'company.deletion', 'company.propertyChange',
]);

const bad = (message: string) => new HubSpotHttpError(400, 'VALIDATION_ERROR', message);

/**
 * The webhooks API of a public app (`/webhooks/v3/{appId}/settings` and `/subscriptions`),
 * authenticated with the developer API key in `hapikey`, as HubSpot does.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: HubSpotContext, dispatcher: WebhookDispatcher): void {
  const { options, catalog } = ctx;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/webhooks/')) return;
    const key = new URL(request.url, 'http://x').searchParams.get('hapikey');
    if (key !== options.developerApiKey) {
      return sendError(reply, 401, 'INVALID_AUTHENTICATION', 'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/');
    }
    const appId = request.url.split('/')[3];
    if (appId !== String(options.appId)) return sendError(reply, 404, 'OBJECT_NOT_FOUND', `App ${appId} not found for this developer account`);
  });

  app.get('/webhooks/v3/:appId/settings', async (_request, reply) =>
    dispatcher.settings ?? sendError(reply, 404, 'OBJECT_NOT_FOUND', 'No webhook settings found for this app'));

  app.put('/webhooks/v3/:appId/settings', async (request) => {
    const body = (request.body ?? {}) as { targetUrl?: string; throttling?: { maxConcurrentRequests?: number; period?: string } };
    let target: URL;
    try {
      target = new URL(String(body.targetUrl ?? ''));
    } catch {
      throw bad(`Invalid targetUrl: ${String(body.targetUrl)}`);
    }
    const max = body.throttling?.maxConcurrentRequests ?? 10;
    if (!Number.isInteger(max) || max < 5 || max > 100) throw bad('throttling.maxConcurrentRequests must be between 5 and 100');
    const now = new Date().toISOString();
    dispatcher.settings = {
      targetUrl: target.toString(),
      throttling: { maxConcurrentRequests: max, ...(body.throttling?.period ? { period: body.throttling.period } : {}) },
      createdAt: dispatcher.settings?.createdAt ?? now,
      updatedAt: now,
    };
    return dispatcher.settings;
  });

  app.delete('/webhooks/v3/:appId/settings', async (_request, reply) => {
    dispatcher.settings = undefined;
    return reply.code(204).send();
  });

  app.get('/webhooks/v3/:appId/subscriptions', async () => ({ results: [...dispatcher.subscriptions.values()] }));

  app.post('/webhooks/v3/:appId/subscriptions', async (request, reply) => {
    const body = (request.body ?? {}) as { eventType?: string; propertyName?: string; active?: boolean };
    const eventType = String(body.eventType ?? '');
    if (!EVENT_TYPES.has(eventType)) throw bad(`Unsupported eventType: ${eventType}`);
    const propertyChange = eventType.endsWith('.propertyChange');
    if (propertyChange && !body.propertyName) throw bad(`propertyName is required for ${eventType}`);
    const objectType = eventType.startsWith('contact.') ? 'contacts' : 'companies';
    if (propertyChange && !catalog.get(objectType, body.propertyName!)) throw bad(`Property ${body.propertyName} does not exist on ${objectType}`);
    const duplicate = [...dispatcher.subscriptions.values()].find((s) => s.eventType === eventType && s.propertyName === (propertyChange ? body.propertyName : undefined));
    if (duplicate) return sendError(reply, 409, 'CONFLICT', `A subscription for ${eventType}${propertyChange ? ` on ${body.propertyName}` : ''} already exists: ${duplicate.id}`);
    const now = new Date().toISOString();
    const sub: Subscription = {
      id: dispatcher.newSubscriptionId(), eventType, ...(propertyChange ? { propertyName: body.propertyName! } : {}),
      active: body.active ?? false, createdAt: now, updatedAt: now,
    };
    dispatcher.subscriptions.set(sub.id, sub);
    return reply.code(201).send(sub);
  });

  const find = (request: FastifyRequest): Subscription => {
    const { subscriptionId } = request.params as { subscriptionId: string };
    const sub = dispatcher.subscriptions.get(subscriptionId);
    if (!sub) throw new HubSpotHttpError(404, 'OBJECT_NOT_FOUND', `Subscription ${subscriptionId} not found`);
    return sub;
  };

  app.get('/webhooks/v3/:appId/subscriptions/:subscriptionId', async (request) => find(request));

  app.patch('/webhooks/v3/:appId/subscriptions/:subscriptionId', async (request) => {
    const sub = find(request);
    const body = (request.body ?? {}) as { active?: boolean };
    if (typeof body.active === 'boolean') sub.active = body.active;
    sub.updatedAt = new Date().toISOString();
    return sub;
  });

  app.delete('/webhooks/v3/:appId/subscriptions/:subscriptionId', async (request, reply) => {
    dispatcher.subscriptions.delete(find(request).id);
    return reply.code(204).send();
  });
}

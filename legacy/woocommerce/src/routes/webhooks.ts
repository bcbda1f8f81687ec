import type { FastifyInstance, FastifyRequest } from 'fastify';
import { byNumber, byString, paginate, query, str, type PageSpec } from '../collection.ts';
import { WooError, noRoute } from '../errors.ts';
import { api, renderWebhook } from '../render.ts';
import type { StoredWebhook } from '../state.ts';
import { hooksFor, isValidTopic } from '../webhooks.ts';
import { bodyOf, home, idParam, nowDate, type RouteContext } from './context.ts';

const spec: PageSpec<StoredWebhook> = {
  orderby: { date: byString((w) => w.date_created_gmt), id: byNumber((w) => w.id), title: byString((w) => w.name) },
  defaultOrderby: 'date',
  defaultOrder: 'desc',
  id: (w) => w.id,
};

const statuses = ['active', 'paused', 'disabled'] as const;
const invalidTopic = () => new WooError('woocommerce_rest_shop_webhook_invalid_topic', 'Webhook topic is required and must be valid.', 400);
const invalidUrl = () => new WooError('woocommerce_rest_shop_webhook_invalid_delivery_url', 'Webhook delivery URL must be a valid URL starting with http:// or https://.', 400);
const validUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/[^\s]+$/i.test(v);

function applyTopic(webhook: StoredWebhook, topic: string): void {
  const lower = topic.toLowerCase();
  if (!isValidTopic(lower)) throw invalidTopic();
  webhook.topic = lower;
  const [resource = '', event = ''] = lower.split('.');
  webhook.resource = resource;
  webhook.event = event;
  webhook.hooks = hooksFor(lower);
}

export function registerWebhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/wp-json/wc/v3/webhooks';

  app.get(base, async (request, reply) => {
    const status = str(query(request), 'status') ?? 'all';
    const matched = [...ctx.store().webhooks.values()].filter((w) => status === 'all' || w.status === status);
    const h = home(ctx, request);
    return paginate(request, reply, matched, spec, api(h, 'webhooks')).map((w) => renderWebhook(w, h));
  });

  const find = (request: FastifyRequest): StoredWebhook => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const webhook = ctx.store().webhooks.get(id);
    if (!webhook) throw new WooError('woocommerce_rest_shop_webhook_invalid_id', 'Invalid ID.', 404);
    return webhook;
  };

  app.get(`${base}/:id`, async (request) => renderWebhook(find(request), home(ctx, request)));

  /** Creating an active webhook sends the unsigned `webhook_id=<id>` ping, as WooCommerce does. */
  app.post(base, async (request, reply) => {
    const body = bodyOf(request);
    if (typeof body.topic !== 'string' || !body.topic) throw invalidTopic();
    if (!validUrl(body.delivery_url)) throw invalidUrl();
    const store = ctx.store();
    const date = nowDate();
    const status = statuses.find((s) => s === body.status) ?? 'active';
    const webhook: StoredWebhook = {
      id: store.webhookIds.next(),
      name: typeof body.name === 'string' && body.name ? body.name : `Webhook created on ${new Date().toUTCString()}`,
      status, topic: '', resource: '', event: '', hooks: [], delivery_url: body.delivery_url,
      date_created: date, date_created_gmt: date, date_modified: date, date_modified_gmt: date,
      secret: typeof body.secret === 'string' && body.secret ? body.secret : ctx.defaultWebhookSecret,
      failureCount: 0,
    };
    applyTopic(webhook, body.topic);
    store.webhooks.set(webhook.id, webhook);
    if (webhook.status === 'active') ctx.webhooks.ping(webhook);
    const h = home(ctx, request);
    return reply.code(201).header('Location', api(h, `webhooks/${webhook.id}`)).send(renderWebhook(webhook, h));
  });

  const update = async (request: FastifyRequest) => {
    const webhook = find(request);
    const body = bodyOf(request);
    if (typeof body.topic === 'string' && body.topic) applyTopic(webhook, body.topic);
    if (body.delivery_url !== undefined) {
      if (!validUrl(body.delivery_url)) throw invalidUrl();
      webhook.delivery_url = body.delivery_url;
    }
    if (typeof body.secret === 'string' && body.secret) webhook.secret = body.secret;
    if (typeof body.name === 'string') webhook.name = body.name;
    const status = statuses.find((s) => s === body.status);
    if (status) {
      webhook.status = status;
      if (status === 'active') webhook.failureCount = 0;
    }
    webhook.date_modified = webhook.date_modified_gmt = nowDate();
    return renderWebhook(webhook, home(ctx, request));
  };
  app.put(`${base}/:id`, update);
  app.patch(`${base}/:id`, update);
  app.post(`${base}/:id`, update);

  app.delete(`${base}/:id`, async (request) => {
    const webhook = find(request);
    const force = ['true', '1'].includes(str(query(request), 'force') ?? '');
    if (!force) throw new WooError('woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.', 501);
    ctx.store().webhooks.delete(webhook.id);
    return renderWebhook(webhook, home(ctx, request));
  });
}

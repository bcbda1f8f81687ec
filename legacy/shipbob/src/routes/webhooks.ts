import type { FastifyInstance } from 'fastify';
import { V, int32, type Query, type RouteContext } from '../context.ts';
import { cursorPage, decodeCursor } from '../paging.ts';
import { problem } from '../replies.ts';
import { subscriptionView } from '../views.ts';
import { ACCEPTED_TOPICS, newSecret } from '../webhook-dispatch.ts';

/** Webhook subscriptions: `POST /webhook`, `GET /webhook` (cursor-paged), `DELETE /webhook/{id}`. */
/**
 * `defaultSecret` signs subscriptions created without a `secret` (env SHIPBOB_WEBHOOK_SECRET);
 * without it each such subscription gets a random one, as ShipBob issues them.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: RouteContext, defaultSecret?: string): void {
  let nextId = 1;

  app.post(`${V}/webhook`, async (request, reply) => {
    const body = (request.body ?? {}) as { topics?: unknown; url?: unknown; secret?: unknown; description?: unknown };
    const errors: string[] = [];
    const topics = Array.isArray(body.topics) ? body.topics : [];
    if (topics.length === 0) errors.push('topics: at least one topic is required.');
    for (const t of topics) if (typeof t !== 'string' || !ACCEPTED_TOPICS.includes(t)) errors.push(`topics: '${String(t)}' is not a valid topic.`);
    let url: URL | undefined;
    try {
      url = typeof body.url === 'string' ? new URL(body.url) : undefined;
    } catch {
      url = undefined;
    }
    // ShipBob requires HTTPS; the stand-in also takes plain http so a local receiver can subscribe.
    if (!url || !['https:', 'http:'].includes(url.protocol)) errors.push('url: a valid absolute URL is required.');
    if (body.secret !== undefined && body.secret !== null && typeof body.secret !== 'string') errors.push('secret: must be a string.');
    if (errors.length) {
      return reply.code(422).send({ $type: 'UnprocessableEntityObjectResult', value: { errors }, content_types: [], declared_type: 'ValidationProblemDetails', status_code: 422 });
    }
    const subscription = {
      id: String(nextId++),
      url: url!.toString(),
      topics: topics as string[],
      secret: typeof body.secret === 'string' && body.secret ? body.secret : defaultSecret ?? newSecret(),
      description: typeof body.description === 'string' ? body.description : null,
      created_at: new Date(ctx.clock()).toISOString(),
      enabled: true,
    };
    ctx.live.account.subscriptions.set(subscription.id, subscription);
    const { id, created_at, description, url: target } = subscription;
    return { id, created_at, description, topics: subscription.topics, url: target, secret: subscription.secret };
  });

  app.get(`${V}/webhook`, async (request, reply) => {
    const q = request.query as Query;
    const cursor = q.Cursor ? decodeCursor<{ o: number; s: number }>(q.Cursor) : { o: 0, s: int32(q.RecordsPerPage) ?? 50 };
    if (!cursor || cursor.s < 1 || cursor.s > 250) return problem(reply, 400, 'Bad Request', 'RecordsPerPage must be between 1 and 250.');
    const all = [...ctx.live.account.subscriptions.values()].map(subscriptionView);
    const { items, next, prev } = cursorPage(all, `${V}/webhook`, {}, cursor.o, cursor.s);
    return { items, next, prev };
  });

  app.delete(`${V}/webhook/:id`, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!ctx.live.account.subscriptions.delete(id)) return reply.code(404).send({ message: `Webhook subscription ${id} not found` });
    return reply.code(204).send();
  });
}

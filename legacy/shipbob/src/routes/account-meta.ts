import type { FastifyInstance } from 'fastify';
import { CHANNELS } from '../constants.ts';
import { V, bool, int32, type Query, type RouteContext } from '../context.ts';
import { cursorPage, decodeCursor } from '../paging.ts';
import { problem } from '../replies.ts';
import { centreView, channelView, networkLocationViews } from '../views.ts';

/** `GET /channel` and `GET /location`: who may write where, and the fulfilment network. */
export function registerAccountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(`${V}/channel`, async (request, reply) => {
    const q = request.query as Query;
    const cursor = q.Cursor ? decodeCursor<{ o: number; s: number }>(q.Cursor) : { o: 0, s: int32(q.RecordsPerPage) ?? 50 };
    if (!cursor) return problem(reply, 400, 'Bad Request', 'Invalid cursor');
    const { items, next, prev } = cursorPage(CHANNELS.map(channelView), `${V}/channel`, {}, cursor.o, cursor.s);
    return { items, next, prev };
  });

  app.get(`${V}/location`, async (request) => {
    const q = request.query as Query;
    const all = [...ctx.live.account.centres.map(centreView), ...networkLocationViews()];
    return all.filter((l) => (bool(q.ReceivingEnabled) !== true || l.is_receiving_enabled) && (bool(q.AccessGranted) !== true || l.access_granted) && (bool(q.IncludeInactive) === true || l.is_active));
  });
}

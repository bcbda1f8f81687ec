import type { FastifyInstance } from 'fastify';
import { AccountError } from '../account.ts';
import { CHANNELS } from '../constants.ts';
import { V, bool, encodedCommaIn, int32, list, notFound, type Query, type RouteContext } from '../context.ts';
import type { Order } from '../model.ts';
import { nextPagePath, readPage } from '../paging.ts';
import { modelState, problem } from '../replies.ts';
import { orderView } from '../views.ts';
import { readNewOrder } from './order-input.ts';

type DateFilter = [field: 'created_date' | 'last_update_at' | 'last_tracking_update_at', from: string | undefined, to: string | undefined];

/** `POST /order`, `GET /order` (filters + Page/Limit + `next-page`), `GET /order/{id}`. */
export function registerOrderRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post(`${V}/order`, async (request, reply) => {
    const header = request.headers.shipbob_channel_id;
    const channelId = int32(Array.isArray(header) ? header[0] : header);
    if (channelId === undefined) return modelState(reply, 400, { shipbob_channel_id: ['The shipbob_channel_id header is required and must be a channel id.'] });
    const channel = CHANNELS.find((c) => c.id === channelId);
    if (!channel?.scopes.includes('orders_write')) return problem(reply, 403, 'Forbidden', `Channel ${channelId} has no orders_write scope for this user.`);
    const input = readNewOrder(request.body);
    if (!input.ok) return modelState(reply, 400, input.errors);
    try {
      const order = ctx.live.account.createOrder(channelId, input.order);
      return reply.code(201).send(orderView(ctx.live.account, order));
    } catch (error) {
      if (error instanceof AccountError && error.kind === 'DUPLICATE_REFERENCE') return modelState(reply, 422, { '': [error.message] });
      if (error instanceof AccountError) return modelState(reply, 422, { products: [error.message] });
      throw error;
    }
  });

  app.get(`${V}/order`, async (request, reply) => {
    const q = request.query as Query;
    const paging = readPage(q);
    if (!paging.ok) return modelState(reply, 400, paging.errors);
    const errors: Record<string, string[]> = {};
    const ids = list(q.IDs).map((id) => int32(id) ?? (errors.IDs = [`The value '${q.IDs}' is not valid.`], -1));
    if (encodedCommaIn(request.url, 'IDs')) errors.IDs = [`The value '${q.IDs}' is not valid.`];
    // An encoded comma is part of one reference id, not a separator.
    const refs = new Set(encodedCommaIn(request.url, 'ReferenceIds') ? [q.ReferenceIds!] : list(q.ReferenceIds));
    const dates: DateFilter[] = [
      ['created_date', q.StartDate, q.EndDate],
      ['last_update_at', q.LastUpdateStartDate, q.LastUpdateEndDate],
      ['last_tracking_update_at', q.LastTrackingUpdateStartDate, q.LastTrackingUpdateEndDate],
    ];
    for (const [, from, to] of dates) for (const d of [from, to]) if (d !== undefined && Number.isNaN(Date.parse(d))) errors.Date = [`The value '${d}' is not a valid date-time.`];
    if (Object.keys(errors).length) return modelState(reply, 400, errors);

    const account = ctx.live.account;
    const hasTracking = bool(q.HasTracking);
    const uploaded = bool(q.IsTrackingUploaded);
    const idSet = new Set(ids);
    const trackingUpdated = (o: Order) => account.shipmentsOf(o).map((s) => s.last_tracking_update_at).filter((t): t is string => t !== null).sort().at(-1);
    const value = (o: Order, field: DateFilter[0]) => (field === 'last_tracking_update_at' ? trackingUpdated(o) : o[field]);
    const selected = account.orders.filter((o) => {
      if (idSet.size && !idSet.has(o.id)) return false;
      if (refs.size && !refs.has(o.reference_id)) return false;
      if (hasTracking !== undefined && account.shipmentsOf(o).some((s) => s.tracking !== null) !== hasTracking) return false;
      if (uploaded !== undefined && account.shipmentsOf(o).every((s) => s.tracking !== null && s.last_tracking_update_at !== null) !== uploaded) return false;
      for (const [field, from, to] of dates) {
        if (from === undefined && to === undefined) continue;
        const at = value(o, field);
        if (at === undefined || at === null) return false;
        if (from !== undefined && Date.parse(at) < Date.parse(from)) return false;
        if (to !== undefined && Date.parse(at) > Date.parse(to)) return false;
      }
      return true;
    });
    // Newest first unless asked otherwise, as ShipBob lists orders.
    if ((q.SortOrder ?? 'Newest').toLowerCase() !== 'oldest') selected.reverse();
    const { page, limit } = paging;
    const total = selected.length;
    const pages = Math.max(1, Math.ceil(total / limit));
    reply.header('page-number', String(page)).header('total-count', String(total)).header('total-pages', String(pages));
    if (page < pages) reply.header('next-page', nextPagePath(`${V}/order`, q, page + 1));
    return selected.slice((page - 1) * limit, page * limit).map((o) => orderView(account, o));
  });

  app.get(`${V}/order/:orderId`, async (request, reply) => {
    const id = int32((request.params as { orderId: string }).orderId);
    if (id === undefined) return modelState(reply, 400, { orderId: [`The value '${(request.params as { orderId: string }).orderId}' is not valid.`] });
    const order = ctx.live.account.order(id);
    return order ? orderView(ctx.live.account, order) : notFound(reply, 'Order');
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { byNumber, byString, dateParam, idList, int, list, paginate, query, str, type PageSpec } from '../collection.ts';
import { WooError, invalidParam, noRoute } from '../errors.ts';
import { buildOrder, orderStatuses, wooAddress, wooBilling, type DraftLine } from '../orders.ts';
import { api, renderOrder } from '../render.ts';
import type { WooStore } from '../state.ts';
import type { WooAddress, WooBilling, WooOrder } from '../types.ts';
import { bodyOf, home, idParam, nowDate, type RouteContext } from './context.ts';

const spec: PageSpec<WooOrder> = {
  orderby: {
    date: byString((o) => o.date_created_gmt),
    modified: byString((o) => o.date_modified_gmt),
    id: byNumber((o) => o.id),
    title: byString((o) => o.number),
    slug: byString((o) => o.number),
  },
  defaultOrderby: 'date',
  defaultOrder: 'desc',
  id: (o) => o.id,
};

const invalidId = () => new WooError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404);
const countryFor: Record<string, string> = { USD: 'US', EUR: 'DE', GBP: 'GB' };

/** Woo's order search: id, billing/shipping names, addresses and the billing email, case-insensitively. */
function searchable(o: WooOrder): string {
  const b = o.billing;
  const s = o.shipping;
  return [o.id, o.number, b.email, b.first_name, b.last_name, b.address_1, b.city, b.postcode, b.phone, s.first_name, s.last_name, s.address_1, s.city, ...o.line_items.map((l) => l.name)].join(' ').toLowerCase();
}

/** `get_product_id()`: `sku`, else `variation_id`, else `product_id`; this store sells variations. */
function lineFor(store: WooStore, posted: Record<string, unknown>, currency: string): DraftLine {
  const quantity = Number(posted.quantity ?? 1);
  if (!Number.isInteger(quantity) || quantity < 1) throw new WooError('woocommerce_rest_invalid_quantity', 'Product quantity must be a positive integer.', 400);
  let sku: string | undefined;
  if (typeof posted.sku === 'string' && posted.sku) sku = posted.sku;
  else {
    const id = Number(posted.variation_id || posted.product_id || 0);
    if (!id) throw new WooError('woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', 400);
    sku = store.variations.get(id)?.sku;
  }
  const found = sku ? store.draftLine(sku, quantity, sku ? store.index.price(sku, currency)?.amount : undefined) : undefined;
  if (!found) throw new WooError('woocommerce_rest_invalid_product_id', 'Invalid product ID.', 400);
  return found;
}

function pickAddress<T extends WooAddress>(base: T, posted: unknown): T {
  if (!posted || typeof posted !== 'object') return base;
  const next = { ...base };
  for (const key of Object.keys(base) as (keyof T)[]) {
    const v = (posted as Record<string, unknown>)[key as string];
    if (typeof v === 'string') next[key] = v as T[keyof T];
  }
  return next;
}

/** Creates an order the way checkout or `POST /orders` does and fires `order.created`. */
export function createOrder(ctx: RouteContext, h: string, input: {
  status: string; currency: string; customerId: number; billing: WooBilling; shipping: WooAddress; lines: DraftLine[]; createdVia: 'checkout' | 'rest-api';
}): WooOrder {
  const store = ctx.store();
  const id = store.allocateOrderId();
  const now = new Date().toISOString();
  const order = buildOrder({ id, number: String(id), placedAt: now, now, ...input }, store.items.next);
  store.orders.set(id, order);
  ctx.webhooks.fire('order.created', h, () => renderOrder(store.orders.get(id) ?? order, h));
  return order;
}

function applyUpdate(store: WooStore, order: WooOrder, body: Record<string, unknown>): void {
  if (typeof body.status === 'string') {
    if (!(orderStatuses as readonly string[]).includes(body.status)) throw invalidParam('status', `status is not one of ${orderStatuses.join(', ')}.`);
    order.status = body.status;
    if (body.status === 'completed' && !order.date_completed) order.date_completed = order.date_completed_gmt = nowDate();
  }
  if (body.billing) order.billing = pickAddress(order.billing, body.billing);
  if (body.shipping) order.shipping = pickAddress(order.shipping, body.shipping);
  if (typeof body.customer_note === 'string') order.customer_note = body.customer_note;
  if (body.customer_id !== undefined) {
    const customerId = Number(body.customer_id);
    if (customerId && !store.customers.has(customerId)) throw new WooError('woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', 400);
    order.customer_id = customerId;
  }
  order.date_modified = order.date_modified_gmt = nowDate();
}

export function registerOrderRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/wp-json/wc/v3/orders';

  app.get(base, async (request, reply) => {
    const store = ctx.store();
    const q = query(request);
    const statuses = list(q, 'status') ?? ['any'];
    for (const s of statuses) if (s !== 'any' && !(orderStatuses as readonly string[]).includes(s)) throw invalidParam('status', `status[0] is not one of any, ${orderStatuses.join(', ')}.`);
    const customer = int(q, 'customer', { min: 0 });
    const search = str(q, 'search')?.toLowerCase();
    const after = dateParam(q, 'after');
    const before = dateParam(q, 'before');
    const modifiedAfter = dateParam(q, 'modified_after');
    const modifiedBefore = dateParam(q, 'modified_before');
    const exclude = idList(q, 'exclude');
    const product = int(q, 'product', { min: 0 });
    const at = (d: string) => Date.parse(`${d}Z`);
    const matched = [...store.orders.values()].filter((o) => (statuses.includes('any') ? o.status !== 'trash' : statuses.includes(o.status))
      && (customer === undefined || o.customer_id === customer)
      && (!search || searchable(o).includes(search))
      && (after === undefined || at(o.date_created_gmt) > after)
      && (before === undefined || at(o.date_created_gmt) < before)
      && (modifiedAfter === undefined || at(o.date_modified_gmt) > modifiedAfter)
      && (modifiedBefore === undefined || at(o.date_modified_gmt) < modifiedBefore)
      && (!exclude?.length || !exclude.includes(o.id))
      && (!product || o.line_items.some((l) => l.product_id === product || l.variation_id === product)));
    const h = home(ctx, request);
    return paginate(request, reply, matched, spec, api(h, 'orders')).map((o) => renderOrder(o, h));
  });

  app.get(`${base}/:id`, async (request) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const order = ctx.store().orders.get(id);
    if (!order) throw invalidId();
    return renderOrder(order, home(ctx, request));
  });

  const create = (request: FastifyRequest, body: Record<string, unknown>): WooOrder => {
    const store = ctx.store();
    if (body.id !== undefined) throw new WooError('woocommerce_rest_shop_order_exists', 'Cannot create existing shop_order.', 400);
    const currency = typeof body.currency === 'string' ? body.currency : store.currency;
    const customerId = Number(body.customer_id ?? 0);
    const customer = customerId ? store.customers.get(customerId) : undefined;
    if (customerId && !customer) throw new WooError('woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', 400);
    const billing = pickAddress(customer?.billing ?? { ...wooBilling(undefined, undefined, ''), country: countryFor[currency] ?? 'US' }, body.billing);
    const shipping = pickAddress(customer?.shipping ?? wooAddress(undefined, undefined), body.shipping);
    const lines = (Array.isArray(body.line_items) ? body.line_items : []).map((l) => lineFor(store, (l ?? {}) as Record<string, unknown>, currency));
    const status = body.set_paid === true ? 'processing' : typeof body.status === 'string' ? body.status : 'pending';
    if (!(orderStatuses as readonly string[]).includes(status)) throw invalidParam('status', `status is not one of ${orderStatuses.join(', ')}.`);
    return createOrder(ctx, home(ctx, request), { status, currency, customerId, billing, shipping, lines, createdVia: 'rest-api' });
  };

  const update = (request: FastifyRequest, id: number, body: Record<string, unknown>): WooOrder => {
    const store = ctx.store();
    const order = store.orders.get(id);
    if (!order) throw invalidId();
    applyUpdate(store, order, body);
    const h = home(ctx, request);
    ctx.webhooks.fire('order.updated', h, () => renderOrder(order, h));
    return order;
  };

  app.post(base, async (request, reply) => {
    const order = create(request, bodyOf(request));
    const h = home(ctx, request);
    return reply.code(201).header('Location', api(h, `orders/${order.id}`)).send(renderOrder(order, h));
  });

  const updateRoute = async (request: FastifyRequest) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    return renderOrder(update(request, id, bodyOf(request)), home(ctx, request));
  };
  app.put(`${base}/:id`, updateRoute);
  app.patch(`${base}/:id`, updateRoute);
  app.post(`${base}/:id`, updateRoute);

  app.delete(`${base}/:id`, async (request) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const store = ctx.store();
    const order = store.orders.get(id);
    if (!order) throw invalidId();
    const h = home(ctx, request);
    const rendered = renderOrder(order, h);
    if (str(query(request), 'force') === 'true' || str(query(request), 'force') === '1') store.orders.delete(id);
    else order.status = 'trash';
    ctx.webhooks.fire('order.deleted', h, () => ({ id }));
    return rendered;
  });

  /** `POST /orders/batch`: up to 100 creates, updates and deletes; each item fails on its own. */
  app.post(`${base}/batch`, async (request, reply: FastifyReply) => {
    const body = bodyOf(request);
    const arr = (k: string) => (Array.isArray(body[k]) ? (body[k] as unknown[]) : []);
    if (arr('create').length + arr('update').length + arr('delete').length > 100) {
      throw new WooError('woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.', 413);
    }
    const h = home(ctx, request);
    const each = <T>(items: unknown[], run: (item: unknown) => T) => items.map((item) => {
      try {
        return run(item);
      } catch (error) {
        if (!(error instanceof WooError)) throw error;
        const id = (item as { id?: unknown } | null)?.id ?? 0;
        return { id, error: { code: error.code, message: error.message, data: { status: error.status } } };
      }
    });
    const result: Record<string, unknown[]> = {};
    if (body.create) result.create = each(arr('create'), (item) => renderOrder(create(request, (item ?? {}) as Record<string, unknown>), h));
    if (body.update) result.update = each(arr('update'), (item) => {
      const posted = (item ?? {}) as Record<string, unknown>;
      return renderOrder(update(request, Number(posted.id), posted), h);
    });
    if (body.delete) result.delete = each(arr('delete'), (item) => {
      const id = Number(item);
      const store = ctx.store();
      const order = store.orders.get(id);
      if (!order) throw invalidId();
      order.status = 'trash';
      ctx.webhooks.fire('order.deleted', h, () => ({ id }));
      return renderOrder(order, h);
    });
    return reply.send(result);
  });
}

import type { FastifyInstance } from 'fastify';
import { byNumber, byString, paginate, query, str, type PageSpec } from '../collection.ts';
import { WooError, invalidParam, noRoute } from '../errors.ts';
import { api, renderCustomer } from '../render.ts';
import type { WooCustomer } from '../types.ts';
import { home, idParam, type RouteContext } from './context.ts';

const spec: PageSpec<WooCustomer> = {
  orderby: {
    id: byNumber((c) => c.id),
    name: byString((c) => c.username),
    registered_date: byString((c) => c.date_created_gmt),
  },
  defaultOrderby: 'name',
  defaultOrder: 'asc',
  id: (c) => c.id,
};

const roles = ['all', 'administrator', 'editor', 'author', 'contributor', 'subscriber', 'customer', 'shop_manager'];

export function registerCustomerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/wp-json/wc/v3/customers';

  /** `email` is an exact match, but MySQL's collation makes it case-insensitive, as in the real store. */
  app.get(base, async (request, reply) => {
    const q = query(request);
    const email = str(q, 'email')?.trim().toLowerCase();
    const search = str(q, 'search')?.trim().toLowerCase().replace(/^\*|\*$/g, '');
    const role = str(q, 'role') ?? 'customer';
    if (!roles.includes(role)) throw invalidParam('role', `role is not one of ${roles.join(', ')}.`);
    const matched = [...ctx.store().customers.values()].filter((c) => (role === 'all' || c.role === role)
      && (!email || c.email.toLowerCase() === email)
      && (!search || [c.email, c.username, `${c.first_name} ${c.last_name}`].some((f) => f.toLowerCase().includes(search))));
    const h = home(ctx, request);
    return paginate(request, reply, matched, spec, api(h, 'customers')).map((c) => renderCustomer(c, h));
  });

  app.get(`${base}/:id`, async (request) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const customer = ctx.store().customers.get(id);
    if (!customer) throw new WooError('woocommerce_rest_invalid_id', 'Invalid resource ID.', 404);
    return renderCustomer(customer, home(ctx, request));
  });

  /**
   * `DELETE /customers/<id>?force=true[&reassign=<user>]` deletes the WordPress user. Customers
   * cannot be trashed (501 without `force`). `reassign` only moves posts the user authored; their
   * orders are kept and detached (`customer_id` → 0) either way, billing details included, as
   * `wc_reset_order_customer_id_on_deleted_user` does.
   */
  app.delete(`${base}/:id`, async (request) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const q = query(request);
    const force = ['true', '1'].includes(str(q, 'force') ?? '');
    const reassignRaw = str(q, 'reassign');
    const reassign = reassignRaw !== undefined && reassignRaw !== '' ? Math.abs(Number.parseInt(reassignRaw, 10)) || 0 : 0;
    if (!force) throw new WooError('woocommerce_rest_trash_not_supported', 'Customers do not support trashing.', 501);
    const store = ctx.store();
    const customer = store.customers.get(id);
    if (!customer) throw new WooError('woocommerce_rest_invalid_id', 'Invalid resource id.', 400);
    if (reassign && (reassign === id || !store.customers.has(reassign))) {
      throw new WooError('woocommerce_rest_customer_invalid_reassign', 'Invalid resource id for reassignment.', 400);
    }
    const h = home(ctx, request);
    const rendered = renderCustomer(customer, h);
    store.customers.delete(id);
    for (const order of store.orders.values()) if (order.customer_id === id) order.customer_id = 0;
    ctx.webhooks.fire('customer.deleted', h, () => ({ id }));
    return rendered;
  });
}

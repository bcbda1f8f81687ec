import type { OrdersContext } from './context.ts';
import { staffHas } from './context.ts';
import { emailsMatch, type OrderView } from './model.ts';

/**
 * How long after checkout a guest sees the order it just placed. Through the gateway an Order
 * reference without an email reaches this subgraph only from checkout (the cart answers with the
 * buyer's own order), so a guest's order resolves while fresh and never again by reference.
 */
export const GUEST_CONFIRMATION_WINDOW_MS = 30 * 60_000;

/**
 * Whether the caller may see `order` when it was reached by reference (not by number + email):
 * the signed-in customer who placed it, staff with `orders:read`, the partner whose ERP account
 * it was sold to, or a guest right after placing it through the gateway.
 */
export async function mayView(order: OrderView, ctx: OrdersContext): Promise<boolean> {
  const { request } = ctx;
  if (emailsMatch(request.customer?.email, order.email)) return true;
  if (staffHas(request, 'orders:read')) return true;
  if (request.partner && order.soldToParty) {
    const account = await ctx.services.partners.erpCustomerFor(request.partner.companyId);
    if (account === order.soldToParty) return true;
  }
  if (order.source === 'graph' && ctx.trusted) {
    const placed = Date.parse(order.placedAt);
    return placed >= request.issuedAt - GUEST_CONFIRMATION_WINDOW_MS && placed <= Date.now();
  }
  return false;
}

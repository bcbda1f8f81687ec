import type { RequestContext } from '@ucg/request-context';
import { userError, type UserError } from '../errors.ts';
import type { CartRecord } from '../model/cart.ts';

/** Who is asking, as the cart needs it. */
export interface Requester {
  /** The signed-in customer's email, lower case; null for a guest. */
  email: string | null;
  country: string;
  currency: string;
  /** ERP customer group for prices: a partner's, else retail. */
  customerGroup: string;
}

export function requesterOf(request: RequestContext): Requester {
  return {
    email: request.customer?.email.trim().toLowerCase() || null,
    country: request.country.toUpperCase(),
    currency: request.currency,
    customerGroup: request.partner?.customerGroup ?? '01',
  };
}

/** A guest cart's id is its capability; a customer's cart is the customer's alone. */
function owns(cart: CartRecord, requester: Requester): boolean {
  return cart.buyerEmail === null || cart.buyerEmail === requester.email;
}

/** What `cart(id)` may show: live carts the requester may see (a completed cart stays visible to show its order). */
export function visibleTo(cart: CartRecord | null, requester: Requester, now: number): cart is CartRecord {
  return cart !== null && cart.status !== 'MERGED' && owns(cart, requester) && Date.parse(cart.expiresAt) > now;
}

/** How long a checkout keeps other changes out; after that a crashed checkout no longer blocks the cart. */
export const CHECKOUT_HOLD_MS = 120_000;

/** Why the requester may not change the cart now, or null when they may. */
export function writeDenial(cart: CartRecord | null, requester: Requester, now: number, ignoreCheckoutKey?: string): UserError | null {
  if (!cart || cart.status === 'MERGED' || !owns(cart, requester)) return userError('CART_NOT_FOUND', ['cartId']);
  if (cart.status === 'COMPLETED') return userError('CART_COMPLETED', ['cartId']);
  if (Date.parse(cart.expiresAt) <= now) return userError('CART_EXPIRED', ['cartId']);
  const checkout = cart.checkout;
  if (checkout && checkout.key !== ignoreCheckoutKey && Date.parse(checkout.startedAt) + CHECKOUT_HOLD_MS > now) {
    return userError('CART_CHECKOUT_IN_PROGRESS', ['cartId']);
  }
  return null;
}

import { userError } from '../errors.ts';
import { type CartLineRecord, type CartRecord, lineIdFor } from '../model/cart.ts';
import { type CartMergeStrategy, planMerge } from '../model/merge.ts';
import { writeDenial, type Requester } from './access.ts';
import type { CartService, EditContext, EditOutcome, MutationResult } from './cart-service.ts';
import { currentPrices } from './line-edits.ts';

/**
 * `cartBuyerIdentityUpdate`, called with the customer's token after sign-in. Without an active
 * cart of theirs, the guest cart becomes it. With one, the guest cart's lines join it (the cart
 * every other device already shows survives; the payload returns it, and the guest cart is closed),
 * quantities per `strategy`. Serialised per customer, so two devices signing in at once cannot
 * both become "the" active cart. A retry finds the merge done and answers the same cart.
 */
export async function signInMerge(service: CartService, cartId: string, requester: Requester, countryCode: string | null, strategy: CartMergeStrategy): Promise<MutationResult> {
  const { carts, personal } = service.deps;
  const email = requester.email;
  if (!email) return { cart: null, userErrors: [userError('CART_SIGN_IN_REQUIRED')], warnings: [] };
  const locked = await carts.withCustomer(email, async (): Promise<MutationResult> => {
    const guest = await carts.get(cartId);
    if (guest?.status === 'MERGED' && guest.buyerEmail === email && guest.mergedInto) {
      const survivor = await carts.get(guest.mergedInto);
      return { cart: survivor?.status === 'ACTIVE' ? survivor : null, userErrors: [], warnings: [] };
    }
    const existing = await service.activeCart(email);
    if (!existing || existing.id === cartId) {
      const result = await service.change(cartId, requester, async (cart) => {
        cart.buyerEmail = email;
        if (countryCode) cart.countryCode = countryCode;
        return { userErrors: [] };
      });
      if (result.cart && result.userErrors.length === 0) {
        await carts.setActiveCart(email, result.cart);
        await personal.registerCart(email, result.cart);
      }
      return result;
    }
    return service.change(existing.id, requester, (survivor, ctx) => absorb(service, survivor, cartId, ctx, countryCode, strategy));
  });
  return locked.acquired ? locked.value : { cart: null, userErrors: [userError('CART_BUSY', ['cartId'])], warnings: [] };
}

/** The edit of the surviving cart: takes the guest cart's lines (and their reservations) in, closes the guest cart. */
async function absorb(service: CartService, survivor: CartRecord, guestId: string, ctx: EditContext, countryCode: string | null, strategy: CartMergeStrategy): Promise<EditOutcome> {
  const { carts, reservations, pricing } = service.deps;
  const locked = await carts.withCart(guestId, async (): Promise<EditOutcome> => {
    const guest = await carts.get(guestId);
    const denied = writeDenial(guest, ctx.requester, ctx.now);
    if (denied || !guest) return { userErrors: [denied ?? userError('CART_NOT_FOUND', ['cartId'])] };
    const plan = planMerge(survivor.lines, guest.lines, strategy);
    // Lines from a cart in another currency are priced anew in the surviving cart's.
    const repriced = guest.currencyCode === survivor.currencyCode ? null : await currentPrices(pricing, survivor, guest.lines.map((l) => l.sku));
    if (repriced && !(repriced instanceof Map)) return { userErrors: [repriced] };

    const lines: CartLineRecord[] = [];
    const held = new Set<string>();
    const release = plan.dropped.map((l) => l.reservationId);
    for (const item of plan.lines) {
      const { fromExisting, fromGuest } = item;
      if (fromExisting && (!fromGuest || fromExisting.quantity === item.quantity)) {
        lines.push(fromExisting);
        if (fromGuest) release.push(fromGuest.reservationId);
        continue;
      }
      const base = fromExisting ?? fromGuest!;
      if (repriced && !fromExisting && !repriced.has(item.sku)) {
        // Not sold in the surviving cart's currency: the guest line cannot come along.
        release.push(base.reservationId);
        continue;
      }
      const hold = { reservationId: base.reservationId, sku: item.sku, fulfillment: item.fulfillment, quantity: item.quantity, previous: null };
      let outcome = await reservations.holdAll(survivor.id, [hold], ctx.reservationUntil);
      if (!outcome.ok && fromExisting && fromGuest) {
        // The guest line's own units may be what is missing: free them first, then try again.
        await reservations.release([fromGuest.reservationId]);
        outcome = await reservations.holdAll(survivor.id, [hold], ctx.reservationUntil);
      }
      if (fromExisting && fromGuest) release.push(fromGuest.reservationId);
      const price = fromExisting?.price ?? repriced?.get(item.sku)?.price ?? base.price;
      const id = lineIdFor(survivor.id, item.sku, item.fulfillment);
      const line: CartLineRecord = { ...base, id, quantity: item.quantity, price, ...(outcome.ok ? outcome.held[0]! : {}) };
      if (outcome.ok) held.add(id);
      lines.push(line);
    }
    await reservations.release(release);
    for (const l of guest.lines) survivor.movedLines[l.id] = lineIdFor(survivor.id, l.sku, l.fulfillment);
    for (const l of lines) delete survivor.movedLines[l.id];
    survivor.lines = lines;
    if (countryCode) survivor.countryCode = countryCode;
    Object.assign(guest, { status: 'MERGED', mergedInto: survivor.id, buyerEmail: ctx.requester.email, lines: [], reservationExpiresAt: null });
    if (!(await carts.save(guest))) return { userErrors: [userError('CART_BUSY', ['cartId'])] };
    return { userErrors: [], held };
  });
  return locked.acquired ? locked.value : { userErrors: [userError('CART_BUSY', ['cartId'])] };
}

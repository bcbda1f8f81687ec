import { currencyForCountry } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import { userError, type CartWarning, type UserError } from '../errors.ts';
import { type CartRecord, newCartId } from '../model/cart.ts';
import type { CartMergeStrategy } from '../model/merge.ts';
import type { CartStore } from '../stores/cart-store.ts';
import { type Requester, visibleTo, writeDenial } from './access.ts';
import { addLines, removeLines, setFulfillment, updateLines, type EditDeps, type LineInput, type LineUpdate } from './line-edits.ts';
import type { PersonalRecords } from './personal-records.ts';
import { signInMerge } from './sign-in-merge.ts';

export interface CartLimits {
  /** An untouched cart's lifetime. */
  ttlMs: number;
  /** How long a change keeps the cart's stock reserved. */
  reservationMs: number;
  maxLines: number;
  maxQuantity: number;
}

export interface CartServiceDeps extends EditDeps {
  carts: CartStore;
  personal: PersonalRecords;
  clock: () => number;
  logger: Logger;
}

export interface MutationResult {
  cart: CartRecord | null;
  userErrors: UserError[];
  warnings: CartWarning[];
}

export interface EditContext {
  now: number;
  /** Every line reserved by this change is held until then (and the cart's other lines are extended to it). */
  reservationUntil: number;
  requester: Requester;
}

export interface EditOutcome {
  userErrors: UserError[];
  warnings?: CartWarning[];
  /** Lines the edit already reserved until `reservationUntil` (the others are extended after it). */
  held?: ReadonlySet<string>;
  /** False for edits after which the lines' reservations must not be touched (checkout completion). @default true */
  extendReservations?: boolean;
}

export type Edit = (cart: CartRecord, ctx: EditContext) => Promise<EditOutcome>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The cart's mutations. Each runs under the cart's lock, reads the cart, applies one edit (which
 * reserves through the stock ledger, all or nothing), extends the other lines' reservations, and
 * writes the cart fenced by its version. Every mutation is idempotent: line ids and reservation ids
 * are derived from the cart's state, `cartLinesAdd` raises a line to the quantity asked (a retry
 * asks for the same and changes nothing), updates set quantities, removals of a removed line are no-ops.
 */
export class CartService {
  constructor(readonly deps: CartServiceDeps) {}

  /** The change primitive: lock, load, check, edit, extend reservations, save. */
  async change(cartId: string, requester: Requester, edit: Edit, options: { checkoutKey?: string } = {}): Promise<MutationResult> {
    const { carts, clock } = this.deps;
    const locked = await carts.withCart(cartId, async (): Promise<MutationResult> => {
      const cart = await carts.get(cartId);
      const now = clock();
      const denied = writeDenial(cart, requester, now, options.checkoutKey);
      if (denied || !cart) return { cart: visibleTo(cart, requester, now) ? cart : null, userErrors: [denied ?? userError('CART_NOT_FOUND', ['cartId'])], warnings: [] };
      const ctx: EditContext = { now, reservationUntil: now + this.deps.limits.reservationMs, requester };
      const outcome = await edit(cart, ctx);
      if (outcome.userErrors.length) return { cart: await carts.get(cartId), userErrors: outcome.userErrors, warnings: outcome.warnings ?? [] };
      const warnings = [...(outcome.warnings ?? [])];
      if (outcome.extendReservations !== false) {
        const others = cart.lines.filter((l) => !outcome.held?.has(l.id));
        for (const lineId of await this.deps.reservations.refresh(cart, others, ctx.reservationUntil)) {
          warnings.push({ code: 'CART_RESERVATION_LOST', message: 'the stock held for this line ran out while the reservation had lapsed', target: lineId });
        }
        cart.reservationExpiresAt = cart.lines.length ? iso(ctx.reservationUntil) : null;
      }
      cart.updatedAt = iso(now);
      cart.expiresAt = iso(now + this.deps.limits.ttlMs);
      if (!(await carts.save(cart))) return { cart: await carts.get(cartId), userErrors: [userError('CART_BUSY', ['cartId'])], warnings };
      if (cart.buyerEmail && cart.status === 'ACTIVE') await carts.touchActiveCart(cart.buyerEmail, cart);
      return { cart, userErrors: [], warnings };
    });
    return locked.acquired ? locked.value : { cart: null, userErrors: [userError('CART_BUSY', ['cartId'])], warnings: [] };
  }

  /**
   * A new cart in the currency of `countryCode` (else the shopper's context), with `lines` added.
   * A signed-in customer gets their active cart instead when they have one (the same on every
   * device); a guest sending `idempotencyKey` gets the cart that key made before.
   */
  async create(requester: Requester, input: { countryCode?: string | null; lines?: LineInput[] | null; idempotencyKey?: string | null }): Promise<MutationResult> {
    const open = async (): Promise<MutationResult> => {
      let cart = requester.email ? await this.activeCart(requester.email) : null;
      if (!cart) {
        const id = input.idempotencyKey && !requester.email ? await this.deps.carts.claimCreateKey(input.idempotencyKey, newCartId(), this.deps.limits.ttlMs) : newCartId();
        cart = (await this.deps.carts.get(id)) ?? (await this.insert(id, requester, input.countryCode ?? null));
      }
      if (!input.lines?.length) return { cart: visibleTo(cart, requester, this.deps.clock()) ? cart : null, userErrors: [], warnings: [] };
      const added = await this.linesAdd(cart.id, requester, input.lines);
      // The cart exists whatever became of its lines: the client keeps it and may retry the lines.
      return { ...added, cart: added.cart ?? cart, userErrors: added.userErrors.map((e) => ({ ...e, field: e.field ? ['input', ...e.field] : null })) };
    };
    if (!requester.email) return open();
    const locked = await this.deps.carts.withCustomer(requester.email, open);
    return locked.acquired ? locked.value : { cart: null, userErrors: [userError('CART_BUSY')], warnings: [] };
  }

  private async insert(id: string, requester: Requester, countryCode: string | null): Promise<CartRecord> {
    const now = this.deps.clock();
    const country = (countryCode ?? requester.country).toUpperCase();
    const cart: CartRecord = {
      id,
      currencyCode: countryCode ? currencyForCountry(country) : requester.currency,
      countryCode: country,
      customerGroup: requester.customerGroup,
      buyerEmail: requester.email,
      createdAt: iso(now),
      updatedAt: iso(now),
      expiresAt: iso(now + this.deps.limits.ttlMs),
      reservationExpiresAt: null,
      lines: [],
      movedLines: {},
      reservationSeq: 0,
      version: 0,
      status: 'ACTIVE',
      checkout: null,
      orderNumber: null,
      mergedInto: null,
    };
    if (!(await this.deps.carts.save(cart))) {
      // Another request made this cart first (the same idempotency key): theirs stands.
      const theirs = await this.deps.carts.get(id);
      if (theirs) return theirs;
    }
    if (requester.email) {
      await this.deps.carts.setActiveCart(requester.email, cart);
      await this.deps.personal.registerCart(requester.email, cart);
    }
    return cart;
  }

  /** The signed-in customer's active cart, if it is still open. */
  async activeCart(email: string): Promise<CartRecord | null> {
    const id = await this.deps.carts.activeCartId(email);
    const cart = id ? await this.deps.carts.get(id) : null;
    return cart && cart.status === 'ACTIVE' && cart.buyerEmail === email && Date.parse(cart.expiresAt) > this.deps.clock() ? cart : null;
  }

  linesAdd(cartId: string, requester: Requester, lines: LineInput[]): Promise<MutationResult> {
    return this.change(cartId, requester, (cart, ctx) => addLines(this.deps, cart, ctx, lines));
  }

  linesUpdate(cartId: string, requester: Requester, lines: LineUpdate[]): Promise<MutationResult> {
    return this.change(cartId, requester, (cart, ctx) => updateLines(this.deps, cart, ctx, lines));
  }

  linesRemove(cartId: string, requester: Requester, lineIds: string[]): Promise<MutationResult> {
    return this.change(cartId, requester, (cart) => removeLines(this.deps, cart, lineIds));
  }

  fulfillmentSet(cartId: string, requester: Requester, lineIds: string[], mode: 'SHIPPING' | 'PICKUP', locationId: string | null): Promise<MutationResult> {
    return this.change(cartId, requester, (cart, ctx) => setFulfillment(this.deps, cart, ctx, lineIds, mode, locationId));
  }

  /** After sign-in: the cart becomes the customer's, merged into their active cart if they have one. */
  buyerIdentityUpdate(cartId: string, requester: Requester, countryCode: string | null, strategy: CartMergeStrategy): Promise<MutationResult> {
    return signInMerge(this, cartId, requester, countryCode, strategy);
  }
}

import type { Money } from '@ucg/connector-core';
import type { OrderAddress, OrderOutbox, PlacedOrder } from '@ucg/order-outbox';
import type { Logger } from '@ucg/service-kit';
import type { StockLedger } from '@ucg/stock-ledger';
import { userError, type UserError, type UserErrorCode } from '../errors.ts';
import type { CartLineRecord, CartRecord } from '../model/cart.ts';
import { cartTotals, type CartTotals } from '../model/totals.ts';
import type { Requester } from '../services/access.ts';
import type { CartService } from '../services/cart-service.ts';
import { currentPrices } from '../services/line-edits.ts';
import { CheckoutRecords, type CheckoutRecord } from './checkout-records.ts';
import { planPayment, type PaymentInput } from './payment-plan.ts';
import { checkoutSteps, undo, type CheckoutRun, type StepDeps } from './steps.ts';
import { runWorkflow, StepFailure } from './workflow.ts';

export interface CheckoutInput {
  cartId: string;
  idempotencyKey: string;
  payment: PaymentInput;
  shippingAddress?: (Omit<OrderAddress, 'firstName' | 'lastName' | 'address2' | 'province' | 'phone'> & Partial<OrderAddress>) | null;
  email?: string | null;
}

export interface CheckoutResult {
  order: { number: string } | null;
  userErrors: UserError[];
}

export interface CheckoutDeps extends StepDeps {
  carts: CartService;
  records: CheckoutRecords;
  ledger: StockLedger;
  outbox: OrderOutbox;
  logger: Logger;
  clock: () => number;
  /** How long a duplicate call waits for the running one before answering CHECKOUT_IN_PROGRESS. @default 20000 */
  duplicateWaitMs?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fail = (...errors: UserError[]): CheckoutResult => ({ order: null, userErrors: errors });

function address(input: CheckoutInput['shippingAddress']): OrderAddress | null {
  if (!input) return null;
  return {
    firstName: input.firstName ?? null, lastName: input.lastName ?? null, address1: input.address1, address2: input.address2 ?? null,
    city: input.city, province: input.province ?? null, zip: input.zip, countryCode: input.countryCode, phone: input.phone ?? null,
  };
}

/**
 * `checkoutComplete`. One runner per idempotency key (a lock; duplicates wait for its outcome and
 * answer the same). Validates and re-reserves the cart under the cart's lock (marking it as in
 * checkout), then runs the steps — redeem loyalty, authorise the card, place the order in the
 * outbox — compensating the done ones if a later one fails. Once the order is placed it stands:
 * the reservations become allocations and the cart is closed, and a retry with the key answers
 * the same order. A key whose runner died mid-way is resumed with the same operation ids.
 */
export class CheckoutService {
  private readonly steps;

  constructor(private readonly deps: CheckoutDeps) {
    this.steps = checkoutSteps(deps);
  }

  async complete(input: CheckoutInput, requester: Requester): Promise<CheckoutResult> {
    const key = input.idempotencyKey;
    if (typeof key !== 'string' || key.length === 0 || key.length > 200) return fail(userError('CHECKOUT_INVALID_IDEMPOTENCY_KEY', ['idempotencyKey']));
    const since = this.deps.clock();
    const deadline = since + (this.deps.duplicateWaitMs ?? 20_000);
    for (;;) {
      const locked = await this.deps.records.withKey(key, async () => {
        const record = await this.deps.records.get(key);
        // A duplicate that waited answers with the outcome of the run it waited for.
        if (record?.state === 'FAILED' && Date.parse(record.updatedAt) >= since && record.cartId === input.cartId) {
          return fail(userError((record.lastError ?? 'CHECKOUT_FAILED') as UserErrorCode));
        }
        return this.run(input, requester, record);
      });
      if (locked.acquired) return locked.value;
      if (this.deps.clock() > deadline) return fail(userError('CHECKOUT_IN_PROGRESS', ['idempotencyKey']));
      await sleep(50 + Math.random() * 100);
    }
  }

  private async run(input: CheckoutInput, requester: Requester, record: CheckoutRecord | null): Promise<CheckoutResult> {
    const { idempotencyKey: key, cartId } = input;
    if (record && record.cartId !== cartId) return fail(userError('CHECKOUT_IDEMPOTENCY_KEY_REUSED', ['idempotencyKey']));
    if (record?.state === 'COMPLETED' && record.orderNumber) return { order: { number: record.orderNumber }, userErrors: [] };
    if (record?.pendingCompensations.length) await this.retryCompensations(record);
    const placed = await this.deps.outbox.byIdempotencyKey(key);
    if (placed) return this.finish(input, requester, placed, record);

    const email = requester.email ?? input.email?.trim().toLowerCase() ?? '';
    if (!EMAIL.test(email)) return fail(userError('CHECKOUT_EMAIL_REQUIRED', ['email']));
    const prepared = await this.prepare(input, requester);
    if ('userErrors' in prepared) return prepared;
    const { cart, totals } = prepared;

    const attempt = record ? (record.state === 'RUNNING' ? record.attempt : record.attempt + 1) : 1;
    const running: CheckoutRecord = { key, cartId, attempt, state: 'RUNNING', orderNumber: null, lastError: null, pendingCompensations: record?.pendingCompensations ?? [], updatedAt: new Date(this.deps.clock()).toISOString() };
    await this.deps.records.put(running);
    const plan = await planPayment(this.deps.carts.deps.pricing, totals, input.payment, requester.email !== null);
    if ('code' in plan) return this.abandon(input, requester, running, plan);

    const run: CheckoutRun = {
      key, reference: CheckoutRecords.reference(key), attempt, cart, email, signedIn: requester.email !== null, totals, plan,
      shippingAddress: address(input.shippingAddress), authorization: null, order: null, pending: [],
    };
    const outcome = await runWorkflow(this.steps, run);
    if (!outcome.ok) {
      const failure = outcome.error instanceof StepFailure ? outcome.error.userError : userError('CHECKOUT_FAILED');
      if (!(outcome.error instanceof StepFailure)) this.deps.logger.error({ err: outcome.error, step: outcome.step, cartId }, 'checkout step failed; completed steps compensated');
      for (const c of outcome.compensationErrors) this.deps.logger.error({ err: c.error, step: c.step, cartId, pending: run.pending }, 'checkout compensation failed; kept for the next call with this key');
      running.pendingCompensations = [...running.pendingCompensations, ...run.pending];
      return this.abandon(input, requester, running, failure);
    }
    return this.finish(input, requester, run.order!, running);
  }

  /**
   * Under the cart's lock: the cart is open and complete, prices are those the shopper saw, and
   * every line is (re)reserved until the checkout is done; the cart is then marked as in checkout.
   */
  private async prepare(input: CheckoutInput, requester: Requester): Promise<{ cart: CartRecord; totals: CartTotals } | CheckoutResult> {
    const pricing = this.deps.carts.deps.pricing;
    let errors: UserError[] = [];
    let unit = new Map<CartLineRecord['id'], Money>();
    const result = await this.deps.carts.change(input.cartId, requester, async (cart, ctx) => {
      if (cart.lines.length === 0) return { userErrors: [userError('CHECKOUT_CART_EMPTY', ['cartId'])] };
      if (cart.lines.some((l) => l.fulfillment.mode === 'SHIPPING') && !input.shippingAddress) return { userErrors: [userError('CHECKOUT_SHIPPING_ADDRESS_REQUIRED', ['shippingAddress'])] };
      const prices = await currentPrices(pricing, cart, cart.lines.map((l) => l.sku));
      // With the ERP unreachable and nothing cached, the prices the lines were added at stand.
      if (prices instanceof Map) {
        const notSold = cart.lines.filter((l) => !prices.has(l.sku));
        if (notSold.length) return { userErrors: notSold.map((l) => userError('CHECKOUT_LINE_NOT_SOLD', ['cartId'], `${l.sku} is no longer sold; remove line ${l.id}`)) };
        const changed = cart.lines.filter((l) => prices.get(l.sku)!.price.amount !== l.price.amount);
        if (changed.length) {
          // The shopper is never charged a price they were not shown: the cart takes the new prices, checkout stops.
          for (const l of changed) l.price = prices.get(l.sku)!.price;
          errors = [userError('CHECKOUT_PRICES_CHANGED', ['cartId'])];
          return { userErrors: [] };
        }
      }
      const holds = cart.lines.map((l) => ({ ...l, previous: { quantity: l.quantity, fulfillment: l.fulfillment } }));
      const held = await this.deps.carts.deps.reservations.holdAll(cart.id, holds, ctx.reservationUntil);
      if (!held.ok) {
        return { userErrors: held.shortfalls.map((s) => userError('CHECKOUT_INSUFFICIENT_STOCK', ['cartId'], `only ${s.available} of ${holds[s.index]!.sku} can be reserved (line ${holds[s.index]!.id})`)) };
      }
      held.held.forEach((h, i) => Object.assign(cart.lines[i]!, h));
      unit = new Map(cart.lines.map((l) => [l.id, l.price]));
      cart.checkout = { key: input.idempotencyKey, startedAt: new Date(ctx.now).toISOString() };
      return { userErrors: [], held: new Set(cart.lines.map((l) => l.id)) };
    }, { checkoutKey: input.idempotencyKey });
    const all = [...result.userErrors, ...errors];
    if (all.length || !result.cart) return fail(...(all.length ? all : [userError('CART_NOT_FOUND', ['cartId'])]));
    return { cart: result.cart, totals: cartTotals(result.cart, (l) => unit.get(l.id) ?? l.price) };
  }

  /** The attempt ends without an order: the cart leaves checkout (its reservations stay), the record says why. */
  private async abandon(input: CheckoutInput, requester: Requester, record: CheckoutRecord, error: UserError): Promise<CheckoutResult> {
    await this.deps.carts.change(input.cartId, requester, async (cart) => {
      cart.checkout = null;
      return { userErrors: [] };
    }, { checkoutKey: input.idempotencyKey });
    await this.deps.records.put({ ...record, state: 'FAILED', lastError: error.code, updatedAt: new Date(this.deps.clock()).toISOString() });
    return fail(error);
  }

  /** After the order is placed (now or by a runner that died): allocate the stock, close the cart, record the outcome. */
  private async finish(input: CheckoutInput, requester: Requester, order: PlacedOrder, record: CheckoutRecord | null): Promise<CheckoutResult> {
    const { ledger, carts, logger, records } = this.deps;
    const commits = await Promise.allSettled(order.lines.map((l) => (l.reservationId ? ledger.commit(l.reservationId) : Promise.resolve(null))));
    commits.forEach((c, i) => {
      // The order stands either way; inventory reconciles a reservation that lapsed before it could be allocated.
      if (c.status === 'rejected') logger.error({ err: c.reason, order: order.number, reservationId: order.lines[i]!.reservationId }, 'could not turn a reservation into an allocation');
    });
    const closed = await carts.change(input.cartId, requester, async (cart) => {
      Object.assign(cart, { status: 'COMPLETED', orderNumber: order.number, checkout: null });
      return { userErrors: [], extendReservations: false };
    }, { checkoutKey: input.idempotencyKey });
    const buyer = closed.cart?.buyerEmail ?? requester.email;
    if (buyer) {
      await carts.deps.carts.clearActiveCart(buyer, input.cartId);
      await carts.deps.personal.registerOrder(buyer, this.deps.outbox.keys.order(order.number));
    }
    if (closed.userErrors.some((e) => e.code === 'CART_BUSY')) {
      // The order stands; the next call with this key finds it in the outbox and closes the cart then.
      logger.warn({ order: order.number, cartId: input.cartId }, 'order placed but the cart could not be closed yet');
      return { order: { number: order.number }, userErrors: [] };
    }
    await records.put({
      key: input.idempotencyKey, cartId: input.cartId, attempt: record?.attempt ?? 1, state: 'COMPLETED', orderNumber: order.number, lastError: null,
      pendingCompensations: record?.pendingCompensations ?? [], updatedAt: new Date(this.deps.clock()).toISOString(),
    });
    return { order: { number: order.number }, userErrors: [] };
  }

  private async retryCompensations(record: CheckoutRecord): Promise<void> {
    const still = [];
    for (const c of record.pendingCompensations) {
      try {
        await undo(this.deps, c);
      } catch (error) {
        this.deps.logger.error({ err: error, compensation: c }, 'checkout compensation failed again');
        still.push(c);
      }
    }
    record.pendingCompensations = still;
    await this.deps.records.put(record);
  }
}

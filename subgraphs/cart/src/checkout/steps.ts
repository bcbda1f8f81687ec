import { Big, isConnectorError, money, type PaymentAuthorization } from '@ucg/connector-core';
import type { OrderAddress, OrderDraft, OrderOutbox, OrderPayment, PlacedOrder } from '@ucg/order-outbox';
import { customerIdForEmail } from '@ucg/request-context';
import { userError } from '../errors.ts';
import type { CartRecord } from '../model/cart.ts';
import type { CartTotals } from '../model/totals.ts';
import type { PendingCompensation } from './checkout-records.ts';
import type { LineTitles } from './line-titles.ts';
import type { PaymentPlan } from './payment-plan.ts';
import type { LoyaltyAccounts, PaymentGateway } from './ports.ts';
import { StepFailure, type Step } from './workflow.ts';

/** One attempt at placing one checkout, as the steps fill it in. */
export interface CheckoutRun {
  key: string;
  /** Stable per idempotency key: the base of every operation id sent to other systems. */
  reference: string;
  attempt: number;
  cart: CartRecord;
  email: string;
  signedIn: boolean;
  totals: CartTotals;
  plan: PaymentPlan;
  shippingAddress: OrderAddress | null;
  authorization: PaymentAuthorization | null;
  order: PlacedOrder | null;
  /** Undos that failed, to be tried again by the next call with this key. */
  pending: PendingCompensation[];
}

export interface StepDeps {
  loyalty: LoyaltyAccounts;
  payments: PaymentGateway;
  outbox: OrderOutbox;
  titles: LineTitles;
}

/** `<reference>:a<attempt>:<what>`: the same attempt resumed sends the same ids (applied once), a new attempt new ones. */
export const operationId = (run: CheckoutRun, what: string) => `${run.reference}:a${run.attempt}:${what}`;

function redeemsCredit(plan: PaymentPlan): boolean {
  return new Big(plan.creditUsd.amount).gt(0);
}

/** Runs an undo of another system; when it fails, remembers it for the next call with the key. */
export async function undo(deps: StepDeps, c: PendingCompensation): Promise<void> {
  if (c.kind === 'void-card') {
    await deps.payments.voidAuthorization(c.authorizationId);
    return;
  }
  await deps.loyalty.updateLoyalty(c.email, {
    operationId: c.operationId,
    ...(c.points ? { pointsDelta: c.points } : {}),
    ...(c.creditUsd ? { storeCreditDelta: money(c.creditUsd, 'USD') } : {}),
  });
}

async function undoOrRemember(deps: StepDeps, run: CheckoutRun, c: PendingCompensation): Promise<void> {
  try {
    await undo(deps, c);
  } catch (error) {
    run.pending.push(c);
    throw error;
  }
}

/** Loyalty points and store credit, taken from the CRM balance once per attempt. */
function redeemLoyalty(deps: StepDeps): Step<CheckoutRun> {
  return {
    name: 'redeem-loyalty',
    async invoke(run) {
      const { plan } = run;
      if (plan.points === 0 && !redeemsCredit(plan)) return;
      try {
        await deps.loyalty.updateLoyalty(run.email, {
          operationId: operationId(run, 'redeem'),
          ...(plan.points ? { pointsDelta: -plan.points } : {}),
          ...(redeemsCredit(plan) ? { storeCreditDelta: money(new Big(plan.creditUsd.amount).neg(), 'USD') } : {}),
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'LOYALTY_INSUFFICIENT_POINTS' || code === 'LOYALTY_INSUFFICIENT_CREDIT' || code === 'CRM_CONTACT_NOT_FOUND') {
          throw new StepFailure(userError('CHECKOUT_LOYALTY_INSUFFICIENT', ['payment']));
        }
        if (isConnectorError(error) || code === 'LOCK_TIMEOUT') throw new StepFailure(userError('CHECKOUT_LOYALTY_UNAVAILABLE', ['payment']));
        throw error;
      }
    },
    async compensate(run) {
      const { plan } = run;
      if (plan.points === 0 && !redeemsCredit(plan)) return;
      await undoOrRemember(deps, run, {
        kind: 'restore-loyalty',
        email: run.email,
        operationId: operationId(run, 'restore'),
        points: plan.points,
        creditUsd: redeemsCredit(plan) ? plan.creditUsd.amount : null,
      });
    },
  };
}

/** The rest by card: an authorisation (held, captured when the order ships), once per attempt. */
function authorizeCard(deps: StepDeps): Step<CheckoutRun> {
  return {
    name: 'authorize-card',
    async invoke(run) {
      const { plan } = run;
      if (!plan.cardToken || new Big(plan.card.amount).lte(0)) return;
      let authorization: PaymentAuthorization;
      try {
        authorization = await deps.payments.authorizePayment({ token: plan.cardToken, amount: plan.card, idempotencyKey: operationId(run, 'card') });
      } catch (error) {
        if (isConnectorError(error) && error.code === 'UPSTREAM_REJECTED') throw new StepFailure(userError('CHECKOUT_PAYMENT_DECLINED', ['payment', 'cardToken'], 'the card was refused'));
        if (isConnectorError(error)) throw new StepFailure(userError('CHECKOUT_PAYMENT_UNAVAILABLE', ['payment']));
        throw error;
      }
      if (authorization.status === 'DECLINED') {
        throw new StepFailure(userError('CHECKOUT_PAYMENT_DECLINED', ['payment', 'cardToken'], `the card was declined${authorization.declineCode ? ` (${authorization.declineCode})` : ''}`));
      }
      if (authorization.status !== 'AUTHORIZED') throw new StepFailure(userError('CHECKOUT_PAYMENT_FAILED', ['payment', 'cardToken']));
      run.authorization = authorization;
    },
    async compensate(run) {
      if (run.authorization) await undoOrRemember(deps, run, { kind: 'void-card', authorizationId: run.authorization.authorizationId });
    },
  };
}

function payments(run: CheckoutRun): OrderPayment[] {
  const { plan } = run;
  const out: OrderPayment[] = [];
  if (plan.points) out.push({ method: 'LOYALTY_POINTS', amount: plan.pointsValue, system: 'crm', reference: operationId(run, 'redeem'), points: plan.points });
  if (redeemsCredit(plan)) out.push({ method: 'STORE_CREDIT', amount: plan.credit, system: 'crm', reference: operationId(run, 'redeem'), systemAmount: plan.creditUsd });
  if (run.authorization) out.push({ method: 'CARD', amount: plan.card, system: 'webstore', reference: run.authorization.authorizationId });
  return out;
}

/** The point of no return: the order goes to the durable outbox, once per idempotency key. */
function placeOrder(deps: StepDeps): Step<CheckoutRun> {
  return {
    name: 'place-order',
    async invoke(run) {
      const { cart, totals } = run;
      const titles = await deps.titles.titles(cart.lines.map((l) => l.sku));
      const draft: OrderDraft = {
        channel: 'WEB',
        email: run.email,
        customerId: run.signedIn ? customerIdForEmail(run.email) : null,
        currencyCode: cart.currencyCode,
        countryCode: cart.countryCode,
        lines: totals.lines.map((t) => ({
          sku: t.line.sku,
          title: titles.get(t.line.sku) ?? t.line.sku,
          quantity: t.line.quantity,
          unitPrice: t.unitPrice,
          total: t.total,
          fulfillment: t.line.fulfillment,
          reservationId: t.line.reservationId,
        })),
        subtotal: totals.subtotal,
        tax: totals.tax,
        taxIncluded: totals.rule.included,
        shipping: money(0, cart.currencyCode),
        total: totals.total,
        payments: payments(run),
        loyaltyPointsEarned: run.plan.pointsEarned,
        shippingAddress: run.shippingAddress,
        source: { kind: 'cart', id: cart.id },
      };
      run.order = (await deps.outbox.place(run.key, draft)).order;
    },
  };
}

/** Loyalty before card: a shopper short of points is told before their card is touched. */
export function checkoutSteps(deps: StepDeps): Step<CheckoutRun>[] {
  return [redeemLoyalty(deps), authorizeCard(deps), placeOrder(deps)];
}

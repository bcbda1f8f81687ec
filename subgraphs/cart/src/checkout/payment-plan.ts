import { Big, isConnectorError, money, type Money } from '@ucg/connector-core';
import { pointsEarned, pointsValueUsd, type Pricing } from '@ucg/pricing';
import { userError, type UserError } from '../errors.ts';
import type { CartTotals } from '../model/totals.ts';

export interface PaymentInput {
  cardToken?: string | null;
  loyaltyPoints?: number | null;
  /** In the cart currency. */
  storeCredit?: string | null;
}

/** How the total is paid: points and store credit first (CRM), the rest by card (web store). */
export interface PaymentPlan {
  points: number;
  /** What the points pay, in the cart currency. */
  pointsValue: Money;
  credit: Money;
  /** The credit as the CRM keeps it (USD). */
  creditUsd: Money;
  card: Money;
  cardToken: string | null;
  /** Points the order earns: on goods net of tax, less what points and credit paid. */
  pointsEarned: number;
}

const DECIMAL = /^\d+(\.\d+)?$/;

async function toUsd(pricing: Pricing, amount: Money): Promise<Money> {
  return amount.currencyCode === 'USD' ? amount : pricing.convert(amount, 'USD');
}

/**
 * Splits the total between points, store credit and card, or answers why it cannot be paid so.
 * Conversions use the ERP's rates (cached); without them a non-USD cart cannot redeem.
 */
export async function planPayment(pricing: Pricing, totals: CartTotals, input: PaymentInput, signedIn: boolean): Promise<PaymentPlan | UserError> {
  const currency = totals.total.currencyCode;
  const points = input.loyaltyPoints ?? 0;
  const creditText = input.storeCredit ?? '0';
  if (!Number.isSafeInteger(points) || points < 0) return userError('CHECKOUT_INVALID_PAYMENT', ['payment', 'loyaltyPoints']);
  if (!DECIMAL.test(creditText)) return userError('CHECKOUT_INVALID_PAYMENT', ['payment', 'storeCredit']);
  const credit = money(creditText, currency);
  const redeems = points > 0 || new Big(credit.amount).gt(0);
  if (redeems && !signedIn) return userError('CART_SIGN_IN_REQUIRED', ['payment'], 'sign in to pay with loyalty points or store credit');
  let pointsValue: Money;
  let creditUsd: Money;
  try {
    pointsValue = points > 0 ? await pricing.convert(pointsValueUsd(points), currency) : money(0, currency);
    creditUsd = await toUsd(pricing, credit);
  } catch (error) {
    if (isConnectorError(error)) return userError('CHECKOUT_LOYALTY_UNAVAILABLE', ['payment']);
    throw error;
  }
  const card = new Big(totals.total.amount).minus(pointsValue.amount).minus(credit.amount);
  if (card.lt(0)) return userError('CHECKOUT_PAYMENT_EXCEEDS_TOTAL', ['payment']);
  const cardToken = input.cardToken?.trim() || null;
  if (card.gt(0) && !cardToken) return userError('CHECKOUT_PAYMENT_REQUIRED', ['payment', 'cardToken']);
  const earnedOn = new Big(totals.net.amount).minus(pointsValue.amount).minus(credit.amount);
  let earned = 0;
  try {
    earned = earnedOn.gt(0) ? pointsEarned(await toUsd(pricing, money(earnedOn, currency))) : 0;
  } catch (error) {
    // Without today's rate the order still goes through; it then earns no points (support can add them).
    if (!isConnectorError(error)) throw error;
  }
  return { points, pointsValue, credit, creditUsd, card: money(card, currency), cardToken: card.gt(0) ? cardToken : null, pointsEarned: earned };
}

import { Big, money, type Money } from '@ucg/connector-core';

/**
 * The loyalty programme's money rules, in USD (the currency the CRM keeps balances in). One place,
 * so checkout (redeeming, earning) and the customer's account (`pointsValue`) agree.
 */
export const LOYALTY_RULES = Object.freeze({
  /** What one point is worth when redeemed. */
  pointValueUsd: '0.01',
  /** Points earned per whole USD of goods paid for with money (not points), net of tax. */
  pointsPerUsd: 1,
});

/** What `points` are worth at checkout, in USD. */
export function pointsValueUsd(points: number): Money {
  return money(new Big(LOYALTY_RULES.pointValueUsd).times(points), 'USD');
}

/** Points earned for an amount paid (USD, net of tax and of what points and credit paid). */
export function pointsEarned(paidUsd: Money): number {
  if (paidUsd.currencyCode !== 'USD') throw new Error(`points are earned on USD amounts, got ${paidUsd.currencyCode}`);
  const earned = new Big(paidUsd.amount).times(LOYALTY_RULES.pointsPerUsd).round(0, Big.roundDown);
  return Math.max(0, earned.toNumber());
}

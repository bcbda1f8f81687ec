import { Big, ConnectorError, convertMoney, money, type ExchangeRateRecord, type Money } from '@ucg/connector-core';

/** Loyalty points are kept, and earned, in USD terms: the rule is set in USD, then converted. */
export const POINTS_CURRENCY = 'USD';

/**
 * The rate for 1 USD in `currency`, from the ERP's current rates: the direct quotation, else the
 * inverse of the reverse pair. No rate at all is the ERP's gap, reported as such.
 */
export function usdRate(rates: readonly ExchangeRateRecord[], currency: string): string {
  if (currency === POINTS_CURRENCY) return '1';
  const direct = rates.find((r) => r.from === POINTS_CURRENCY && r.to === currency);
  if (direct) return direct.rate;
  const reverse = rates.find((r) => r.from === currency && r.to === POINTS_CURRENCY);
  if (reverse && !new Big(reverse.rate).eq(0)) return new Big(1).div(reverse.rate).toFixed(10);
  throw new ConnectorError('UPSTREAM_NOT_FOUND', 'erp', `the ERP publishes no exchange rate between ${POINTS_CURRENCY} and ${currency}`);
}

/** `points` × `pointValueUsd` in USD, converted at `rate` (1 USD = rate units), rounded half-even to the currency. */
export function pointsValue(points: number, pointValueUsd: string, currency: string, rate: string): Money {
  const usd = money(new Big(points).times(pointValueUsd), POINTS_CURRENCY);
  return convertMoney(usd, currency, rate);
}

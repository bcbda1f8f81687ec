import Big from 'big.js';

/** The canonical money shape: a decimal string and an ISO 4217 code, never a float. */
export interface Money {
  amount: string;
  currencyCode: string;
}

const minorUnits: Record<string, number> = { JPY: 0, KRW: 0 };

/** Decimal places a currency is quoted in (2 for most, 0 for JPY). */
export function currencyDecimals(currencyCode: string): number {
  return minorUnits[currencyCode] ?? 2;
}

/** Normalises any decimal input ("19.9", 19.9, "19.900") to the currency's scale ("19.90"). */
export function money(amount: string | number | Big, currencyCode: string): Money {
  return { amount: new Big(amount).round(currencyDecimals(currencyCode), Big.roundHalfEven).toFixed(currencyDecimals(currencyCode)), currencyCode };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currencyCode !== b.currencyCode) throw new Error(`cannot add ${a.currencyCode} to ${b.currencyCode}`);
  return money(new Big(a.amount).plus(b.amount), a.currencyCode);
}

export function sumMoney(items: readonly Money[], currencyCode: string): Money {
  return items.reduce((acc, m) => addMoney(acc, m), money(0, currencyCode));
}

export function multiplyMoney(m: Money, factor: string | number): Money {
  return money(new Big(m.amount).times(factor), m.currencyCode);
}

/** Converts at `rate` (1 unit of `m.currencyCode` = rate units of `to`), rounding half-even. */
export function convertMoney(m: Money, to: string, rate: string | number): Money {
  return m.currencyCode === to ? m : money(new Big(m.amount).times(rate), to);
}

export function compareMoney(a: Money, b: Money): number {
  if (a.currencyCode !== b.currencyCode) throw new Error(`cannot compare ${a.currencyCode} with ${b.currencyCode}`);
  return new Big(a.amount).cmp(b.amount);
}

export { Big };

import { Big, money, type Money } from '@ucg/connector-core';

/** How a country taxes a sale. */
export interface TaxRule {
  countryCode: string;
  /** Decimal string: "0.19" for 19 %. */
  rate: string;
  /** True where prices already include the tax (VAT), false where it is added on top (US sales tax). */
  included: boolean;
  kind: 'VAT' | 'SALES_TAX' | 'NONE';
}

type RuleRow = Omit<TaxRule, 'countryCode'>;
const vat = (rate: string): RuleRow => ({ rate, included: true, kind: 'VAT' });
const salesTax = (rate: string): RuleRow => ({ rate, included: false, kind: 'SALES_TAX' });

/**
 * The rule table. US, CA, GB, DE, NL and FR carry the rates the seeded order history used
 * (legacy/seed `taxRates`); US sales tax is one flat rate there, as the seed has it (a tax
 * provider would answer per ship-to address in production). The other rows are the standard VAT
 * rates of the countries the shop sells to in their own currency.
 */
export const TAX_RULES: Readonly<Record<string, RuleRow>> = Object.freeze({
  US: salesTax('0.0875'),
  CA: salesTax('0.13'),
  GB: vat('0.2'),
  DE: vat('0.19'),
  NL: vat('0.21'),
  FR: vat('0.2'),
  AT: vat('0.2'),
  BE: vat('0.21'),
  ES: vat('0.21'),
  IT: vat('0.22'),
  IE: vat('0.23'),
  PT: vat('0.23'),
  LU: vat('0.17'),
  FI: vat('0.255'),
  SE: vat('0.25'),
  DK: vat('0.25'),
  PL: vat('0.23'),
  CH: vat('0.081'),
});

/** The rule for a country; countries without one are not taxed by the shop (exports). */
export function taxRule(countryCode: string): TaxRule {
  const code = countryCode.toUpperCase();
  return { countryCode: code, ...(TAX_RULES[code] ?? { rate: '0', included: false, kind: 'NONE' as const }) };
}

/**
 * The tax in `amount` (included) or on it (added), rounded half-even to the currency. Applied per
 * line and summed, as invoices do.
 */
export function taxOn(amount: Money, rule: TaxRule): Money {
  const rate = new Big(rule.rate);
  const value = new Big(amount.amount);
  return money(rule.included ? value.times(rate).div(rate.plus(1)) : value.times(rate), amount.currencyCode);
}

/** What the shopper pays for `amount` of goods: the same amount where tax is included, plus the tax where it is added. */
export function grossOf(amount: Money, tax: Money, rule: TaxRule): Money {
  return rule.included ? amount : money(new Big(amount.amount).plus(tax.amount), amount.currencyCode);
}

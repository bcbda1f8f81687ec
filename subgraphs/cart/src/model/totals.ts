import { Big, money, multiplyMoney, sumMoney, type Money } from '@ucg/connector-core';
import { grossOf, taxOn, taxRule, type TaxRule } from '@ucg/pricing';
import type { CartLineRecord, CartRecord } from './cart.ts';

export interface LineTotal {
  line: CartLineRecord;
  unitPrice: Money;
  total: Money;
  tax: Money;
}

export interface CartTotals {
  lines: LineTotal[];
  /** Sum of line totals, as priced (VAT included where the country includes it). */
  subtotal: Money;
  tax: Money;
  /** What the shopper pays: the subtotal, plus the tax where it is added on top. */
  total: Money;
  /** Goods net of tax (what loyalty points are earned on). */
  net: Money;
  rule: TaxRule;
}

/**
 * A cart's money, from one unit price per line: line totals, tax per line (rounded per line, as an
 * invoice does) under the buyer country's rule, and the totals. Pure: the cart view and checkout
 * compute the same numbers.
 */
export function cartTotals(cart: CartRecord, unitPrice: (line: CartLineRecord) => Money): CartTotals {
  const rule = taxRule(cart.countryCode);
  const lines = cart.lines.map((line) => {
    const unit = unitPrice(line);
    const total = multiplyMoney(unit, line.quantity);
    return { line, unitPrice: unit, total, tax: taxOn(total, rule) };
  });
  const subtotal = sumMoney(lines.map((l) => l.total), cart.currencyCode);
  const tax = sumMoney(lines.map((l) => l.tax), cart.currencyCode);
  const total = grossOf(subtotal, tax, rule);
  const net = rule.included ? money(new Big(subtotal.amount).minus(tax.amount), cart.currencyCode) : subtotal;
  return { lines, subtotal, tax, total, net, rule };
}

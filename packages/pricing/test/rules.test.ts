import { describe, expect, it } from 'vitest';
import { money } from '@ucg/connector-core';
import { taxRates } from '@ucg/legacy-seed';
import { RateTable, grossOf, pointsEarned, pointsValueUsd, taxOn, taxRule } from '../src/index.ts';

describe('tax rules', () => {
  it('carries the rates and inclusion the seeded order history used', () => {
    for (const [country, { rate, included }] of Object.entries(taxRates)) {
      const rule = taxRule(country);
      expect(Number(rule.rate)).toBe(rate);
      expect(rule.included).toBe(included);
    }
  });

  it('adds US sales tax on top and finds EU/UK VAT inside the price, rounding half-even per amount', () => {
    const us = taxRule('us');
    expect(taxOn(money('100.00', 'USD'), us)).toEqual(money('8.75', 'USD'));
    expect(grossOf(money('100.00', 'USD'), taxOn(money('100.00', 'USD'), us), us)).toEqual(money('108.75', 'USD'));
    // 0.0875 × 10.00 = 0.875: half-even rounds to 0.88 (8 is even), 0.0875 × 30.00 = 2.625 → 2.62.
    expect(taxOn(money('10.00', 'USD'), us).amount).toBe('0.88');
    expect(taxOn(money('30.00', 'USD'), us).amount).toBe('2.62');
    const de = taxRule('DE');
    expect(taxOn(money('119.00', 'EUR'), de)).toEqual(money('19.00', 'EUR'));
    expect(grossOf(money('119.00', 'EUR'), money('19.00', 'EUR'), de)).toEqual(money('119.00', 'EUR'));
    // 39.99 / 6 = 6.665: half-even keeps 6.66.
    expect(taxOn(money('39.99', 'GBP'), taxRule('GB'))).toEqual(money('6.66', 'GBP'));
  });

  it('does not tax countries the shop has no rule for', () => {
    expect(taxRule('BR')).toMatchObject({ rate: '0', included: false, kind: 'NONE' });
    expect(taxOn(money('50.00', 'USD'), taxRule('BR'))).toEqual(money('0.00', 'USD'));
  });
});

describe('exchange-rate table', () => {
  const table = RateTable.fromRecords(
    [
      { from: 'USD', to: 'EUR', rate: '0.9', validFrom: '2026-11-01', rateType: 'M' },
      { from: 'USD', to: 'JPY', rate: '150', validFrom: '2026-11-01', rateType: 'M' },
    ],
    'USD',
  );

  it('uses the published pair, inverts it, and crosses through the base currency', () => {
    expect(table.rate('USD', 'EUR')).toBe('0.9');
    expect(table.rate('EUR', 'USD')).toBe('1.1111111111');
    expect(table.rate('EUR', 'JPY')).toBe('166.6666666667');
    expect(() => table.rate('USD', 'CHF')).toThrow(expect.objectContaining({ code: 'PRICING_NO_RATE' }));
  });
});

describe('loyalty rules', () => {
  it('values points at one cent and earns one point per whole USD paid', () => {
    expect(pointsValueUsd(7420)).toEqual(money('74.20', 'USD'));
    expect(pointsEarned(money('49.99', 'USD'))).toBe(49);
    expect(pointsEarned(money('-5.00', 'USD'))).toBe(0);
  });
});

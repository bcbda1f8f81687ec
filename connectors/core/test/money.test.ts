import { describe, expect, it } from 'vitest';
import { addMoney, convertMoney, money, sumMoney } from '../src/index.ts';

describe('money', () => {
  it('keeps decimals exact where floats would not', () => {
    expect(addMoney(money('0.1', 'USD'), money('0.2', 'USD'))).toEqual({ amount: '0.30', currencyCode: 'USD' });
    expect(sumMoney([money('19.99', 'EUR'), money('0.01', 'EUR'), money(5, 'EUR')], 'EUR').amount).toBe('25.00');
  });
  it('rounds half to even at the currency scale', () => {
    expect(money('2.345', 'USD').amount).toBe('2.34');
    expect(money('2.355', 'USD').amount).toBe('2.36');
    expect(convertMoney(money('100.00', 'USD'), 'JPY', '153.425').amount).toBe('15342');
  });
  it('refuses to add different currencies', () => {
    expect(() => addMoney(money(1, 'USD'), money(1, 'EUR'))).toThrow(/USD/);
  });
});

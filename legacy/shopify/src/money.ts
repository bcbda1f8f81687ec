/**
 * Money in the stand-in is held in minor units (integers) and rendered the way Shopify's
 * `Decimal`/`Money` scalars serialise: "29.0", "29.9", "29.99" (trailing zeros dropped, one kept).
 */
export function toCents(amount: string): number {
  const [whole = '0', frac = ''] = amount.trim().replace(/^-/, '').split('.');
  const cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return amount.trim().startsWith('-') ? -cents : cents;
}

export function shopifyDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0').replace(/0$/, '');
  return `${sign}${whole}.${frac || '0'}`;
}

/** Converts minor units at a decimal-string rate, rounding half away from zero to the cent. */
export function convertCents(cents: number, rate: string): number {
  return Math.round(cents * Number(rate));
}

import { Big, type ExchangeRateRecord } from '@ucg/connector-core';
import { PricingError } from './errors.ts';

/** Decimal places kept for a derived (inverted or crossed) rate, as the ERP keeps its own. */
const RATE_SCALE = 10;

/**
 * The ERP's rates as a look-up: the published pair when there is one, else its inverse, else a
 * cross rate through the base currency. Plain data (a `pairs` object) so it can be cached as JSON.
 */
export class RateTable {
  constructor(
    /** `FROM>TO` → rate. */
    readonly pairs: Readonly<Record<string, string>>,
    private readonly base: string,
  ) {}

  static fromRecords(records: readonly ExchangeRateRecord[], base: string): RateTable {
    const pairs: Record<string, string> = {};
    for (const r of records) pairs[`${r.from}>${r.to}`] = r.rate;
    return new RateTable(pairs, base);
  }

  private direct(from: string, to: string): Big | null {
    const rate = this.pairs[`${from}>${to}`];
    if (rate !== undefined) return new Big(rate);
    const inverse = this.pairs[`${to}>${from}`];
    if (inverse !== undefined && !new Big(inverse).eq(0)) return new Big(1).div(inverse);
    return null;
  }

  /** 1 `from` = rate `to`, as a decimal string. Throws `PRICING_NO_RATE` when nothing connects them. */
  rate(from: string, to: string): string {
    if (from === to) return '1';
    let rate = this.direct(from, to);
    if (!rate && from !== this.base && to !== this.base) {
      const viaBase = [this.direct(from, this.base), this.direct(this.base, to)];
      if (viaBase[0] && viaBase[1]) rate = viaBase[0].times(viaBase[1]);
    }
    if (!rate) throw new PricingError('PRICING_NO_RATE', `the ERP publishes no exchange rate from ${from} to ${to}`);
    return rate.round(RATE_SCALE, Big.roundHalfEven).toString();
  }
}

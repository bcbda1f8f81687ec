import { Big, type ExchangeRateRecord } from '@ucg/connector-core';
import { parseODataDate } from '../odata.ts';

/** A_ExchangeRate (TCURR): rate with ratio factors; a negative rate is an indirect quotation. */
export interface SapExchangeRate {
  ExchangeRateType: string;
  SourceCurrency: string;
  TargetCurrency: string;
  ExchangeRateEffectiveDate: string;
  ExchangeRate: string;
  NumberOfSourceCurrencyUnits: string;
  NumberOfTargetCurrencyUnits: string;
}

/** Normalises to "1 source = rate target": divides out the ratio factors and inverts indirect quotations. */
export function mapExchangeRate(r: SapExchangeRate): ExchangeRateRecord {
  const sourceUnits = new Big(r.NumberOfSourceCurrencyUnits || '1');
  const targetUnits = new Big(r.NumberOfTargetCurrencyUnits || '1');
  const quoted = new Big(r.ExchangeRate);
  // Direct: sourceUnits source = quoted × targetUnits target. Indirect (negative): targetUnits target = |quoted| × sourceUnits source.
  const perSource = quoted.gte(0) ? quoted.times(targetUnits).div(sourceUnits) : targetUnits.div(quoted.abs().times(sourceUnits));
  return {
    from: r.SourceCurrency,
    to: r.TargetCurrency,
    rate: perSource.round(10).toString(),
    validFrom: parseODataDate(r.ExchangeRateEffectiveDate) ?? '',
    rateType: r.ExchangeRateType,
  };
}

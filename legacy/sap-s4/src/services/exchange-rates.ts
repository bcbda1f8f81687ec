import Big from 'big.js';
import type { Retailer } from '@ucg/legacy-seed';
import { sapDate, type Row } from '../odata/edm.ts';
import { p, type EntitySetDef, type ServiceDef } from '../odata/model.ts';

/**
 * API_EXCHANGERATE_SRV / A_ExchangeRate (table TCURR): rate type M (average rate). SAP keeps the
 * rate as DEC(9,5) plus "ratio" factors: 1 EUR = 1.085187 USD is stored as 10 EUR = 10.85187 USD
 * (`NumberOfSourceCurrencyUnits` 10). Clients must divide by the factors; a negative rate would
 * be an indirect quotation.
 */

function withFactor(rate: string): { rate: string; units: number } {
  for (const units of [1, 10, 100, 1000]) {
    const scaled = new Big(rate).times(units);
    if (scaled.round(5).eq(scaled)) return { rate: scaled.toFixed(5), units };
  }
  return { rate: new Big(rate).times(1000).toFixed(5), units: 1000 };
}

export function exchangeRateService(retailer: Retailer): ServiceDef {
  const rows: Row[] = retailer.exchangeRates
    .map((r) => {
      const { rate, units } = withFactor(r.rate);
      return {
        ExchangeRateType: 'M', SourceCurrency: r.from, TargetCurrency: r.to, ExchangeRateEffectiveDate: sapDate(r.validFrom),
        ExchangeRate: rate, NumberOfSourceCurrencyUnits: String(units), NumberOfTargetCurrencyUnits: '1',
      };
    })
    .sort((a, b) => `${a.SourceCurrency}${a.TargetCurrency}`.localeCompare(`${b.SourceCurrency}${b.TargetCurrency}`));
  const set: EntitySetDef = {
    name: 'A_ExchangeRate', type: 'A_ExchangeRateType', label: 'Exchange Rate', keys: ['ExchangeRateType', 'SourceCurrency', 'TargetCurrency', 'ExchangeRateEffectiveDate'],
    properties: [
      p.key('ExchangeRateType', 4), p.key('SourceCurrency', 5), p.key('TargetCurrency', 5), { ...p.date('ExchangeRateEffectiveDate'), nullable: false },
      p.dec('ExchangeRate', 9, 5), p.dec('NumberOfSourceCurrencyUnits', 9, 0), p.dec('NumberOfTargetCurrencyUnits', 9, 0),
    ],
    rows: () => rows,
  };
  return { name: 'API_EXCHANGERATE_SRV', component: 'BC-SRV-BSF-CUR', sets: [set] };
}

import type { ExchangeRateRecord } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { mapExchangeRate, type SapExchangeRate } from './map/rate.ts';

/** The rate type the retailer converts prices with (M = average rate). */
const RATE_TYPE = 'M';

/** Current exchange rates: per currency pair the latest rate in effect today. */
export async function exchangeRates(ctx: SapContext): Promise<ExchangeRateRecord[]> {
  const rows = await ctx.client.list<SapExchangeRate>('API_EXCHANGERATE_SRV', 'A_ExchangeRate', { $filter: `ExchangeRateType eq '${RATE_TYPE}'` });
  const now = ctx.now().toISOString();
  const latest = new Map<string, ExchangeRateRecord>();
  for (const rate of rows.map(mapExchangeRate)) {
    if (rate.validFrom > now) continue;
    const key = `${rate.from}|${rate.to}`;
    const seen = latest.get(key);
    if (!seen || seen.validFrom < rate.validFrom) latest.set(key, rate);
  }
  return [...latest.values()];
}

import type { ExchangeRateRecord } from '@ucg/connector-core';
import type { SapConnector } from '@ucg/connector-sap';
import type { Store } from '@ucg/store';

const KEY = 'customers:fx:{erp-rates}';

/**
 * The ERP's current exchange rates, shared by every instance through the Store for `ttlMs` (the
 * ERP publishes them once a day). A Store hiccup only costs an ERP call, never the answer.
 */
export async function currentRates(erp: SapConnector, store: Store, ttlMs: number): Promise<ExchangeRateRecord[]> {
  const cached = await store.get(KEY).catch(() => null);
  if (cached) return JSON.parse(cached) as ExchangeRateRecord[];
  const rates = await erp.exchangeRates();
  // An empty answer is not worth remembering: the next request asks the ERP again.
  if (rates.length) await store.set(KEY, JSON.stringify(rates), { ttlMs }).catch(() => false);
  return rates;
}

import { ReadThroughCache } from '@ucg/cache';
import { convertMoney, type Money } from '@ucg/connector-core';
import type { SapConnector } from '@ucg/connector-sap';
import { RateTable } from '@ucg/pricing';
import type { Store } from '@ucg/store';

/** The ERP publishes every pair; crosses (if ever needed) go through the retailer's home currency. */
const BASE = 'USD';

/**
 * The ERP's exchange rates (the retailer's rate authority), read once per TTL into the Store and
 * shared by every report and loyalty figure this subgraph computes.
 */
export class FxRates {
  private readonly cache: ReadThroughCache<Record<string, string>>;

  constructor(erp: Pick<SapConnector, 'exchangeRates'>, store: Store, ttlMs: number) {
    this.cache = new ReadThroughCache({
      store,
      namespace: 'orders:fx',
      ttlMs,
      load: async () => new Map([['M', RateTable.fromRecords(await erp.exchangeRates(), BASE).pairs]]),
    });
  }

  async table(): Promise<RateTable> {
    const pairs = (await this.cache.get('M')).value ?? {};
    return new RateTable(pairs, BASE);
  }

  /** `m` in `to` at the ERP's rate, rounded half-even to the currency's decimals. */
  static convert(table: RateTable, m: Money, to: string): Money {
    return convertMoney(m, to, table.rate(m.currencyCode, to));
  }
}

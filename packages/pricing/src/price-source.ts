import type { ExchangeRateRecord, PriceRecord } from '@ucg/connector-core';

/**
 * Where prices and exchange rates come from: the retailer's price authority (the ERP). A port, so
 * pricing never imports a connector; `SapConnector` satisfies it structurally.
 */
export interface PriceSource {
  /**
   * Prices valid today for SKUs in one currency and customer group, in one batched call. SKUs
   * without a price are absent from the answer; a group without its own price may answer with the
   * retail group's (the record says which group applied).
   */
  salesPrices(skus: readonly string[], currency: string, customerGroup?: string): Promise<PriceRecord[]>;
  /** Rates in force today, `1 from = rate to`, normalised to direct quotation. */
  exchangeRates(): Promise<ExchangeRateRecord[]>;
}

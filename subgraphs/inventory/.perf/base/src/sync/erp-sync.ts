import type { StockRecord } from '@ucg/connector-core';
import { mapPlantStock, odataString, type SapConnector } from '@ucg/connector-sap';
import type { Logger } from '@ucg/service-kit';
import type { SourceHealth } from '../stock/health.ts';
import type { StockCaches } from '../stock/stock-caches.ts';
import { factsOf } from '../stock/values.ts';

/** A_MatlStkInAcctMod as the connector's mapper reads it. */
type SapStockRow = Parameters<typeof mapPlantStock>[0][number];

/**
 * The ERP sends no stock notifications, so its plant stock is read on a timer (the whole plant in
 * one paged read) and pushed into the cache and the ledger like any other system's news. Requests
 * never call the ERP for stock; they read what the last sync learnt.
 */
export class ErpStockSync {
  private snapshot = new Map<string, StockRecord>();
  private first: Promise<void> | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly sap: SapConnector,
    private readonly caches: StockCaches,
    private readonly health: SourceHealth,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    // Three missed syncs and the ERP's numbers are reported stale.
    health.expectEvery('erp', intervalMs * 3);
  }

  /** Runs the first sync (resolves when it has finished, well or not) and then one every interval. */
  start(): Promise<void> {
    this.first ??= this.syncOnce().catch(() => undefined);
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.syncOnce().catch(() => undefined).finally(schedule), this.intervalMs);
      this.timer.unref();
    };
    void this.first.then(schedule);
    return this.first;
  }

  /** One read of the plant's stock. Concurrent calls share it. */
  syncOnce(): Promise<void> {
    this.running ??= this.read().finally(() => (this.running = undefined));
    return this.running;
  }

  private async read(): Promise<void> {
    const plant = this.sap.config.plant;
    const asOf = new Date().toISOString();
    try {
      const [rows = []] = await this.sap.batch<SapStockRow>('API_MATERIAL_STOCK_SRV', [
        { path: 'A_MatlStkInAcctMod', query: { $filter: `Plant eq ${odataString(plant)}` } },
      ]);
      const records = mapPlantStock(rows, asOf);
      const previous = this.snapshot;
      this.snapshot = new Map(records.map((r) => [r.sku, r]));
      const gone = [...previous.keys()].filter((sku) => !this.snapshot.has(sku));
      await this.caches.push('erp', factsOf(records), { skus: gone, asOf });
      this.health.ok('erp');
      this.logger.debug({ system: 'erp', skus: records.length }, 'ERP plant stock synced');
    } catch (error) {
      this.health.failed('erp', error);
      this.logger.warn({ err: error, system: 'erp' }, 'ERP plant stock sync failed; serving the last synced stock');
      throw error;
    }
  }

  /** The last synced stock of these SKUs (waits for the first sync after start-up). */
  async records(skus: readonly string[]): Promise<StockRecord[]> {
    await this.first;
    return skus.flatMap((s) => (this.snapshot.has(s) ? [this.snapshot.get(s)!] : []));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

import type { StockRecord } from '@ucg/connector-core';
import type { ShopifyConnector } from '@ucg/connector-shopify';
import type { Logger } from '@ucg/service-kit';
import type { SourceHealth } from '../stock/health.ts';
import type { LedgerWriter } from '../stock/ledger-writer.ts';
import { factsOf, type StockFact } from '../stock/values.ts';

/**
 * The web store's stock at every store, copied whole at start-up and on an interval (one bulk
 * export each time, which spends no query-cost budget) and kept current in between by its
 * `inventory_levels/update` webhooks. Reading 50 variants × 10 stores from Shopify per request
 * would take several cost-limited queries (and seconds of throttling); a cache miss for a SKU the
 * copy covers is answered from it instead, and only SKUs the shop did not export are asked live.
 */
export class StoreStockSeed {
  private levels = new Map<string, Map<string, StockRecord>>();
  /** SKUs whose copied counts are in the ledger (reads of them need not touch the cache). */
  private synced = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private background: Promise<void> = Promise.resolve();

  constructor(
    private readonly shopify: ShopifyConnector,
    private readonly writer: LedgerWriter,
    private readonly health: SourceHealth,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Exports now (resolves once the copy answers reads, well or not) and again every interval. */
  async start(): Promise<void> {
    await this.seed().catch(() => undefined);
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.seed().catch(() => undefined).finally(schedule), this.intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  async seed(): Promise<void> {
    const startedAt = new Date().toISOString();
    let records: StockRecord[];
    try {
      records = await this.shopify.exportInventoryLevels();
    } catch (error) {
      this.health.failed('webstore', error);
      this.logger.warn({ err: error, system: 'webstore' }, 'store stock export failed; stores are read from the shop per request until the next one');
      throw error;
    }
    const levels = new Map<string, Map<string, StockRecord>>();
    for (const r of records) {
      let bySku = levels.get(r.sku);
      if (!bySku) levels.set(r.sku, (bySku = new Map()));
      bySku.set(r.locationNativeId, r);
    }
    this.levels = levels;
    this.health.ok('webstore');
    this.logger.info({ system: 'webstore', skus: levels.size, levels: records.length }, 'store stock copied from a bulk export');
    // The ledger learns every store's count (reports such as lowStock walk it), without holding up reads.
    const facts = factsOf(records);
    this.background = this.writer.apply('webstore', facts, { skus: [...levels.keys()], asOf: startedAt }).then(
      () => {
        this.synced = new Set(levels.keys());
      },
      (error: unknown) => this.logger.error({ err: error, system: 'webstore' }, 'store stock copy could not be written to the ledger; reads still feed it'),
    );
  }

  /** Splits SKUs into those the copy covers (with their records) and those to ask the shop about. */
  lookup(skus: readonly string[]): { records: StockRecord[]; uncovered: string[] } {
    const records: StockRecord[] = [];
    const uncovered: string[] = [];
    for (const sku of skus) {
      const bySku = this.levels.get(sku);
      if (bySku) records.push(...bySku.values());
      else uncovered.push(sku);
    }
    return { records, uncovered };
  }

  /** SKUs a request must read through the cache: those whose copied counts are not in the ledger yet. */
  unsynced(skus: readonly string[]): string[] {
    return skus.filter((s) => !this.synced.has(s));
  }

  /** A pushed change keeps the copy current (the newest report per store wins). */
  update(facts: readonly StockFact[]): void {
    for (const f of facts) {
      const native = f.locationId.slice(f.locationId.indexOf(':') + 1);
      const bySku = this.levels.get(f.sku);
      if (!bySku) continue;
      const current = bySku.get(native);
      if (current && current.asOf > f.value.asOf) continue;
      bySku.set(native, {
        sku: f.sku, system: 'webstore', locationNativeId: native, asOf: f.value.asOf, available: f.value.available,
        onHand: f.value.onHand ?? current?.onHand ?? f.value.available, committed: f.value.committed ?? current?.committed ?? 0,
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.background;
  }
}

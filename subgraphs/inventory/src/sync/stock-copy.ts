import type { StockRecord } from '@ucg/connector-core';
import type { Logger } from '@ucg/service-kit';
import type { StockSystem } from '../locations/ids.ts';
import type { SourceHealth } from '../stock/health.ts';
import type { AbsentSkus } from '../stock/ledger-writer.ts';
import { factsOf, isKeyableSku, type StockFact } from '../stock/values.ts';

/** One complete read of a system's stock. */
export interface FullStockRead {
  records: StockRecord[];
  /** Every SKU the read covers, those held nowhere included. @default the SKUs of `records` */
  skus?: readonly string[];
}

export interface StockCopyOptions {
  system: StockSystem;
  /** The read's name in logs ("bulk export", "full stock read"). */
  what: string;
  read: () => Promise<FullStockRead>;
  /** Where a read's numbers go (the ledger, and for some systems the cache); it is a complete report. */
  write: (facts: StockFact[], absent: AbsentSkus) => Promise<void>;
  intervalMs: number;
  /** After a failed read the next comes this soon, not a whole interval later. */
  retryMs: number;
  health: SourceHealth;
  logger: Logger;
}

/**
 * A system's whole stock, copied at start-up and on an interval (one bulk read each time) and kept
 * current in between by its webhooks. Reading many SKUs × locations from a rate-limited system per
 * request would throttle; with the copy, requests read the ledger, a cache miss for a SKU the copy
 * covers is answered from it, and only SKUs the read did not list are asked live.
 */
export class StockCopy {
  private levels = new Map<string, Map<string, StockRecord>>();
  /** SKUs whose copied counts are in the ledger (reads of them need not touch the cache). */
  private synced = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: StockCopyOptions) {}

  /** Reads now (resolves once the copy is in the ledger, or the read failed) and again every interval. */
  async start(): Promise<void> {
    this.schedule(await this.refresh().then(() => true, () => false));
  }

  private schedule(succeeded: boolean): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.refresh().then(() => true, () => false).then((ok) => this.schedule(ok)), succeeded ? this.options.intervalMs : this.options.retryMs);
    this.timer.unref();
  }

  /** One complete read into the copy and the ledger; concurrent calls share it. */
  refresh(): Promise<void> {
    this.running ??= this.readOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async readOnce(): Promise<void> {
    const { system, what, health, logger } = this.options;
    const started = Date.now();
    let read: FullStockRead;
    try {
      read = await this.options.read();
    } catch (error) {
      if (this.stopped) return;
      health.failed(system, error);
      logger.warn({ err: error, system }, `${what} failed; its SKUs are read live per request until the next one`);
      throw error;
    }
    if (this.stopped) return;
    const levels = new Map<string, Map<string, StockRecord>>();
    for (const sku of read.skus ?? []) levels.set(sku, new Map());
    const put = (r: StockRecord) => {
      let bySku = levels.get(r.sku);
      if (!bySku) levels.set(r.sku, (bySku = new Map()));
      bySku.set(r.locationNativeId, r);
    };
    for (const r of read.records) put(r);
    // Pushes that arrived while the read was under way are newer than what it saw.
    for (const bySku of this.levels.values()) for (const r of bySku.values()) if (Date.parse(r.asOf) > started) put(r);
    this.levels = levels;
    health.ok(system);
    const facts = factsOf([...levels.values()].flatMap((bySku) => [...bySku.values()]));
    const readMs = Date.now() - started;
    this.writing = this.options.write(facts, { skus: [...levels.keys()].filter(isKeyableSku), asOf: new Date(started).toISOString() }).then(
      () => {
        this.synced = new Set(levels.keys());
        logger.info({ system, skus: levels.size, levels: facts.length, readMs, writeMs: Date.now() - started - readMs }, `stock copied by a ${what}`);
      },
      (error: unknown) => logger.error({ err: error, system }, `${what} could not be written to the ledger; reads still feed it`),
    );
    await this.writing;
  }

  /** Splits SKUs into those the copy covers (with their records) and those to ask the system about. */
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

  /** Records for these SKUs: from the copy, and from `live` (one call) for those it does not cover. */
  async orLive(skus: readonly string[], live: (uncovered: string[]) => Promise<StockRecord[]>): Promise<StockRecord[]> {
    const { records, uncovered } = this.lookup(skus);
    return uncovered.length ? [...records, ...(await live(uncovered))] : records;
  }

  /** SKUs a request must read through the cache: those whose copied counts are not in the ledger. */
  unsynced(skus: readonly string[]): string[] {
    return skus.filter((s) => !this.synced.has(s));
  }

  /** A pushed change keeps the copy current (the newest report per location wins). */
  update(facts: readonly StockFact[]): void {
    for (const f of facts) {
      const native = f.locationId.slice(f.locationId.indexOf(':') + 1);
      const bySku = this.levels.get(f.sku);
      if (!bySku) continue;
      const current = bySku.get(native);
      if (current && Date.parse(current.asOf) > Date.parse(f.value.asOf)) continue;
      bySku.set(native, {
        sku: f.sku, system: this.options.system, locationNativeId: native, asOf: f.value.asOf, available: f.value.available,
        onHand: f.value.onHand ?? current?.onHand ?? f.value.available, committed: f.value.committed ?? current?.committed ?? 0,
      });
    }
  }

  /** Stops the schedule; a write under way finishes (a read under way is dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.writing;
  }
}

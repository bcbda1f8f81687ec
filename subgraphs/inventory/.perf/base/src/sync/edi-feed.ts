import type { EdiConnector, EdiMessage } from '@ucg/connector-x12-edi';
import type { Logger } from '@ucg/service-kit';
import type { SourceHealth } from '../stock/health.ts';
import type { StockCaches } from '../stock/stock-caches.ts';
import { factsOf } from '../stock/values.ts';

/**
 * The EU warehouse pushes its stock as X12 846 files (a snapshot every few minutes, an item advice
 * per movement). The connector's `watch` reads them in this process; each one updates the cache and
 * the ledger at once.
 */
export class EdiStockFeed {
  private watch: { stop(): Promise<void> } | undefined;
  /** SKUs the warehouse last said it holds: a snapshot that omits one means it holds none. */
  private held = new Set<string>();
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly edi: EdiConnector,
    private readonly caches: StockCaches,
    private readonly health: SourceHealth,
    private readonly options: { pollIntervalMs: number; staleAfterMs: number },
    private readonly logger: Logger,
  ) {
    health.expectEvery('3pl-eu', options.staleAfterMs);
  }

  /** Feeds what earlier files already said, then watches for new ones. */
  async start(): Promise<void> {
    const known = await this.edi.currentStock();
    this.held = new Set(known.map((r) => r.sku));
    if (known.length) {
      await this.caches.push('3pl-eu', factsOf(known));
      this.health.ok('3pl-eu', Math.max(...known.map((r) => Date.parse(r.asOf)).filter(Number.isFinite)));
    }
    this.watch = this.edi.watch({ intervalMs: this.options.pollIntervalMs, onMessage: (m) => this.track(this.onMessage(m)) });
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async onMessage(message: EdiMessage): Promise<void> {
    if (message.type !== 'stock') return;
    const facts = factsOf(message.records);
    let gone: string[] = [];
    if (message.kind === 'snapshot') {
      const listed = new Set(message.records.map((r) => r.sku));
      gone = [...this.held].filter((s) => !listed.has(s));
      this.held = listed;
    } else for (const r of message.records) this.held.add(r.sku);
    try {
      await this.caches.push('3pl-eu', facts, { skus: gone, asOf: message.asOf });
      this.health.ok('3pl-eu');
      this.logger.debug({ system: '3pl-eu', file: message.file, kind: message.kind, items: facts.length }, '846 applied');
    } catch (error) {
      this.logger.error({ err: error, system: '3pl-eu', file: message.file }, '846 could not be applied to the stock cache and ledger');
    }
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
    await Promise.allSettled([...this.pending]);
  }
}

import type { Store } from '@ucg/store';

/**
 * The channel on which the ledger announces SKUs whose availability may have changed (a legacy
 * count applied, a reservation made, released, committed or expired). Caches above the subgraphs —
 * the gateway's response cache — drop what they hold for those SKUs, so a stock move shows at once
 * instead of after a TTL. The message is a JSON array of SKUs.
 */
export const STOCK_CHANGED_CHANNEL = 'events:stock-changed';

/** Changes within this window go out as one message (a 5,000-SKU export is one publish, not 5,000). */
const COALESCE_MS = 20;

/** Collects changed SKUs and publishes them, coalesced; a failed publish only costs freshness (TTLs still bound it). */
export class StockChangePublisher {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  note(skus: Iterable<string>): void {
    for (const sku of skus) this.pending.add(sku);
    if (this.pending.size === 0 || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), COALESCE_MS);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const skus = [...this.pending];
    this.pending = new Set();
    await this.store.publish(STOCK_CHANGED_CHANNEL, JSON.stringify(skus)).catch(this.onError);
  }
}

/** Calls `onSkus` with every announced batch; resolves the unsubscribe function. */
export function subscribeStockChanges(store: Store, onSkus: (skus: string[]) => void): Promise<() => Promise<void>> {
  return store.subscribe(STOCK_CHANGED_CHANNEL, (message) => {
    try {
      const skus = JSON.parse(message) as unknown;
      if (Array.isArray(skus)) onSkus(skus.filter((s): s is string => typeof s === 'string'));
    } catch {
      // Not ours: ignore.
    }
  });
}

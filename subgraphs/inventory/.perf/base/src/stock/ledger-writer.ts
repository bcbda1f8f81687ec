import type { Logger } from '@ucg/service-kit';
import type { StockLedger } from '@ucg/stock-ledger';
import type { Store } from '@ucg/store';
import type { StockSystem } from '../locations/ids.ts';
import type { StockFact } from './values.ts';

/** Every SKU the graph has learnt stock for, so reports (lowStock) can walk them without scanning keys. */
export const SKU_INDEX_KEY = 'inventory:{sku-index}';

/** Large reports (exports, snapshots) are written in slices of this many commands. */
const WRITE_CHUNK = 5000;

export interface AbsentSkus {
  /** SKUs whose report from this system is complete: a location of the system the report omits now holds nothing. */
  skus: readonly string[];
  asOf: string;
}

/**
 * Feeds what the legacy systems say into the stock ledger, so that availableToSell is always what
 * the sellable locations hold less what carts have reserved. The ledger keeps the newest report
 * per location (by `asOf`), so late or replayed reports cannot roll stock back.
 */
export class LedgerWriter {
  private readonly indexed = new Set<string>();

  constructor(
    private readonly ledger: StockLedger,
    private readonly store: Store,
    private readonly sellable: (locationId: string) => boolean,
    private readonly logger: Logger,
  ) {}

  async apply(system: StockSystem, facts: readonly StockFact[], absent?: AbsentSkus): Promise<void> {
    const writing = (async () => {
      for (let i = 0; i < facts.length; i += WRITE_CHUNK) {
        await Promise.all(facts.slice(i, i + WRITE_CHUNK).map((f) =>
          this.ledger.setHeld(f.sku, f.locationId, f.value.available, { asOf: f.value.asOf, source: system, sellable: this.sellable(f.locationId) }),
        ));
      }
    })();
    await Promise.all([writing, this.zeroAbsent(system, facts, absent), this.index(facts)]);
  }

  /** A location that drops out of a complete report no longer holds the SKU: its count goes to zero. */
  private async zeroAbsent(system: StockSystem, facts: readonly StockFact[], absent?: AbsentSkus): Promise<void> {
    if (!absent || absent.skus.length === 0) return;
    const reported = new Set(facts.map((f) => `${f.sku}@${f.locationId}`));
    const prefix = `${system}:`;
    const current = [];
    for (let i = 0; i < absent.skus.length; i += WRITE_CHUNK) current.push(...(await this.ledger.available(absent.skus.slice(i, i + WRITE_CHUNK))));
    const zeroes = current.flatMap((s) =>
      s.locations.filter((l) => l.locationId.startsWith(prefix) && l.held > 0 && !reported.has(`${s.sku}@${l.locationId}`)).map((l) => ({ sku: s.sku, locationId: l.locationId })),
    );
    if (zeroes.length) this.logger.info({ system, count: zeroes.length }, 'stock no longer reported at some locations; set to zero');
    await Promise.all(zeroes.map((z) => this.ledger.setHeld(z.sku, z.locationId, 0, { asOf: absent.asOf, source: system, sellable: this.sellable(z.locationId) })));
  }

  private async index(facts: readonly StockFact[]): Promise<void> {
    const fresh = [...new Set(facts.map((f) => f.sku))].filter((s) => !this.indexed.has(s));
    if (fresh.length === 0) return;
    await this.store.hset(SKU_INDEX_KEY, Object.fromEntries(fresh.map((s) => [s, '1'])));
    for (const s of fresh) this.indexed.add(s);
  }

  /** Every SKU any system has reported stock for. */
  async knownSkus(): Promise<string[]> {
    return Object.keys(await this.store.hgetall(SKU_INDEX_KEY)).sort();
  }
}

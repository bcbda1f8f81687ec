import type { Cached } from '@ucg/cache';
import type { StockLedger } from '@ucg/stock-ledger';
import type { LocationDirectory, GraphLocation } from '../locations/directory.ts';
import { STOCK_SYSTEMS, parseLocationId, type StockSystem } from '../locations/ids.ts';
import type { SourceHealth } from './health.ts';
import { PULLED, type StockCaches } from './stock-caches.ts';
import { isKeyableSku, stockKey, type StockValue } from './values.ts';

export interface LocationLevel {
  location: GraphLocation;
  /** Held less reserved by carts, never below zero. */
  available: number;
  held: number;
  asOf: string | null;
}

/** What the graph knows about one SKU's stock. */
export interface SkuStock {
  sku: string;
  /** Sellable locations' holdings less carts' reservations (the ledger's figure). */
  availableToSell: number;
  /** When the oldest contributing number was last known to be true. */
  asOf: string;
  /** A source was unreachable and its last known number was used. */
  stale: boolean;
  /** Locations holding a record of this SKU (sold out included), by location id. */
  levels: LocationLevel[];
  /** Systems that could not be asked and whose numbers for this SKU were never known. */
  errors: Map<StockSystem, unknown>;
}

interface SystemRead {
  system: StockSystem;
  /** SKUs read through the cache (the others are answered from the ledger alone). */
  asked: Set<string>;
  cached: Map<string, Cached<StockValue>>;
  /** SKUs the system could not be asked about and had no cached value for. */
  failedSkus: Set<string>;
  error: unknown;
}

/**
 * Which SKUs must go through a system's cache at request time: the ones whose numbers might have
 * to be asked for. Numbers that arrive by push or sync (and a copy kept by push) are already in
 * the ledger; reading their cache entries as well would only cost time.
 */
export type CacheGate = (system: StockSystem, skus: readonly string[]) => readonly string[];

/**
 * The request-time read of stock for many SKUs: the caches of the systems that may need asking
 * (one store round trip each; misses make one legacy call per system), then the ledger for the
 * figures (one round trip), so availableToSell always nets out carts' reservations.
 */
export class StockReader {
  constructor(
    private readonly caches: StockCaches,
    private readonly ledger: StockLedger,
    private readonly directory: LocationDirectory,
    private readonly health: SourceHealth,
    private readonly gate: CacheGate,
    private readonly clock: () => number = Date.now,
  ) {}

  async read(skus: readonly string[]): Promise<Map<string, SkuStock>> {
    const valid = [...new Set(skus.filter(isKeyableSku))];
    const out = new Map<string, SkuStock>();
    const nowIso = new Date(this.clock()).toISOString();
    for (const sku of skus) if (!isKeyableSku(sku)) out.set(sku, { sku, availableToSell: 0, asOf: nowIso, stale: false, levels: [], errors: new Map() });
    if (valid.length === 0) return out;

    const directory = await this.directory.get();
    const reads = await Promise.all(STOCK_SYSTEMS.map((system) => this.readSystem(system, this.gate(system, valid), directory.bySystem.get(system) ?? [])));
    const ledger = await this.ledger.available(valid);

    ledger.forEach((entry, i) => {
      const sku = valid[i]!;
      const levels: LocationLevel[] = entry.locations.flatMap((l) => {
        const location = directory.byId.get(l.locationId);
        return location ? [{ location, available: l.available, held: l.held, asOf: l.asOf }] : [];
      });
      const systemsHolding = new Set(entry.locations.map((l) => parseLocationId(l.locationId)?.system).filter((s): s is StockSystem => s !== undefined));
      const errors = new Map<StockSystem, unknown>();
      let stale = false;
      let learntAt = Number.POSITIVE_INFINITY;
      for (const read of reads) {
        if (!read.asked.has(sku)) {
          // Pushed or copied numbers: stale when their source has stopped answering.
          if (systemsHolding.has(read.system) && this.health.failing(read.system)) stale = true;
          continue;
        }
        if (read.failedSkus.has(sku)) {
          // Down with nothing cached for this SKU: the ledger's last count is all there is.
          if (systemsHolding.has(read.system)) stale = true;
          else errors.set(read.system, read.error);
          continue;
        }
        for (const loc of directory.bySystem.get(read.system) ?? []) {
          const cached = read.cached.get(stockKey(sku, loc.id));
          if (!cached) continue;
          learntAt = Math.min(learntAt, cached.loadedAt);
          if (cached.stale && (read.error !== undefined || this.health.failing(read.system))) stale = true;
        }
      }
      const times = entry.locations.map((l) => l.asOf).filter((t): t is string => t !== null).sort();
      const asOf = times[0] ?? (Number.isFinite(learntAt) ? new Date(learntAt).toISOString() : nowIso);
      out.set(sku, { sku, availableToSell: entry.available, asOf, stale, levels, errors });
    });
    return out;
  }

  /**
   * One system's cached values for every SKU × location. When the batch fails (the system is down
   * and some SKU has no last known value), each SKU is read on its own so that the others still get
   * theirs (the failed load is not repeated: misses fail fast for a moment after a failure).
   */
  private async readSystem(system: StockSystem, skus: readonly string[], locations: readonly GraphLocation[]): Promise<SystemRead> {
    const keysOf = (sku: string) => locations.map((l) => stockKey(sku, l.id));
    const asked = new Set(skus);
    if (skus.length === 0) return { system, asked, cached: new Map(), failedSkus: new Set(), error: undefined };
    try {
      return { system, asked, cached: await this.caches.getMany(system, skus.flatMap(keysOf)), failedSkus: new Set(), error: undefined };
    } catch (error) {
      const settled = PULLED.has(system) ? await Promise.allSettled(skus.map((sku) => this.caches.getMany(system, keysOf(sku)))) : [];
      const cached = new Map<string, Cached<StockValue>>();
      const failedSkus = new Set<string>();
      skus.forEach((sku, i) => {
        const outcome = settled[i];
        if (outcome?.status === 'fulfilled') for (const [k, v] of outcome.value) cached.set(k, v);
        else failedSkus.add(sku);
      });
      return { system, asked, cached, failedSkus, error };
    }
  }
}

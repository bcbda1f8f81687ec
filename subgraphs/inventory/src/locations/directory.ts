import { ReadThroughCache } from '@ucg/cache';
import type { LocationRecord, PostalAddress } from '@ucg/connector-core';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import { locationId, type StockSystem } from './ids.ts';
import type { StaticLocation } from './static-locations.ts';

/** A place that holds stock, as the graph shows it. */
export interface GraphLocation {
  id: string;
  system: StockSystem;
  nativeId: string;
  name: string;
  type: LocationRecord['type'];
  address: PostalAddress;
  latitude: number | null;
  longitude: number | null;
  pickupEnabled: boolean;
  /** Stock here counts toward availableToSell (the ledger's `sellable`). */
  sellable: boolean;
}

/** The systems whose locations are read from their APIs. */
export type LocationSource = Extract<StockSystem, '3pl-us' | 'webstore'>;

export interface LocationSources {
  '3pl-us': () => Promise<LocationRecord[]>;
  webstore: () => Promise<LocationRecord[]>;
}

export interface LocationDirectoryOptions {
  store: Store;
  sources: LocationSources;
  statics: readonly StaticLocation[];
  ttlMs: number;
  logger: Logger;
  clock?: () => number;
}

export function toGraphLocation(r: LocationRecord & { address: PostalAddress }): GraphLocation {
  return {
    id: locationId(r.system, r.nativeId),
    system: r.system,
    nativeId: r.nativeId,
    name: r.name,
    type: r.type,
    address: r.address,
    latitude: r.latitude ?? null,
    longitude: r.longitude ?? null,
    pickupEnabled: r.type === 'STORE' && r.pickupEnabled === true,
    // Shopify says whether a store ships online orders; centres and warehouses exist to.
    sellable: r.fulfillsOnlineOrders ?? true,
  };
}

function fromStatic(s: StaticLocation): GraphLocation {
  return { id: locationId(s.system, s.nativeId), system: s.system, nativeId: s.nativeId, name: s.name, type: s.type, address: s.address, latitude: s.latitude, longitude: s.longitude, pickupEnabled: false, sellable: true };
}

export interface LocationSnapshot {
  all: GraphLocation[];
  byId: Map<string, GraphLocation>;
  bySystem: Map<StockSystem, GraphLocation[]>;
}

/**
 * Every location of every system. Lists change rarely, so they are cached long (in the store, so
 * every replica shares one read) and held in memory: requests never wait on a legacy system for
 * them once the first read is done, and a stale list is refreshed in the background.
 */
export class LocationDirectory {
  private readonly caches: Record<LocationSource, ReadThroughCache<GraphLocation[]>>;
  private snapshot: { value: LocationSnapshot; at: number } | undefined;
  private refreshing: Promise<LocationSnapshot> | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: LocationDirectoryOptions) {
    this.clock = options.clock ?? Date.now;
    const cache = (system: LocationSource) =>
      new ReadThroughCache<GraphLocation[]>({
        store: options.store,
        namespace: `locations:${system}`,
        ttlMs: options.ttlMs,
        staleWhileRevalidateMs: 24 * 3600_000,
        staleIfErrorMs: 7 * 24 * 3600_000,
        load: async () => {
          const records = (await options.sources[system]()).filter((l) => l.active);
          // Every location is shown with its postal address; one its system gives none for is left out
          // of listings (its stock still counts toward availableToSell).
          const unaddressed = records.filter((l) => !l.address).map((l) => l.nativeId);
          if (unaddressed.length) options.logger.warn({ system, locations: unaddressed }, 'locations without a postal address are not listed');
          return new Map([['all', records.flatMap((l) => (l.address ? [toGraphLocation({ ...l, address: l.address })] : []))]]);
        },
      });
    this.caches = { '3pl-us': cache('3pl-us'), webstore: cache('webstore') };
  }

  /** The directory; loads it on first use, refreshes it in the background once it is older than the TTL. */
  async get(): Promise<LocationSnapshot> {
    const current = this.snapshot;
    if (!current) return this.refresh();
    if (this.clock() - current.at > this.options.ttlMs) this.refresh().catch(() => undefined);
    return current.value;
  }

  /** The directory as last read, without waiting (undefined before the first read). */
  peek(): LocationSnapshot | undefined {
    return this.snapshot?.value;
  }

  /** Reads every source (through the cache); a source that fails keeps its previous list. */
  refresh(): Promise<LocationSnapshot> {
    this.refreshing ??= (async () => {
      const sources = Object.keys(this.caches) as LocationSource[];
      const settled = await Promise.allSettled(sources.map((s) => this.caches[s].get('all')));
      const previous = this.snapshot?.value.bySystem;
      const lists: GraphLocation[][] = settled.map((outcome, i) => {
        if (outcome.status === 'fulfilled') return outcome.value.value ?? [];
        this.options.logger.warn({ err: outcome.reason, system: sources[i] }, 'locations could not be read; keeping the last known list');
        return previous?.get(sources[i]!) ?? [];
      });
      const all = [...lists.flat(), ...this.options.statics.map(fromStatic)];
      const value: LocationSnapshot = {
        all,
        byId: new Map(all.map((l) => [l.id, l])),
        bySystem: new Map(all.reduce((m, l) => m.set(l.system, [...(m.get(l.system) ?? []), l]), new Map<StockSystem, GraphLocation[]>())),
      };
      // Only a complete read resets the clock: a partial one is retried on the next request after the TTL.
      const complete = settled.every((s) => s.status === 'fulfilled');
      this.snapshot = { value, at: complete ? this.clock() : (this.snapshot?.at ?? 0) };
      return value;
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}

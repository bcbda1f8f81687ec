import { ReadThroughCache } from '@ucg/cache';
import { isConnectorError, type LocationRecord } from '@ucg/connector-core';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';

/** The web store's locations (retail stores), as the Shopify connector lists them. */
export interface LocationSource {
  locations(): Promise<LocationRecord[]>;
}

/** Pickup stores are the web store's locations; their graph id is `webstore:<native id>`. */
const PICKUP_ID = /^webstore:(\d+)$/;

/**
 * Which locations offer pickup, from the web store's location list (cached for an hour: stores
 * open and close rarely). When the web store cannot be reached and nothing is cached, any
 * well-formed store id is accepted: the stock ledger still reserves only where the store holds stock.
 */
export class PickupLocations {
  private readonly cache: ReadThroughCache<LocationRecord[]>;

  constructor(
    source: LocationSource,
    store: Store,
    private readonly logger: Logger,
  ) {
    this.cache = new ReadThroughCache<LocationRecord[]>({
      store,
      namespace: 'webstore-locations',
      ttlMs: 3_600_000,
      load: async (keys) => {
        const all = await source.locations();
        return new Map(keys.map((k) => [k, all]));
      },
    });
  }

  async offersPickup(locationId: string): Promise<boolean> {
    const nativeId = PICKUP_ID.exec(locationId)?.[1];
    if (!nativeId) return false;
    try {
      const { value } = await this.cache.get('all');
      const location = value?.find((l) => l.nativeId === nativeId);
      return Boolean(location?.active && location.pickupEnabled !== false);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      this.logger.warn({ err: error, locationId }, 'web store locations unavailable; accepting the pickup store on the ledger\'s word');
      return true;
    }
  }
}

import { ReadThroughCache, type CacheEvent } from '@ucg/cache';
import { customerIdForEmail } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { OrderView, ShipmentView } from '../model.ts';
import { shipmentsFor } from '../shipments.ts';
import type { OrderSystems } from '../systems/index.ts';

export interface ShipmentCacheOptions {
  store: Store;
  systems: Pick<OrderSystems, 'us3pl' | 'eu3pl'>;
  /** Parcels still on their way (or none yet): carriers scan them several times a day. */
  movingTtlMs: number;
  /** Parcels all delivered: nothing more happens to them. */
  deliveredTtlMs: number;
  staleIfErrorMs: number;
  logger: Logger;
}

/** The key of an order's parcels: its customer's id and its number (never the e-mail). */
export function parcelsKey(order: Pick<OrderView, 'email' | 'number'>): string {
  return `${order.email ? customerIdForEmail(order.email) : 'guest'}:${order.number}`;
}

const numberOf = (key: string) => key.slice(key.indexOf(':') + 1);
const allDelivered = (parcels: readonly ShipmentView[]) => parcels.length > 0 && parcels.every((p) => p.status === 'DELIVERED');

/**
 * Orders' parcels from both 3PLs, in the Store per customer and order. Two caches, so that how long
 * an answer lasts follows what it says: parcels still moving are read again after `movingTtlMs`
 * (ShipBob allows 150 calls a minute, shared by every shopper); once all are delivered they are
 * kept `deliveredTtlMs`. The delivered cache loads through the moving one and keeps only delivered
 * answers (the rest it remembers, for as long as the moving cache would, as "not yet delivered").
 */
export class ShipmentCache {
  private readonly moving: ReadThroughCache<ShipmentView[]>;
  private readonly delivered: ReadThroughCache<ShipmentView[]>;

  constructor(options: ShipmentCacheOptions) {
    const { store, systems, movingTtlMs, deliveredTtlMs, staleIfErrorMs, logger } = options;
    const onEvent = (event: CacheEvent) => {
      if (event.type === 'load-error') logger.warn({ err: event.error, cache: event.namespace }, 'parcel read failed; the last known parcels answered where there were some');
    };
    this.moving = new ReadThroughCache<ShipmentView[]>({
      store, namespace: 'orders:parcels', ttlMs: movingTtlMs, staleIfErrorMs, onEvent,
      // ShipBob reads 50 references per call; a page of orders is one batch.
      maxBatchSize: 50,
      load: async (keys) => {
        const numbers = keys.map(numberOf);
        const byOrder = await shipmentsFor(systems, { us: numbers, eu: numbers });
        return new Map(keys.map((k) => [k, byOrder.get(numberOf(k)) ?? []]));
      },
    });
    this.delivered = new ReadThroughCache<ShipmentView[]>({
      store, namespace: 'orders:parcels-delivered', ttlMs: deliveredTtlMs, staleIfErrorMs, onEvent,
      negativeTtlMs: movingTtlMs,
      // A miss here costs a Store read of the moving cache, not a 3PL call: no need to serve stale.
      staleWhileRevalidateMs: 0,
      load: async (keys) => {
        const found = await this.moving.getMany(keys);
        return new Map(keys.flatMap((k) => {
          const parcels = found.get(k)?.value ?? [];
          return allDelivered(parcels) ? [[k, parcels] as [string, ShipmentView[]]] : [];
        }));
      },
    });
  }

  /** Parcels by order number, oldest first; throws what kept a 3PL from answering, unless last known parcels can. */
  async forOrders(orders: readonly OrderView[]): Promise<Map<string, ShipmentView[]>> {
    const keys = orders.map(parcelsKey);
    const settled = await this.delivered.getMany(keys);
    const pending = keys.filter((k) => !settled.get(k)?.value);
    const moving = pending.length ? await this.moving.getMany(pending) : new Map();
    return new Map(orders.map((o, i) => [o.number, settled.get(keys[i]!)?.value ?? moving.get(keys[i]!)?.value ?? []]));
  }
}

import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { OrderHeads } from '../cache/order-heads.ts';

/**
 * The channel on which the customers subgraph announces an erased person's customer id (never the
 * e-mail); the name is the customers subgraph's `PERSON_ERASED_CHANNEL` (subgraphs may not import
 * one another).
 */
export const PERSON_ERASED_CHANNEL = 'privacy:person-erased';

/**
 * Drops an erased person's cached order lists as soon as the erasure is announced. Parcels stay
 * cached under the customer id until their TTL: they are only reachable through an order the
 * person's e-mail still owns, and erasure detaches the orders from it.
 */
export function forgetErasedPeople(store: Store, heads: OrderHeads, logger: Logger): Promise<() => Promise<void>> {
  return store.subscribe(PERSON_ERASED_CHANNEL, (customerId) => {
    heads.forgetCustomers([customerId]).catch((error: unknown) => logger.warn({ err: error }, "could not drop an erased person's cached orders; they expire with their TTL"));
  });
}

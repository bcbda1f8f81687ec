import { registerPersonalRecord } from '@ucg/privacy-records';
import type { Store } from '@ucg/store';
import type { CartRecord } from '../model/cart.ts';
import { cartKey } from '../stores/cart-store.ts';

/**
 * Joins the graph's access and erasure requests (the customers subgraph): every record the cart
 * subgraph keeps about a signed-in person is listed in that person's index,
 * `privacy:{<customerId>}:records` (field = the record's store key, value = what it is and what
 * erasure may do with it). The layout is `@ucg/privacy-records`; this is the cart's writer side.
 */
export class PersonalRecords {
  constructor(private readonly store: Store) {}

  private async register(email: string, key: string, ref: { kind: string; onErase: 'delete' | 'retain'; retainReason?: string }): Promise<void> {
    await registerPersonalRecord(this.store, email, key, { owner: 'cart', type: 'string', ...ref });
  }

  /** A customer's cart: erasure may delete it. */
  registerCart(email: string, cart: CartRecord): Promise<void> {
    return this.register(email, cartKey(cart.id), { kind: 'cart', onErase: 'delete' });
  }

  /** An order placed through the graph: kept, as sales records must be. */
  registerOrder(email: string, key: string): Promise<void> {
    return this.register(email, key, { kind: 'order', onErase: 'retain', retainReason: 'orders are kept for accounting and tax records' });
  }
}

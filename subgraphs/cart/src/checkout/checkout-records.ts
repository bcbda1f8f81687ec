import { createHash } from 'node:crypto';
import type { Store } from '@ucg/store';
import { KeyLock } from '../stores/key-lock.ts';

/** An undo that failed during compensation, kept to be tried again by the next call with the key. */
export type PendingCompensation =
  | { kind: 'restore-loyalty'; email: string; operationId: string; points: number; creditUsd: string | null }
  | { kind: 'void-card'; authorizationId: string };

/** What the graph remembers about one idempotency key of `checkoutComplete`. */
export interface CheckoutRecord {
  key: string;
  cartId: string;
  /**
   * Attempt number: a failed attempt was fully undone, so the next one uses fresh payment and
   * loyalty operation ids; a RUNNING attempt found again (its process died) is resumed with its own.
   */
  attempt: number;
  state: 'RUNNING' | 'FAILED' | 'COMPLETED';
  orderNumber: string | null;
  /** The userError code of the last failed attempt. */
  lastError: string | null;
  pendingCompensations: PendingCompensation[];
  updatedAt: string;
}

/** Checkout records are kept a month: a client retrying later still gets its order, never a second one. */
const RETENTION_MS = 30 * 86_400_000;

/** `checkout:{<key hash>}` (+ `:lock`): the idempotency record of a checkout and its lock. */
export class CheckoutRecords {
  readonly lock: KeyLock;

  constructor(private readonly store: Store) {
    this.lock = new KeyLock(store);
  }

  /** The checkout's operation base: stable per idempotency key, safe to send to other systems. */
  static reference(key: string): string {
    return `ucg-checkout-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  }

  private storeKey(key: string): string {
    return `checkout:{${CheckoutRecords.reference(key)}}`;
  }

  async get(key: string): Promise<CheckoutRecord | null> {
    const raw = await this.store.get(this.storeKey(key));
    return raw ? (JSON.parse(raw) as CheckoutRecord) : null;
  }

  async put(record: CheckoutRecord): Promise<void> {
    await this.store.set(this.storeKey(record.key), JSON.stringify(record), { ttlMs: RETENTION_MS });
  }

  /** Runs `task` as the only runner of this checkout; `{ acquired: false }` when another runs it. */
  withKey<T>(key: string, task: () => Promise<T>) {
    return this.lock.with(`${this.storeKey(key)}:lock`, { ttlMs: 60_000, waitMs: 0 }, task);
  }
}

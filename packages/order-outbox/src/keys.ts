import { createHash } from 'node:crypto';

/**
 * The key layout. Every key carries one hash tag, so the placing script (idempotency map, order
 * record, email index, publish queue) runs on one Redis Cluster slot. The stream is one key anyway
 * (one consumer group reads it in order), so a single slot costs no parallelism the stream had; it
 * keeps placing an order one atomic step. Shard by namespace if one node's throughput ever is not enough.
 */
export class OutboxKeys {
  private readonly base: string;

  constructor(namespace: string) {
    this.base = `${namespace}:{orders}`;
  }

  /** Counter behind order numbers. */
  get sequence(): string {
    return `${this.base}:seq`;
  }

  /** Hash: idempotency key → order number. */
  get idempotency(): string {
    return `${this.base}:idempotency`;
  }

  /** Sorted set: numbers placed but not yet appended to the stream, scored by placedAt. */
  get unpublished(): string {
    return `${this.base}:unpublished`;
  }

  /** The stream the delivery worker's consumer group reads. */
  get stream(): string {
    return `${this.base}:stream`;
  }

  order(number: string): string {
    return `${this.base}:order:${number}`;
  }

  /** Sorted set of one shopper's order numbers, newest first (scored by −placedAt). The email is hashed: no personal data in key names. */
  byEmail(email: string): string {
    return `${this.base}:email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
  }
}

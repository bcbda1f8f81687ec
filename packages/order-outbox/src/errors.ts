export type OutboxErrorCode =
  /** An idempotency key that is empty or too long. */
  | 'OUTBOX_INVALID_KEY'
  /** An idempotency key points at an order whose record is gone (deleted by hand). */
  | 'OUTBOX_ORDER_MISSING';

/** Errors of the order outbox; `system` is always "order-outbox". Detect by `code`. */
export class OutboxError extends Error {
  readonly system = 'order-outbox';
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

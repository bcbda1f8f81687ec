export type LedgerErrorCode =
  /** A SKU that is empty, too long, or contains `{`/`}` (it becomes the keys' cluster hash tag). */
  | 'LEDGER_INVALID_SKU'
  /** A quantity that is not a positive whole number (or, for `setHeld`, not a whole number). */
  | 'LEDGER_INVALID_QUANTITY'
  /** Any other malformed input: an empty id, an unreadable time, an expiry already past. */
  | 'LEDGER_INVALID_ARGUMENT'
  /** The reservation id is already in use for another SKU. */
  | 'LEDGER_RESERVATION_CONFLICT'
  | 'LEDGER_RESERVATION_NOT_FOUND'
  /** Commit of a reservation that was released or has expired: its stock may be gone. */
  | 'LEDGER_RESERVATION_NOT_ACTIVE'
  /** Reserve under an id that was already committed: a late retry must not allocate twice. */
  | 'LEDGER_RESERVATION_COMMITTED';

/** Errors from the stock ledger; `system` is always "stock-ledger". Detect by `code`. */
export class LedgerError extends Error {
  readonly system = 'stock-ledger';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LedgerError';
  }
}

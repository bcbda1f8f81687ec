export type StoreErrorCode =
  | 'STORE_UNAVAILABLE'
  | 'STORE_WRONG_TYPE'
  | 'STORE_NOT_AN_INTEGER'
  | 'STORE_SCRIPT_FAILED'
  /** A script's keys hash to different cluster slots: give them one hash tag (`x:{id}:a`, `x:{id}:b`). */
  | 'STORE_CROSS_SLOT'
  /** A stream consumer group (or its stream) does not exist. */
  | 'STORE_NO_GROUP'
  /** A malformed argument, such as a stream id that is not `ms-seq` or an entry without fields. */
  | 'STORE_INVALID_ARGUMENT';

/** Errors from the state store, Redis or in-process; `system` is always "store". */
export class StoreError extends Error {
  readonly system = 'store';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

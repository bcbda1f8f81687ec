export type EdiErrorCode =
  /** A file is not a well-formed X12 interchange (envelope counts, control numbers, truncated) or its content cannot be mapped. */
  | 'EDI_PARSE_FAILED'
  /** An interchange addressed to someone else, or from a sender we do not trade with. */
  | 'EDI_NOT_FOR_US'
  /** A transaction set this connector does not process. */
  | 'EDI_UNSUPPORTED_DOCUMENT'
  /** An order that cannot be expressed as a 940 (missing address, empty lines, reference too long). */
  | 'EDI_INVALID_ORDER';

/**
 * A problem with an EDI document, as opposed to the exchange being unreachable (that is a
 * `ConnectorError` with `UPSTREAM_UNAVAILABLE`). Detect it by `code`.
 */
export class EdiError extends Error {
  readonly kind = 'EdiError' as const;
  readonly system = '3pl-eu' as const;

  constructor(
    readonly code: EdiErrorCode,
    message: string,
    /** The file the problem was found in, relative to the exchange root. */
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(`[3pl-eu] ${message}`, options);
    this.name = 'EdiError';
  }
}

export function isEdiError(error: unknown): error is EdiError {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'EdiError';
}

export type PricingErrorCode =
  /** Not an ISO 4217 code (three capital letters). */
  | 'PRICING_INVALID_CURRENCY'
  /** The ERP publishes no rate that converts between the two currencies. */
  | 'PRICING_NO_RATE'
  /** Two amounts in different currencies were combined. */
  | 'PRICING_CURRENCY_MISMATCH';

/** Errors of the pricing rules; `system` is always "pricing". Detect by `code`. */
export class PricingError extends Error {
  readonly system = 'pricing';
  constructor(
    readonly code: PricingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PricingError';
  }
}

export function isPricingError(error: unknown): error is PricingError {
  return typeof error === 'object' && error !== null && (error as { system?: unknown }).system === 'pricing' && typeof (error as { code?: unknown }).code === 'string';
}

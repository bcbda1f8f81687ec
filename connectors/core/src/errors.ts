/** The legacy systems the graph sits on, by role (not by vendor), as errors and metrics name them. */
export type SystemId = 'erp' | 'crm' | '3pl-us' | '3pl-eu' | 'webstore' | 'marketplace';

export type ConnectorErrorCode =
  /** Refused, reset, 502/503/504 after retries, or its circuit breaker is open. */
  | 'UPSTREAM_UNAVAILABLE'
  /** No answer within the timeout. */
  | 'UPSTREAM_TIMEOUT'
  /** Still throttled after honouring the vendor's throttle signal. */
  | 'UPSTREAM_RATE_LIMITED'
  /** Credentials refused (401/403). */
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_NOT_FOUND'
  /** The system refused the request as invalid (other 4xx, business errors). */
  | 'UPSTREAM_REJECTED'
  /** 500, or an answer we cannot read. */
  | 'UPSTREAM_BAD_RESPONSE';

export interface ConnectorErrorDetails {
  statusCode?: number;
  /** Worth trying again (the request may not have been processed, or is idempotent). */
  retryable?: boolean;
  /** The vendor asked us to wait this long before the next request. */
  retryAfterMs?: number;
  /** The breaker for this system is open: the call was not even attempted. */
  circuitOpen?: boolean;
  /** A short, log-only excerpt of the upstream body; never sent to clients. */
  upstreamBody?: string;
  headers?: Record<string, string | string[] | undefined>;
  /** A vendor error code (OData error code, HubSpot category, Shopify error code). */
  vendorCode?: string;
  cause?: unknown;
}

/**
 * Every failure of a legacy call. Detect it by `code` (and `isConnectorError`), not `instanceof`:
 * a workspace may hold two copies of this package.
 */
export class ConnectorError extends Error {
  readonly kind = 'ConnectorError' as const;
  readonly statusCode?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly circuitOpen: boolean;
  readonly upstreamBody?: string;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly vendorCode?: string;

  constructor(
    readonly code: ConnectorErrorCode,
    readonly system: SystemId,
    message: string,
    details: ConnectorErrorDetails = {},
  ) {
    super(`[${system}] ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ConnectorError';
    this.retryable = details.retryable ?? false;
    this.circuitOpen = details.circuitOpen ?? false;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.upstreamBody !== undefined) this.upstreamBody = details.upstreamBody.slice(0, 2048);
    if (details.headers !== undefined) this.headers = details.headers;
    if (details.vendorCode !== undefined) this.vendorCode = details.vendorCode;
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'ConnectorError';
}

/** Failures that say the system is unwell (as opposed to our request being wrong); they trip breakers. */
export function indicatesOutage(error: ConnectorError): boolean {
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_BAD_RESPONSE';
}

/**
 * A read's deadline for `system` (e.g. a per-person cache's `answerWithin`): past `ms`, the caller
 * answers without that system, with this error naming it.
 */
export function lateAnswer(system: SystemId, ms: number): { ms: number; error: () => ConnectorError } {
  return { ms, error: () => new ConnectorError('UPSTREAM_TIMEOUT', system, `${system} did not answer within ${ms} ms; answered without it (the read goes on, so the next one is quicker)`, { retryable: true }) };
}

import { ConnectorError, isConnectorError, parseRetryAfter, responseHeader, type ConnectorErrorCode, type HttpResponse } from '@ucg/connector-core';

/** `vendorCode` for a refused CSRF token (Gateway answers it with a plain-text 403, no OData code). */
export const CSRF_REQUIRED = 'CSRF_TOKEN_REQUIRED';

/** The SAP message id of an OData error body (`error.code`), e.g. `V1/392` or `/IWBEP/CM_MGW_RT/020`. */
export function odataErrorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && code ? code : undefined;
  } catch {
    return undefined;
  }
}

function odataMessage(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { error?: { message?: { value?: unknown } } }).error?.message?.value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Vendor code for the HTTP layer: the OData error code, or CSRF_TOKEN_REQUIRED for Gateway's token refusal. */
export function vendorCodeOf(response: HttpResponse): string | undefined {
  if (response.status === 403 && responseHeader(response.headers, 'x-csrf-token')?.toLowerCase() === 'required') return CSRF_REQUIRED;
  return odataErrorCode(response.text());
}

/** True when Gateway refused a write because the CSRF token (or its session) is missing or expired. */
export function isCsrfRejection(error: unknown): boolean {
  return isConnectorError(error) && error.statusCode === 403 && error.vendorCode === CSRF_REQUIRED;
}

/** A failed operation inside a `$batch` answer, as the ConnectorError the same failure outside a batch would be. */
export function batchPartError(status: number, body: string, headers: Record<string, string>, what: string): ConnectorError {
  const code: ConnectorErrorCode =
    status === 401 || status === 403 ? 'UPSTREAM_AUTH_FAILED'
      : status === 404 ? 'UPSTREAM_NOT_FOUND'
        : status === 429 ? 'UPSTREAM_RATE_LIMITED'
          : status === 502 || status === 503 || status === 504 ? 'UPSTREAM_UNAVAILABLE'
            : status >= 500 ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_REJECTED';
  const vendorCode = odataErrorCode(body);
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  const message = odataMessage(body);
  return new ConnectorError(code, 'erp', `${what} answered ${status}${message ? `: ${message}` : ''}`, {
    statusCode: status,
    upstreamBody: body,
    ...(vendorCode ? { vendorCode } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** Errors after which a write may or may not have been carried out (the answer was lost). */
export function outcomeUnknown(error: unknown): boolean {
  if (!isConnectorError(error) || error.circuitOpen) return false;
  return error.code === 'UPSTREAM_TIMEOUT' || (error.code === 'UPSTREAM_UNAVAILABLE' && error.statusCode === undefined) || (error.code === 'UPSTREAM_BAD_RESPONSE' && (error.statusCode ?? 0) >= 500);
}

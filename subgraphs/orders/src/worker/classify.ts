import { isConnectorError } from '@ucg/connector-core';

export interface Failure {
  /** `retry`: may pass later (outage, timeout, throttling, our own hiccup). `dead`: refused for good. `skip`: nothing to deliver. */
  kind: 'retry' | 'dead' | 'skip';
  code: string;
  message: string;
}

/** The CRM has no contact for a guest's email: there is no loyalty account to credit. */
const SKIPPABLE = new Set(['CRM_CONTACT_NOT_FOUND']);
/** Business refusals from connectors that retrying cannot change. */
const PERMANENT = new Set(['LOYALTY_BAD_OPERATION', 'LOYALTY_CURRENCY_MISMATCH', 'EDI_INVALID_ORDER', 'ORDER_NO_SHIPPING_ADDRESS']);

/**
 * How a failed delivery is handled. A system that refuses the request itself (4xx: unknown
 * material, invalid order) will refuse it again: dead letter. Everything else (unreachable, slow,
 * throttled, our credentials refused, a 500) may pass once the system or its configuration is
 * fixed: retried with backoff, indefinitely.
 */
export function classify(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectorError(error)) {
    const permanent = error.code === 'UPSTREAM_REJECTED' || error.code === 'UPSTREAM_NOT_FOUND';
    return { kind: permanent ? 'dead' : 'retry', code: error.code, message };
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SKIPPABLE.has(code)) return { kind: 'skip', code, message };
  if (typeof code === 'string' && PERMANENT.has(code)) return { kind: 'dead', code, message };
  return { kind: 'retry', code: typeof code === 'string' ? code : 'DELIVERY_FAILED', message };
}

/** Exponential backoff with jitter (half to full), capped. `attempt` counts from 1. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookRejection = 'WEBHOOK_UNSIGNED' | 'WEBHOOK_BAD_SIGNATURE' | 'WEBHOOK_STALE';

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookRejection,
    readonly system: string,
    message: string,
  ) {
    super(`[${system}] ${message}`);
    this.name = 'WebhookError';
  }
}

export function hmac(algorithm: 'sha256' | 'sha1', secret: string | Buffer, payload: string | Buffer, encoding: 'base64' | 'hex'): string {
  return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/** Constant-time comparison of two signatures as strings (length leaks nothing useful). */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Rejects deliveries older (or further in the future) than `toleranceMs`: replayed webhooks must not apply twice. */
export function assertFresh(system: string, timestampMs: number, toleranceMs: number, now = Date.now()): void {
  if (!Number.isFinite(timestampMs) || Math.abs(now - timestampMs) > toleranceMs) {
    throw new WebhookError('WEBHOOK_STALE', system, `delivery timestamp is outside the ${toleranceMs} ms window`);
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { anonymousContext, requestContextSchema, type RequestContext } from './context.ts';

/** How long a signed context stays valid: a subgraph fetch never legitimately takes longer. */
export const DEFAULT_MAX_AGE_MS = 60_000;

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** `base64url(json) "." base64url(hmac-sha256(base64url(json)))` */
export function signContext(context: RequestContext, secret: string): string {
  const payload = Buffer.from(JSON.stringify(context)).toString('base64url');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

export type VerifyOutcome =
  | { valid: true; context: RequestContext }
  | { valid: false; reason: 'missing' | 'malformed' | 'bad-signature' | 'expired'; context: RequestContext };

/**
 * Checks a signed context. Anything missing, forged, stale or malformed yields an anonymous
 * context (with the reason, for logs): a subgraph reached directly never trusts a caller's claim.
 */
export function verifyContext(
  header: string | string[] | undefined,
  secret: string,
  options: { now?: number; maxAgeMs?: number } = {},
): VerifyOutcome {
  const now = options.now ?? Date.now();
  const anonymous = anonymousContext(undefined, now);
  if (typeof header !== 'string' || header.length === 0) return { valid: false, reason: 'missing', context: anonymous };
  const dot = header.indexOf('.');
  if (dot <= 0) return { valid: false, reason: 'malformed', context: anonymous };
  const payload = header.slice(0, dot);
  const given = Buffer.from(header.slice(dot + 1), 'base64url');
  const expected = mac(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'bad-signature', context: anonymous };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed', context: anonymous };
  }
  const result = requestContextSchema.safeParse(parsed);
  if (!result.success) return { valid: false, reason: 'malformed', context: anonymous };
  if (Math.abs(now - result.data.issuedAt) > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) {
    return { valid: false, reason: 'expired', context: { ...anonymous, requestId: result.data.requestId } };
  }
  return { valid: true, context: result.data };
}

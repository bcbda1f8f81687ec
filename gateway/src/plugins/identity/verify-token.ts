import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Identity } from '@ucg/request-context';
import { gatewayError } from '../../errors.ts';
import { Lru } from '../../lru.ts';

export interface TokenVerifierOptions {
  /** HS256 shared secret (development). */
  secret?: string;
  /** JWKS endpoint (production); wins over `secret`. */
  jwksUrl?: string;
  /** @default "ucg-dev" */
  issuer: string;
  /** @default "ucg" */
  audience: string;
  /** Clock skew tolerated on exp/nbf/iat, in seconds. @default 30 */
  clockToleranceS: number;
  /** Verified tokens remembered (until they expire) so repeat callers skip the signature check. @default 10000 */
  cacheSize?: number;
}

/** Why credentials were refused, in `extensions.reason` beside the standard `UNAUTHENTICATED` code. */
export type AuthFailure = 'AUTH_MALFORMED' | 'AUTH_TOKEN_EXPIRED' | 'AUTH_TOKEN_INVALID' | 'AUTH_TOKEN_NO_SUBJECT' | 'AUTH_API_KEY_UNKNOWN' | 'AUTH_AMBIGUOUS';

export function unauthenticated(reason: AuthFailure, message: string) {
  return gatewayError('UNAUTHENTICATED', `invalid credentials: ${message}`, { status: 401, extensions: { reason } });
}

/**
 * Verifies customer and staff JWTs (`iss`, `aud`, `exp` with bounded clock skew). Customer tokens
 * name the customer by `email`; staff tokens carry `scope` (space-separated).
 */
export function createTokenVerifier(options: TokenVerifierOptions): (authorization: string) => Promise<Identity> {
  const key: Uint8Array | JWTVerifyGetKey = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : new TextEncoder().encode(options.secret);
  const verified = new Lru<string, { identity: Identity; expiresAt: number }>(options.cacheSize ?? 10_000);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('AUTH_MALFORMED', 'Authorization must be "Bearer <token>"');
    const known = verified.get(match[1]!);
    if (known && known.expiresAt > Date.now()) return known.identity;
    const identity = await verify(match[1]!);
    verified.set(match[1]!, identity);
    return identity.identity;
  };

  async function verify(token: string): Promise<{ identity: Identity; expiresAt: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.clockToleranceS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw expired ? unauthenticated('AUTH_TOKEN_EXPIRED', 'token expired') : unauthenticated('AUTH_TOKEN_INVALID', 'token rejected');
    }
    // Remembered until exp exactly (the skew tolerance applies to a fresh check only).
    const expiresAt = (payload.exp ?? 0) * 1000;
    if (typeof payload.scope === 'string') {
      return { identity: { staff: { subject: String(payload.sub ?? 'staff'), scopes: payload.scope.split(/\s+/).filter(Boolean) } }, expiresAt };
    }
    if (typeof payload.email === 'string' && payload.email.includes('@')) return { identity: { customer: { email: payload.email.toLowerCase() } }, expiresAt };
    throw unauthenticated('AUTH_TOKEN_NO_SUBJECT', 'token names neither a customer (email) nor staff scopes (scope)');
  }
}

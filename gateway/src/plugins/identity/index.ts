import type { IncomingMessage } from 'node:http';
import type { Identity } from '@ucg/request-context';
import { createApiKeyVerifier, type PartnerKey } from './api-keys.ts';
import { createTokenVerifier, unauthenticated, type TokenVerifierOptions } from './verify-token.ts';

export { mintDevToken, type DevTokenOptions } from './dev-tokens.ts';
export type { TokenVerifierOptions, AuthFailure } from './verify-token.ts';
export type { PartnerKey } from './api-keys.ts';

export interface IdentityOptions {
  jwt: TokenVerifierOptions;
  /** Partner API keys (hashed), with each partner's company and scopes. @default the development partner `acme` */
  partners: readonly PartnerKey[];
}

/**
 * Who is calling: a customer or staff member (JWT in `Authorization`), a partner (`x-api-key`), or
 * nobody. Resolved when the context is built, before any plugin runs. Bad credentials are a `401`
 * with `UNAUTHENTICATED`, never silently anonymous.
 */
export function identityResolver(options: IdentityOptions): (req: IncomingMessage) => Promise<Identity> {
  const verifyToken = createTokenVerifier(options.jwt);
  const verifyKey = createApiKeyVerifier(options.partners);
  return async (req) => {
    const authorization = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (apiKey !== undefined && authorization !== undefined) throw unauthenticated('AUTH_AMBIGUOUS', 'send either Authorization or x-api-key, not both');
    if (apiKey !== undefined) {
      const identity = typeof apiKey === 'string' ? verifyKey(apiKey) : undefined;
      if (!identity) throw unauthenticated('AUTH_API_KEY_UNKNOWN', 'unknown API key');
      return identity;
    }
    return authorization ? verifyToken(authorization) : {};
  };
}

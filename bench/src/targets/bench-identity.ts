import { anonymousContext, signContext, type Identity } from '@ucg/request-context';

/**
 * Plain @apollo/gateway and Hive Gateway cannot verify our tokens or API keys, nor sign our
 * context. For a like-for-like comparison the load generator tells them who is asking in this
 * header (JSON identity), and a small hook signs the subgraph context per fetch exactly as our
 * gateway does (HMAC-SHA256, fresh `issuedAt`). The subgraphs trust nothing unsigned. Bench only.
 */
export const BENCH_IDENTITY_HEADER = 'x-bench-identity';

export function benchIdentity(header: string | null | undefined): Identity {
  if (!header) return {};
  try {
    return JSON.parse(header) as Identity;
  } catch {
    return {};
  }
}

let counter = 0;

/** The signed `x-ucg-context` for one subgraph fetch: the default shopper (US, en, USD) and the identity. */
export function signedBenchContext(identity: Identity, secret: string): string {
  return signContext({ ...anonymousContext(`bench-${++counter}`), ...identity }, secret);
}

import type { Identity } from '@ucg/request-context';
import { createHash } from 'node:crypto';

/** SHA-256 hex of a partner API key: keys are stored (in configuration) only as this. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface PartnerKey {
  /** SHA-256 hex of the key; the key itself is never stored. */
  keySha256: string;
  companyId: string;
  customerGroup: string;
  scopes: readonly string[];
}

/**
 * Partner API keys, looked up by their SHA-256 (keys are long random strings, so a plain hash is
 * as good as a slow one, and a map lookup by hash leaks no timing about the key).
 */
export function createApiKeyVerifier(partners: readonly PartnerKey[]): (key: string) => Identity | undefined {
  const byHash = new Map(partners.map((p) => [p.keySha256, { partner: { companyId: p.companyId, customerGroup: p.customerGroup, scopes: [...p.scopes] } }]));
  return (key) => byHash.get(hashApiKey(key));
}

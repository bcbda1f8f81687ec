import type { Identity } from '@ucg/request-context';
import type { IncomingMessage } from 'node:http';

/**
 * What a request asks, as one string: a GET's operation, variables, extensions and query from its
 * URL; a JSON POST's body text exactly as sent (so a cached answer needs no parsing). Undefined for
 * anything else, which never meets the cache.
 */
export function askedOf(req: IncomingMessage, url: URL, text: string | undefined): string | undefined {
  if (req.method === 'GET') {
    const p = url.searchParams;
    return JSON.stringify([p.get('operationName'), p.get('extensions'), p.get('variables'), p.get('query')]);
  }
  if (req.method !== 'POST' || text === undefined || !String(req.headers['content-type'] ?? '').includes('json')) return undefined;
  return text;
}

/**
 * The caller, for keys of answers that may be private: everything the verified identity says
 * (partner company, customer group, scopes; the customer; the staff member), or undefined for an
 * anonymous caller. Never the credential itself: two keys of one partner with the same scopes
 * share answers, and a revoked key stops matching as soon as it stops verifying.
 */
export function callerOf(identity: Identity): string | undefined {
  if (!identity.partner && !identity.customer && !identity.staff) return undefined;
  return JSON.stringify([identity.partner ?? null, identity.customer ?? null, identity.staff ?? null]);
}

import type { Identity } from '@ucg/request-context';
import type { RequestAsked } from './index.ts';

const asText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * What a GET (URL parameters) or POST (JSON body) request asks, in the parts that choose its
 * answer; undefined for anything else (batches, other methods), which never meets the cache.
 */
export function askedOf(method: string | undefined, url: URL, body: unknown): RequestAsked | undefined {
  if (method === 'GET') {
    const p = url.searchParams;
    return { method, operationName: p.get('operationName') ?? '', query: p.get('query') ?? '', variables: p.get('variables') ?? '', extensions: p.get('extensions') ?? '' };
  }
  if (method !== 'POST' || body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  return { method, operationName: asText(b.operationName), query: asText(b.query), variables: asText(b.variables), extensions: asText(b.extensions) };
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

import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { RequestStats } from '../context.ts';

/** What the HTTP layer knows about a request once its response is written. */
export interface RequestFacts {
  method: string;
  status: number;
  requestId: string;
  clientKind: string;
  stats?: RequestStats;
  /** The operation label of an answer served from the response cache. */
  cachedOperation?: string;
  /** `HIT`, `MISS`, … for requests that went through the response cache. */
  cache?: string;
}

/** `ok`: no error; `partial`: data with errors; `error`: no data, or refused. */
export type RequestOutcome = 'ok' | 'partial' | 'error';

export function outcomeOf(facts: RequestFacts): RequestOutcome {
  const codes = facts.stats?.errorCodes ?? [];
  if (codes.length === 0) return facts.status < 400 ? 'ok' : 'error';
  return facts.stats?.hasData ? 'partial' : 'error';
}

/** Errors that are the gateway's or a subgraph's fault, not the client's. */
const serverFault = (code: string) => code.startsWith('SUBGRAPH_') || code === 'INTERNAL_SERVER_ERROR';

/**
 * Names the request span after its operation (`query Products`, as the GraphQL semantic
 * conventions do) and records who asked and how it went. The span is marked an error only for
 * server-side faults (5xx, subgraph failures); refusals of the client's request are not.
 */
export function describeRequest(span: Span, facts: RequestFacts): void {
  const { stats } = facts;
  const cachedName = facts.cachedOperation && !facts.cachedOperation.startsWith('(') ? facts.cachedOperation : undefined;
  const name = stats?.operationName ?? cachedName;
  const type = stats?.operationType ?? (facts.cachedOperation ? 'query' : undefined);
  if (type) span.updateName(name ? `${type} ${name}` : type);
  const outcome = outcomeOf(facts);
  span.setAttributes({
    'http.request.method': facts.method,
    'http.response.status_code': facts.status,
    'ucg.request_id': facts.requestId,
    'ucg.client.kind': facts.clientKind,
    'ucg.outcome': outcome,
    ...(name ? { 'graphql.operation.name': name } : {}),
    ...(type ? { 'graphql.operation.type': type } : {}),
    ...(stats?.errorCodes ? { 'ucg.error.codes': stats.errorCodes } : {}),
    ...(facts.cache ? { 'ucg.response_cache': facts.cache } : {}),
  });
  if (facts.status >= 500 || stats?.errorCodes?.some(serverFault)) span.setStatus({ code: SpanStatusCode.ERROR, message: stats?.errorCodes?.join(',') ?? `HTTP ${facts.status}` });
}

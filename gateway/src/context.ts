import type { Identity } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';

/** What the shopper asked for with `@inContext`, resolved to a currency. */
export interface Shopper {
  country: string;
  language: string;
  currency: string;
}

/** The kinds of caller the gateway tells apart; limits and persisted-operation rules are set per kind. */
export type ClientKind = 'anonymous' | 'customer' | 'partner' | 'staff';
export const clientKinds: readonly ClientKind[] = ['anonymous', 'customer', 'partner', 'staff'];

export function clientKindOf(identity: Identity): ClientKind {
  if (identity.partner) return 'partner';
  if (identity.staff) return 'staff';
  if (identity.customer) return 'customer';
  return 'anonymous';
}

/** What a request turned out to be; `operation` is the bounded metrics label, the rest is set only when tracing. */
export interface RequestStats {
  operation?: string;
  /** The operation as the client named it (unbounded: for spans, never for metric labels). */
  operationName?: string;
  operationType?: string;
  /** Codes of the errors in the response, in order. */
  errorCodes?: string[];
  /** Whether the response carried (partial) data. */
  hasData?: boolean;
}

/** Apollo Server's per-request context at the gateway. */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  clientKind: ClientKind;
  /** Whom rate limits count against: the partner, customer or staff member, else the caller's address. */
  clientId: string;
  /** Client headers the data source may forward to subgraphs (already filtered by the allowlist). */
  forwardHeaders: Readonly<Record<string, string>>;
  shopper: Shopper;
  logger: Logger;
  /** Filled in as the request goes, for logs, metrics and traces. */
  stats: RequestStats;
  /** Set on the gateway's own warm-up requests: no subgraph is called and no limit applies. */
  warmup?: boolean;
}

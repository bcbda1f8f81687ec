import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';

/**
 * Every error code the gateway itself produces. Standard codes keep their well-known names; the
 * gateway's own carry an area prefix (`AUTH_`, `PQ_`, `LIMIT_`, `SUBGRAPH_`).
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  PERSISTED_QUERY_NOT_ALLOWED: 'PERSISTED_QUERY_NOT_ALLOWED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  PQ_HASH_MISMATCH: 'PQ_HASH_MISMATCH',
  LIMIT_DEPTH: 'LIMIT_DEPTH',
  LIMIT_ALIASES: 'LIMIT_ALIASES',
  LIMIT_DIRECTIVES: 'LIMIT_DIRECTIVES',
  LIMIT_TOKENS: 'LIMIT_TOKENS',
  LIMIT_COST: 'LIMIT_COST',
  LIMIT_RATE: 'LIMIT_RATE',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  SUBGRAPH_TIMEOUT: 'SUBGRAPH_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A GraphQL error with a stable code and, when it ends the request, the HTTP status (and headers). */
export function gatewayError(
  code: ErrorCodeName,
  message: string,
  options: { status?: number; headers?: Record<string, string>; extensions?: Record<string, unknown>; path?: readonly (string | number)[] } = {},
): GraphQLError {
  const http = options.status ? { http: { status: options.status, headers: new HeaderMap(Object.entries(options.headers ?? {})) } } : {};
  return new GraphQLError(message, { ...(options.path ? { path: options.path } : {}), extensions: { ...options.extensions, code, ...http } });
}

// graphql-js 16 says "more that N tokens"; accept the corrected wording too.
const tokenLimit = /Document contains more tha[nt] \d+ tokens/;

/** The code of an error Apollo Server already formatted, looking through wrappers to our own code. */
function refineCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const code = formatted.extensions?.code as string | undefined;
  const original = (error as { originalError?: { extensions?: { code?: unknown } } } | undefined)?.originalError;
  const inner = typeof original?.extensions?.code === 'string' ? original.extensions.code : undefined;
  // Apollo Server wraps validation-rule errors as GRAPHQL_VALIDATION_FAILED; keep our limit codes.
  if (code === 'GRAPHQL_VALIDATION_FAILED' && inner?.startsWith('LIMIT_')) return inner;
  if (code === 'GRAPHQL_PARSE_FAILED' && tokenLimit.test(formatted.message)) return ErrorCode.LIMIT_TOKENS;
  return code;
}

export interface FormatErrorOptions {
  production: boolean;
  /** Counts every error that leaves the gateway, by code. */
  onError?: (code: string) => void;
}

/**
 * The last stop of every error before a client sees it: stable codes, no upstream response bodies,
 * no stack traces or internal messages in production.
 */
export function createFormatError(options: FormatErrorOptions): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const code = refineCode(formatted, error) ?? ErrorCode.INTERNAL_SERVER_ERROR;
    options.onError?.(code);
    const { response: _response, exception: _exception, stacktrace, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    let message = formatted.message;
    // Upstream bodies never reach clients: RemoteGraphQLDataSource puts them in the message and extensions.
    if (code === ErrorCode.INTERNAL_SERVER_ERROR && options.production) message = 'internal server error';
    const out: GraphQLFormattedError = {
      message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...extensions, code, ...(!options.production && stacktrace ? { stacktrace } : {}) },
    };
    return out;
  };
}

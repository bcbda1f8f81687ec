import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isConnectorError, type ConnectorError } from '@ucg/connector-core';

/** Client-facing wording per failure: upstream bodies and hostnames never reach clients. */
const wording: Record<ConnectorError['code'], string> = {
  UPSTREAM_UNAVAILABLE: 'is unavailable',
  UPSTREAM_TIMEOUT: 'did not answer in time',
  UPSTREAM_RATE_LIMITED: 'is rate limiting us; try again shortly',
  UPSTREAM_AUTH_FAILED: 'refused our credentials',
  UPSTREAM_NOT_FOUND: 'does not know the requested record',
  UPSTREAM_REJECTED: 'rejected the request',
  UPSTREAM_BAD_RESPONSE: 'answered with an error',
};

export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

export function notAuthenticated(message = 'sign in to see this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * Apollo `formatError`: resolvers simply throw what failed (a ConnectorError, a StoreError) and this
 * one place turns it into a client-safe error with a stable code and the system's name.
 */
export function formatSubgraphError(formatted: GraphQLFormattedError, error: unknown, production: boolean): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isConnectorError(original)) {
    return {
      ...formatted,
      message: `${original.system} ${wording[original.code]}`,
      extensions: { code: original.code, system: original.system, ...(original.circuitOpen ? { circuitOpen: true } : {}) },
    };
  }
  const coded = original as { code?: unknown; system?: unknown } | undefined;
  if (coded && typeof coded.code === 'string' && coded.system === 'store') {
    return { ...formatted, message: 'state store is unavailable', extensions: { code: coded.code, system: 'store' } };
  }
  if (production && formatted.extensions?.stacktrace) {
    const { stacktrace: _stack, ...rest } = formatted.extensions;
    return { ...formatted, extensions: rest };
  }
  return formatted;
}

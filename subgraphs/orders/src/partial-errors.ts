import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { formatSubgraphError } from '@ucg/subgraph-kit';

interface Failure {
  error: unknown;
  path: (string | number)[];
}

/**
 * Failures of one source behind a field that still answers with what the other sources gave
 * (Shopify down: `me.orders` lists marketplace and graph orders). GraphQL can report an error only
 * by nulling a field, and every field on that path is non-null; so resolvers note the failure here
 * and `partialErrorsPlugin` adds it to the response's errors, formatted like every other error
 * (code, `extensions.system`), with the path of the field that is incomplete.
 */
export class PartialErrors {
  private readonly failures: Failure[] = [];

  add(error: unknown, info: GraphQLResolveInfo): void {
    const path = responsePathAsArray(info.path);
    const system = (error as { system?: unknown }).system;
    const key = `${path.join('.')}|${String(system)}`;
    if (this.failures.some((f) => `${f.path.join('.')}|${String((f.error as { system?: unknown }).system)}` === key)) return;
    this.failures.push({ error, path });
  }

  get size(): number {
    return this.failures.length;
  }

  format(production: boolean) {
    return this.failures.map(({ error, path }) => {
      const wrapped = new GraphQLError(error instanceof Error ? error.message : String(error), { path, ...(error instanceof Error ? { originalError: error } : {}) });
      return formatSubgraphError(wrapped.toJSON(), wrapped, production);
    });
  }
}

export function partialErrorsPlugin<C extends { partial: PartialErrors }>(production: boolean): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.partial.size === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...contextValue.partial.format(production)];
        },
      };
    },
  };
}

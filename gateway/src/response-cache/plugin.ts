import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';

/** Notes the operation's type for the response cache, which stores the answers of queries only. */
export function responseCachePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operation }) {
          if (operation) contextValue.stats.operationType = operation.operation;
        },
      };
    },
  };
}

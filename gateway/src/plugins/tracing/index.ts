import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.ts';

/**
 * Notes, for the request's span, which operation ran and how it ended (error codes, whether any
 * data came back). The HTTP layer writes them onto the span once the response is sent. Added only
 * when tracing is on.
 */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operationName, operation }) {
          if (operationName) contextValue.stats.operationName = operationName;
          if (operation) contextValue.stats.operationType = operation.operation;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (errors?.length) contextValue.stats.errorCodes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          contextValue.stats.hasData = data !== undefined && data !== null;
        },
      };
    },
  };
}

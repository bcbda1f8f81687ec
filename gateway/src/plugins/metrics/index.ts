import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.ts';
import type { GatewayMetrics } from './registry.ts';

export { GatewayMetrics } from './registry.ts';

/**
 * Notes which operation a request ran (as a bounded label) for the HTTP layer, which counts and
 * times every request once its response is written, including those refused before an operation
 * was known (labelled `(none)`).
 */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ operationName }) {
          contextValue.stats.operation = metrics.operationLabel(operationName);
        },
      };
    },
  };
}

import type { GraphQLRequest, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';

const trivial = '{ __typename }';

/**
 * Refuses a request from `requestDidStart`. Apollo Server turns errors thrown there into a bare
 * 500, so the request is swapped for a trivial operation (parsed once, cached) and the error is
 * thrown from `didResolveOperation`, where Apollo Server answers with the error's own status and
 * headers. Nothing of the original request is parsed, looked up or executed.
 */
export function refuseRequest(request: GraphQLRequest, error: GraphQLError): GraphQLRequestListener<GatewayContext> {
  request.query = trivial;
  request.operationName = undefined;
  request.variables = undefined;
  if (request.extensions) delete request.extensions.persistedQuery;
  return {
    async didResolveOperation() {
      throw error;
    },
  };
}

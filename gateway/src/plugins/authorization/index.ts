import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Identity } from '@ucg/request-context';
import type { GatewayContext } from '../../context.ts';
import { Lru } from '../../lru.ts';
import type { SupergraphPolicies } from '../../supergraph/policies.ts';
import { filterOperation, type FilterResult, type Principal } from './filter-operation.ts';
import { applyNullPaths } from './null-paths.ts';
import type { AuthorizationOptions } from './options.ts';

export type { AuthorizationOptions } from './options.ts';
export { filterOperation, type Principal, type Denial, type FilterResult } from './filter-operation.ts';

interface Rewrite extends FilterResult {
  queryHash: string;
  errors: GraphQLFormattedError[];
}

export function principalOf(identity: Identity): Principal {
  return {
    authenticated: Boolean(identity.customer || identity.staff || identity.partner),
    scopes: new Set([...(identity.staff?.scopes ?? []), ...(identity.partner?.scopes ?? [])]),
  };
}

function principalKey(p: Principal): string {
  return `${p.authenticated ? 1 : 0}:${[...p.scopes].sort().join(' ')}`;
}

function denialErrors(result: FilterResult): GraphQLFormattedError[] {
  return result.denials.map((d) => ({
    message: d.code === 'UNAUTHENTICATED' ? `${d.element} requires a signed-in caller` : `${d.element} requires a scope the caller does not hold`,
    path: d.path,
    extensions: { code: d.code },
  }));
}

/**
 * Enforces `@authenticated` and `@requiresScopes` from the supergraph before execution, as Apollo
 * Router does: what the caller may not see is removed from the operation and reported as an error
 * at its path (`UNAUTHENTICATED`, `FORBIDDEN`), and the rest of the operation still runs.
 * Rewrites are cached per operation and access level, so repeated requests pay one map lookup.
 */
export function authorizationPlugin(options: AuthorizationOptions): ApolloServerPlugin<GatewayContext> {
  const cache = new Lru<string, Rewrite>(options.cacheSize ?? 2000);
  let cachedFor: SupergraphPolicies | undefined;
  return {
    async requestDidStart() {
      let rewrite: Rewrite | undefined;
      return {
        async didResolveOperation(rc) {
          const policies = options.policies();
          if (!policies.hasAccessRules || !rc.operation || rc.contextValue.warmup) return;
          if (cachedFor !== policies) {
            cache.clear();
            cachedFor = policies;
          }
          const principal = principalOf(rc.contextValue.identity);
          const key = `${rc.queryHash}|${rc.operationName ?? ''}|${principalKey(principal)}`;
          let found = cache.get(key);
          if (!found) {
            const result = filterOperation(rc.schema, policies, rc.document!, rc.operation, principal);
            const removed = result.denials.map((d) => `${d.path.join('.')}=${d.code}`).join(',');
            found = { ...result, queryHash: createHash('sha256').update(`${rc.queryHash}|${removed}`).digest('hex'), errors: denialErrors(result) };
            cache.set(key, found);
          }
          if (!found.changed) return;
          rewrite = found;
          for (const d of found.denials) options.onDenied?.(d.code);
          if (found.document) {
            // The query-plan cache is keyed by this hash: a filtered plan must never serve a caller allowed more.
            const mutable = rc as { document: typeof found.document; queryHash: string };
            mutable.document = found.document;
            mutable.queryHash = found.queryHash;
          }
        },
        async responseForOperation() {
          if (!rewrite || rewrite.document) return null;
          return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single', singleResult: { data: applyNullPaths({}, rewrite.nullPaths), errors: rewrite.errors } } };
        },
        async willSendResponse(rc) {
          if (!rewrite?.document || rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          result.data = applyNullPaths(result.data, rewrite.nullPaths);
          result.errors = [...rewrite.errors, ...(result.errors ?? [])];
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type FragmentDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { GatewayContext } from '../../context.ts';
import { ErrorCode, gatewayError, type ErrorCodeName } from '../../errors.ts';
import { Lru } from '../../lru.ts';
import type { SupergraphPolicies } from '../../supergraph/policies.ts';
import { estimateCost, type CostModel } from './cost.ts';
import type { LimitsOptions } from './options.ts';

export type { LimitsOptions } from './options.ts';
export { estimateCost, type CostModel, type CostEstimate } from './cost.ts';

export interface LimitsPlugin extends ApolloServerPlugin<GatewayContext> {
  /** For Apollo Server's `validationRules`: depth, aliases and directives (graphql-armor). */
  validationRules: ValidationRule[];
  /** For Apollo Server's `parseOptions`: the token limit, enforced by graphql-js while parsing. */
  parseOptions: { maxTokens: number };
}

function reject(code: ErrorCodeName) {
  return [(ctx: ValidationContext | null, error: GraphQLError) => ctx?.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { code } }))];
}

/**
 * Operation limits. Shape limits run as validation rules (graphql-armor), so Apollo Server checks
 * each distinct document once and caches the verdict with it; cost is estimated per operation
 * from the supergraph's `@cost`/`@listSize` and compared with the caller kind's maximum, cached
 * by query hash unless list sizes come from variables.
 */
export function limitsPlugin(options: LimitsOptions, runtime: { policies: () => SupergraphPolicies; cacheSize?: number }): LimitsPlugin {
  const armor = new ApolloArmor({
    maxDepth: { n: options.maxDepth, propagateOnRejection: false, onReject: reject(ErrorCode.LIMIT_DEPTH), flattenFragments: true },
    maxAliases: { n: options.maxAliases, propagateOnRejection: false, onReject: reject(ErrorCode.LIMIT_ALIASES) },
    maxDirectives: { n: options.maxDirectives, propagateOnRejection: false, onReject: reject(ErrorCode.LIMIT_DIRECTIVES) },
    // Tokens are limited by graphql-js's own parser option, which costs nothing extra.
    maxTokens: { enabled: false },
    // Replaced by our demand-control estimate (per caller kind, from @cost/@listSize).
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const model: CostModel = { defaultListSize: options.defaultListSize, mutationCost: 10 };
  const costs = new Lru<string, number>(runtime.cacheSize ?? 2000);
  let cachedFor: SupergraphPolicies | undefined;

  return {
    validationRules: armor.protect().validationRules,
    parseOptions: { maxTokens: options.maxTokens },
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation || rc.contextValue.warmup) return;
          const policies = runtime.policies();
          if (cachedFor !== policies) {
            costs.clear();
            cachedFor = policies;
          }
          const key = `${rc.queryHash}|${rc.operationName ?? ''}`;
          let cost = costs.get(key);
          if (cost === undefined) {
            const fragments = new Map<string, FragmentDefinitionNode>();
            for (const d of rc.document!.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
            const estimate = estimateCost(rc.schema, policies, rc.operation, fragments, rc.request.variables ?? {}, model);
            cost = estimate.cost;
            if (estimate.reusable) costs.set(key, cost);
          }
          const max = options.maxCost[rc.contextValue.clientKind];
          if (cost > max) {
            throw gatewayError(ErrorCode.LIMIT_COST, `operation cost ${Number.isFinite(cost) ? Math.ceil(cost) : 'unbounded'} exceeds the limit of ${max} for ${rc.contextValue.clientKind} callers`, {
              status: 400,
              extensions: { cost: Number.isFinite(cost) ? Math.ceil(cost) : null, maxCost: max },
            });
          }
        },
      };
    },
  };
}

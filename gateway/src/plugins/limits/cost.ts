import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { SupergraphPolicies } from '../../supergraph/policies.ts';

export interface CostModel {
  /** Items assumed in a list nothing else sizes. @default 10 */
  defaultListSize: number;
  /** Added for each root mutation field. @default 10 */
  mutationCost: number;
}

export interface CostEstimate {
  cost: number;
  /** False when list sizes came from variables: the estimate may not be reused for other variables. */
  reusable: boolean;
}

interface Walk {
  schema: GraphQLSchema;
  policies: SupergraphPolicies;
  model: CostModel;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  reusable: boolean;
}

function argumentValue(walk: Walk, node: FieldNode, field: GraphQLField<unknown, unknown>, name: string): unknown {
  const given = node.arguments?.find((a) => a.name.value === name);
  const def = field.args.find((a) => a.name === name);
  if (!given) return def?.defaultValue;
  if (given.value.kind === Kind.VARIABLE) walk.reusable = false;
  return def ? valueFromAST(given.value as ValueNode, def.type, walk.variables) : undefined;
}

/**
 * How many items a list field returns, by the supergraph's `@listSize`, else by the usual
 * pagination arguments (`first`, `last`, `limit`), else by the longest list argument (a lookup by
 * keys returns one item per key), else the model's default.
 */
function listSize(walk: Walk, node: FieldNode, field: GraphQLField<unknown, unknown>, parent: string): number {
  const rule = walk.policies.field(parent, field.name)?.listSize;
  if (rule?.slicingArguments?.length) {
    const sizes = rule.slicingArguments.map((a) => argumentValue(walk, node, field, a)).filter((v): v is number => typeof v === 'number');
    if (sizes.length) return Math.max(...sizes);
  }
  if (rule?.assumedSize !== undefined) return rule.assumedSize;
  for (const name of ['first', 'last', 'limit']) {
    const value = field.args.some((a) => a.name === name) ? argumentValue(walk, node, field, name) : undefined;
    if (typeof value === 'number') return Math.max(0, value);
  }
  let longest = -1;
  for (const arg of field.args) {
    if (!isListType(getNullableType(arg.type))) continue;
    const value = argumentValue(walk, node, field, arg.name);
    if (Array.isArray(value)) longest = Math.max(longest, value.length);
  }
  return longest >= 0 ? longest : walk.model.defaultListSize;
}

function selectionCost(walk: Walk, parent: GraphQLCompositeType, set: SelectionSetNode, sized: { fields: Set<string>; size: number } | undefined, depth: number): number {
  if (depth > 200) return Number.POSITIVE_INFINITY;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) total += selectionCost(walk, type, selection.selectionSet, sized, depth + 1);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (fragment && type && isCompositeType(type)) total += selectionCost(walk, type, fragment.selectionSet, sized, depth + 1);
      continue;
    }
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const field = parent.getFields()[selection.name.value];
    if (!field) continue;
    total += fieldCost(walk, parent, selection, field, sized?.fields.has(field.name) ? sized.size : undefined, depth);
  }
  return total;
}

function fieldCost(walk: Walk, parent: GraphQLCompositeType, node: FieldNode, field: GraphQLField<unknown, unknown>, sizedBy: number | undefined, depth: number): number {
  const policy = walk.policies.field(parent.name, field.name);
  const named = getNamedType(field.type);
  const typeWeight = walk.policies.type(named.name)?.cost;
  const weight = policy?.cost ?? typeWeight ?? (isCompositeType(named) ? 1 : 0);
  let argumentsCost = 0;
  for (const [name, cost] of Object.entries(policy?.argumentCosts ?? {})) if (node.arguments?.some((a) => a.name.value === name)) argumentsCost += cost;
  const isList = isListType(getNullableType(field.type));
  const rule = policy?.listSize;
  // With sizedFields, the size belongs to the named children (connections), not to this field.
  const size = rule?.sizedFields?.length ? listSize(walk, node, field, parent.name) : undefined;
  const multiplier = sizedBy ?? (isList && !rule?.sizedFields?.length ? listSize(walk, node, field, parent.name) : 1);
  const children = node.selectionSet && isCompositeType(named)
    ? selectionCost(walk, named, node.selectionSet, size !== undefined ? { fields: new Set(rule!.sizedFields), size } : undefined, depth + 1)
    : 0;
  return argumentsCost + multiplier * (weight + children);
}

/**
 * The static cost of an operation in the manner of Apollo's demand control: objects cost 1,
 * leaves 0, `@cost` overrides either, lists multiply what they hold by their estimated size.
 */
export function estimateCost(
  schema: GraphQLSchema,
  policies: SupergraphPolicies,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  model: CostModel,
): CostEstimate {
  const walk: Walk = { schema, policies, model, fragments, variables, reusable: true };
  const root = schema.getRootType(operation.operation);
  if (!root) return { cost: 0, reusable: true };
  let cost = selectionCost(walk, root, operation.selectionSet, undefined, 0);
  if (operation.operation === 'mutation') cost += model.mutationCost * operation.selectionSet.selections.length;
  return { cost, reusable: walk.reusable };
}

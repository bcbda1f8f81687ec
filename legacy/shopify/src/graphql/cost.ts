import {
  Kind, getNamedType, isAbstractType, isCompositeType, isLeafType, isObjectType, valueFromASTUntyped,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLObjectType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * Shopify's calculated query cost, as documented for the Admin API: scalars and enums cost 0, an
 * object 1, a connection 2 plus `first`/`last` times the cost of one node, a mutation 10, and an
 * interface or union the most expensive of its possible selections. With `data` it computes the
 * actual cost from what was returned (connections charged for the nodes they really held).
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, data?: unknown): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const argument = (field: FieldNode, name: string): unknown => {
    const node = field.arguments?.find((a) => a.name.value === name);
    return node ? valueFromASTUntyped(node.value, variables) : undefined;
  };

  const skipped = (node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: Parameters<typeof valueFromASTUntyped>[0] }[] }[] }): boolean =>
    (node.directives ?? []).some((d) => {
      const arg = d.arguments?.find((a) => a.name.value === 'if');
      const value = arg ? Boolean(valueFromASTUntyped(arg.value, variables)) : false;
      return (d.name.value === 'skip' && value) || (d.name.value === 'include' && !value);
    });

  const applies = (condition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!condition || condition === type.name) return true;
    const target = schema.getType(condition);
    return !!target && isAbstractType(target) && schema.isSubType(target, type);
  };

  /** The fields selected on one concrete type, by response key (repeated keys merge). */
  function collect(selectionSet: SelectionSetNode, type: GraphQLObjectType, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
    for (const selection of selectionSet.selections) {
      if (skipped(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) collect(selection.selectionSet, type, into);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, type)) collect(fragment.selectionSet, type, into);
      }
    }
    return into;
  }

  const merged = (nodes: FieldNode[]): SelectionSetNode | undefined => {
    const selections = nodes.flatMap((n) => n.selectionSet?.selections ?? []);
    return selections.length ? { kind: Kind.SELECTION_SET, selections } : undefined;
  };

  /** Cost of a selection set on a (possibly abstract) type, for one value (or the worst case). */
  function selectionCost(selectionSet: SelectionSetNode | undefined, type: GraphQLCompositeType, value: unknown, mutationRoot = false): number {
    if (!selectionSet) return 0;
    const concrete = isAbstractType(type) ? [...schema.getPossibleTypes(type)] : [type as GraphQLObjectType];
    let worst = 0;
    for (const objectType of concrete) {
      let total = 0;
      for (const [key, nodes] of collect(selectionSet, objectType)) {
        const name = nodes[0]!.name.value;
        if (name.startsWith('__')) continue;
        const def = objectType.getFields()[name];
        if (!def) continue;
        if (mutationRoot) { total += 10; continue; }
        const fieldValue = value !== undefined && value !== null ? (value as Record<string, unknown>)[key] : undefined;
        total += fieldCost(nodes, getNamedType(def.type), value === undefined ? undefined : fieldValue ?? null);
      }
      worst = Math.max(worst, total);
    }
    return worst;
  }

  function fieldCost(nodes: FieldNode[], named: ReturnType<typeof getNamedType>, value: unknown): number {
    if (isLeafType(named) || !isCompositeType(named)) return 0;
    const field = nodes[0]!;
    const selection = merged(nodes);
    if (named.name.endsWith('Connection') && isObjectType(named)) return connectionCost(field, selection, named, value);
    if (field.name.value === 'nodes' && Array.isArray(argument(field, 'ids'))) {
      // `nodes(ids:)` loads one object per id.
      const ids = argument(field, 'ids') as unknown[];
      if (value === undefined) return ids.length * (1 + selectionCost(selection, named, undefined));
      return (value as unknown[]).reduce<number>((sum, item) => sum + 1 + (item === null ? 0 : selectionCost(selection, named, item)), 0);
    }
    if (value === undefined) return 1 + selectionCost(selection, named, undefined);
    if (value === null) return 1;
    if (Array.isArray(value)) return 1 + value.reduce<number>((max, item) => Math.max(max, selectionCost(selection, named, item)), 0);
    return 1 + selectionCost(selection, named, value);
  }

  function connectionCost(field: FieldNode, selection: SelectionSetNode | undefined, type: GraphQLObjectType, value: unknown): number {
    const size = Number(argument(field, 'first') ?? argument(field, 'last') ?? 0) || 0;
    const nodesField = type.getFields().nodes;
    const nodeType = nodesField ? getNamedType(nodesField.type) : undefined;
    if (!selection || !nodeType || !isCompositeType(nodeType)) return 2;
    // The node selections: `nodes { … }` and `edges { node { … } }` (the same objects).
    const perNode: { set: SelectionSetNode | undefined; read: (v: Record<string, unknown>) => unknown[] }[] = [];
    for (const [key, fieldNodes] of collect(selection, type)) {
      const name = fieldNodes[0]!.name.value;
      if (name === 'nodes') perNode.push({ set: merged(fieldNodes), read: (v) => (v[key] as unknown[] | null) ?? [] });
      if (name === 'edges') {
        const edgeType = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
        const edgeSet = merged(fieldNodes);
        if (!edgeSet) continue;
        for (const [edgeKey, edgeNodes] of collect(edgeSet, edgeType)) {
          if (edgeNodes[0]!.name.value !== 'node') continue;
          perNode.push({ set: merged(edgeNodes), read: (v) => ((v[key] as Record<string, unknown>[] | null) ?? []).map((e) => e[edgeKey]) });
        }
      }
    }
    if (value === undefined) {
      const one = perNode.reduce((max, p) => Math.max(max, 1 + selectionCost(p.set, nodeType, undefined)), 1);
      return 2 + size * one;
    }
    if (value === null) return 2;
    let total = 2;
    for (const p of perNode) {
      const items = p.read(value as Record<string, unknown>);
      total = Math.max(total, 2 + items.reduce<number>((sum, item) => sum + 1 + selectionCost(p.set, nodeType, item), 0));
    }
    return total;
  }

  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  return selectionCost(operation.selectionSet, root, data, operation.operation === 'mutation');
}

import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ScopeAlternatives, SupergraphPolicies } from '../../supergraph/policies.ts';

/** Who is asking, as far as access rules care. */
export interface Principal {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
}

/** A field (or fragment) taken out of the operation, at its response path (`@` stands for every list item). */
export interface Denial {
  path: string[];
  code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  /** `Type.field`, or the type of a fragment. */
  element: string;
}

export interface FilterResult {
  /** The operation to execute, or null when nothing of it is left. */
  document: DocumentNode | null;
  denials: Denial[];
  /** Response paths to answer with null (denied fields, or the nearest nullable parent of a denied non-null one). */
  nullPaths: string[][];
  changed: boolean;
}

interface Requirement {
  authenticated: boolean;
  scopes: ScopeAlternatives[];
}

function check(req: Requirement | undefined, principal: Principal): Denial['code'] | undefined {
  if (!req || (!req.authenticated && req.scopes.length === 0)) return undefined;
  if (!principal.authenticated) return 'UNAUTHENTICATED';
  const ok = req.scopes.every((alternatives) => alternatives.some((all) => all.every((s) => principal.scopes.has(s))));
  return ok ? undefined : 'FORBIDDEN';
}

function merge(into: Requirement, policy: { authenticated: boolean; scopes: ScopeAlternatives[] } | undefined): void {
  if (!policy) return;
  into.authenticated ||= policy.authenticated || policy.scopes.length > 0;
  into.scopes.push(...policy.scopes);
}

/** Marks where a null must go when a field of `type` is removed below a list item or a field. */
type Outcome = { set: SelectionSetNode | null; nullSelf: boolean };

/**
 * Removes what the principal may not see from an operation, as Apollo Router's authorization does:
 * denied fields go, selections left empty go with their parent field, and every removal is reported
 * with its path so that the rest of the operation still runs.
 */
export function filterOperation(schema: GraphQLSchema, policies: SupergraphPolicies, document: DocumentNode, operation: OperationDefinitionNode, principal: Principal): FilterResult {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const denials: Denial[] = [];
  const nullPaths: string[][] = [];
  const rewritten = new Map<string, FragmentDefinitionNode | null>();
  const requirements = new Map<string, Requirement>();
  let changed = false;

  const fieldRequirement = (parent: GraphQLCompositeType, fieldName: string, type: GraphQLOutputType): Requirement => {
    const key = `${parent.name}.${fieldName}`;
    let req = requirements.get(key);
    if (!req) {
      req = { authenticated: false, scopes: [] };
      merge(req, policies.field(parent.name, fieldName));
      merge(req, policies.type(getNamedType(type).name));
      // An interface field is as protected as the most protected implementation of it.
      if (isInterfaceType(parent)) for (const impl of schema.getPossibleTypes(parent)) merge(req, policies.field(impl.name, fieldName));
      requirements.set(key, req);
    }
    return req;
  };

  const filterSet = (parent: GraphQLCompositeType, set: SelectionSetNode, path: string[]): Outcome => {
    const kept: SelectionNode[] = [];
    let nullSelf = false;
    let touched = false;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || (isAbstractType(parent) && !isInterfaceType(parent))) {
          kept.push(selection);
          continue;
        }
        const def = (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        if (!def) {
          kept.push(selection);
          continue;
        }
        const key = selection.alias?.value ?? name;
        const fieldPath = [...path, key];
        const denied = check(fieldRequirement(parent, name, def.type), principal);
        if (denied) {
          denials.push({ path: fieldPath, code: denied, element: `${parent.name}.${name}` });
          touched = true;
          if (isNonNullType(def.type)) nullSelf = true;
          else nullPaths.push(fieldPath);
          continue;
        }
        const named = getNamedType(def.type);
        if (!selection.selectionSet || !isCompositeType(named)) {
          kept.push(selection);
          continue;
        }
        const list = isListType(getNullableType(def.type));
        const itemNullable = list && !isNonNullType((getNullableType(def.type) as { ofType: GraphQLOutputType }).ofType);
        const child = filterSet(named, selection.selectionSet, list ? [...fieldPath, '@'] : fieldPath);
        if (child.set === selection.selectionSet && !child.nullSelf) {
          kept.push(selection);
          continue;
        }
        touched = true;
        if (child.nullSelf || !child.set) {
          // Null goes to the list item when it may be null, else to the field, else further up.
          if (child.nullSelf && itemNullable) nullPaths.push([...fieldPath, '@']);
          else if (!isNonNullType(def.type)) nullPaths.push(fieldPath);
          else nullSelf = true;
          if (!child.set) continue;
        }
        kept.push({ ...selection, selectionSet: child.set });
      } else {
        const isSpread = selection.kind === Kind.FRAGMENT_SPREAD;
        const fragment = isSpread ? fragments.get(selection.name.value) : undefined;
        const condition = isSpread ? fragment?.typeCondition : selection.typeCondition;
        const type = condition ? schema.getType(condition.name.value) : parent;
        if (!type || !isCompositeType(type) || (isSpread && !fragment)) {
          kept.push(selection);
          continue;
        }
        const denied = check(policies.type(type.name), principal);
        if (denied) {
          denials.push({ path, code: denied, element: type.name });
          touched = true;
          continue;
        }
        const inner = isSpread ? fragment!.selectionSet : selection.selectionSet;
        const child = filterSet(type, inner, path);
        if (child.nullSelf) nullSelf = true;
        if (child.set === inner) {
          kept.push(selection);
          continue;
        }
        touched = true;
        if (!child.set) continue;
        if (isSpread) {
          // A fragment filters the same wherever it is spread; keep the first rewrite.
          if (!rewritten.has(fragment!.name.value)) rewritten.set(fragment!.name.value, { ...fragment!, selectionSet: child.set });
          kept.push(selection);
        } else {
          kept.push({ ...selection, selectionSet: child.set });
        }
      }
    }
    if (!touched) return { set, nullSelf };
    changed = true;
    return { set: kept.length ? { ...set, selections: kept } : null, nullSelf };
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return { document, denials, nullPaths, changed: false };
  const outcome = filterSet(root, operation.selectionSet, []);
  if (!changed) return { document, denials, nullPaths, changed: false };
  if (outcome.nullSelf) return { document: null, denials, nullPaths: [[]], changed: true };
  if (!outcome.set) return { document: null, denials, nullPaths, changed: true };
  return { document: rebuild(document, operation, outcome.set, rewritten), denials, nullPaths, changed: true };
}

/** The operation with its new selections, only the fragments still spread, only the variables still used. */
function rebuild(document: DocumentNode, operation: OperationDefinitionNode, selectionSet: SelectionSetNode, rewritten: Map<string, FragmentDefinitionNode | null>): DocumentNode {
  const fragmentsByName = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragmentsByName.set(d.name.value, rewritten.get(d.name.value) ?? d);
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (usedFragments.has(name)) return;
        usedFragments.add(name);
        const def = fragmentsByName.get(name);
        if (def) collect(def);
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  collect(selectionSet);
  for (const d of operation.directives ?? []) visit(d, { Variable: (v) => void usedVariables.add(v.name.value) });
  const op: OperationDefinitionNode = {
    ...operation,
    selectionSet,
    variableDefinitions: operation.variableDefinitions?.filter((v) => usedVariables.has(v.variable.name.value)),
  };
  const definitions: DefinitionNode[] = [op, ...[...fragmentsByName.values()].filter((f) => usedFragments.has(f.name.value))];
  return { kind: Kind.DOCUMENT, definitions };
}

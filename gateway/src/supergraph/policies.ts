import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode, type FieldDefinitionNode } from 'graphql';

/** `@requiresScopes(scopes:)`: any one inner list, all of whose scopes the caller holds. */
export type ScopeAlternatives = readonly (readonly string[])[];

export interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
  requireOneSlicingArgument: boolean;
}

/** What the supergraph says about one field or type: access rules (authorization) and cost (demand control). */
export interface ElementPolicy {
  authenticated: boolean;
  /** Every entry must hold (a field's and its type's rules combine). */
  scopes: ScopeAlternatives[];
  cost?: number;
  listSize?: ListSize;
  /** `@cost` on arguments, by argument name. */
  argumentCosts?: Record<string, number>;
}

const specs = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
  cost: 'https://specs.apollo.dev/cost/',
} as const;

interface DirectiveNames {
  authenticated: string;
  requiresScopes: string;
  cost: string;
  listSize: string;
}

function argument(node: ConstDirectiveNode, name: string): unknown {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
}

/**
 * The local names of the features' directives, read from the supergraph's `@link`s: a feature
 * may be renamed (`as:`) and its directives imported under other names, as the link spec allows.
 */
function directiveNames(document: DocumentNode): DirectiveNames {
  const names: DirectiveNames = { authenticated: 'authenticated', requiresScopes: 'requiresScopes', cost: 'cost', listSize: 'cost__listSize' };
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const url = argument(link, 'url');
      if (typeof url !== 'string') continue;
      const feature = (Object.keys(specs) as (keyof typeof specs)[]).find((k) => url.startsWith(specs[k]));
      if (!feature) continue;
      const local = String(argument(link, 'as') ?? feature);
      const imports = new Map<string, string>();
      for (const item of (argument(link, 'import') as unknown[] | undefined) ?? []) {
        if (typeof item === 'string') imports.set(item, item);
        else if (item && typeof item === 'object' && 'name' in item) {
          const { name, as } = item as { name: string; as?: string };
          imports.set(name, as ?? name);
        }
      }
      const localName = (directive: string) => (imports.get(`@${directive}`) ?? (directive === feature ? `@${local}` : `@${local}__${directive}`)).slice(1);
      if (feature === 'cost') {
        names.cost = localName('cost');
        names.listSize = localName('listSize');
      } else {
        names[feature] = localName(feature);
      }
    }
  }
  return names;
}

function policyOf(directives: readonly ConstDirectiveNode[] | undefined, names: DirectiveNames): ElementPolicy | undefined {
  if (!directives?.length) return undefined;
  let policy: ElementPolicy | undefined;
  const get = () => (policy ??= { authenticated: false, scopes: [] });
  for (const d of directives) {
    const name = d.name.value;
    if (name === names.authenticated) get().authenticated = true;
    else if (name === names.requiresScopes) {
      const scopes = argument(d, 'scopes');
      if (Array.isArray(scopes)) get().scopes.push(scopes.map((alt) => (Array.isArray(alt) ? alt.map(String) : [String(alt)])));
    } else if (name === names.cost) {
      const weight = Number(argument(d, 'weight'));
      if (Number.isFinite(weight)) get().cost = weight;
    } else if (name === names.listSize) {
      const assumedSize = argument(d, 'assumedSize');
      get().listSize = {
        ...(typeof assumedSize === 'number' ? { assumedSize } : {}),
        ...(Array.isArray(argument(d, 'slicingArguments')) ? { slicingArguments: (argument(d, 'slicingArguments') as unknown[]).map(String) } : {}),
        ...(Array.isArray(argument(d, 'sizedFields')) ? { sizedFields: (argument(d, 'sizedFields') as unknown[]).map(String) } : {}),
        requireOneSlicingArgument: argument(d, 'requireOneSlicingArgument') !== false,
      };
    }
  }
  return policy;
}

function fieldPolicy(field: FieldDefinitionNode, names: DirectiveNames): ElementPolicy | undefined {
  const policy = policyOf(field.directives, names);
  const argumentCosts: Record<string, number> = {};
  for (const arg of field.arguments ?? []) {
    const cost = policyOf(arg.directives, names)?.cost;
    if (cost !== undefined) argumentCosts[arg.name.value] = cost;
  }
  if (!Object.keys(argumentCosts).length) return policy;
  return { ...(policy ?? { authenticated: false, scopes: [] }), argumentCosts };
}

/**
 * Access and cost rules of a supergraph, read once per schema version from its SDL (the API
 * schema @apollo/gateway hands to plugins no longer carries these directives).
 */
export class SupergraphPolicies {
  private readonly types = new Map<string, ElementPolicy>();
  private readonly fields = new Map<string, ElementPolicy>();
  /** True when any element needs authentication or scopes: requests skip authorization otherwise. */
  readonly hasAccessRules: boolean;

  constructor(supergraphSdl: string | DocumentNode) {
    const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
    const names = directiveNames(document);
    for (const def of document.definitions) {
      if (!('name' in def) || !def.name || !('directives' in def)) continue;
      const typeName = def.name.value;
      const own = policyOf(def.directives as readonly ConstDirectiveNode[] | undefined, names);
      if (own) this.types.set(typeName, own);
      if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) && def.fields) {
        for (const field of def.fields) {
          const policy = fieldPolicy(field, names);
          if (policy) this.fields.set(`${typeName}.${field.name.value}`, policy);
        }
      }
    }
    const all = [...this.types.values(), ...this.fields.values()];
    this.hasAccessRules = all.some((p) => p.authenticated || p.scopes.length > 0);
  }

  type(name: string): ElementPolicy | undefined {
    return this.types.get(name);
  }

  field(typeName: string, fieldName: string): ElementPolicy | undefined {
    return this.fields.get(`${typeName}.${fieldName}`);
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, print, validate, visit, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

export interface ContractOperation {
  /** storefront, mobile, partner or ops. */
  client: string;
  /** Path relative to the contract folder. */
  file: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation with every fragment it uses, printed canonically (this is what gets persisted). */
  body: string;
  document: DocumentNode;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.graphql') ? [join(dir, e.name)] : []));
}

function fragmentsUsed(node: OperationDefinitionNode | FragmentDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      seen.add(name);
      const def = fragments.get(name);
      if (def) fragmentsUsed(def, fragments, seen);
    },
  });
  return seen;
}

/** Every operation under the contract folder; fragments resolve within the same client folder. */
export function loadContract(dir: string): ContractOperation[] {
  const files = walk(dir).sort();
  const byClient = new Map<string, { file: string; doc: DocumentNode }[]>();
  for (const path of files) {
    const file = relative(dir, path);
    const client = file.split(/[\\/]/)[0]!;
    byClient.set(client, [...(byClient.get(client) ?? []), { file, doc: parse(readFileSync(path, 'utf8')) }]);
  }
  const operations: ContractOperation[] = [];
  for (const [client, docs] of byClient) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const { doc } of docs) for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    for (const { file, doc } of docs) {
      for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
        const used = [...fragmentsUsed(d, fragments)].sort().map((n) => fragments.get(n)!).filter(Boolean);
        const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [d, ...used] };
        operations.push({ client, file, name: d.name.value, type: d.operation, body: print(document), document });
      }
    }
  }
  return operations;
}

export interface ContractResult {
  operation: ContractOperation;
  valid: boolean;
  errors: string[];
}

export function checkContract(schema: GraphQLSchema, operations: ContractOperation[]): ContractResult[] {
  return operations.map((operation) => {
    const errors = validate(schema, operation.document).map((e) => e.message);
    return { operation, valid: errors.length === 0, errors };
  });
}

/** A per-operation report for humans: one line each, with the first reasons for failures. */
export function formatContractReport(results: ContractResult[]): string {
  const lines = results.map((r) => {
    const id = `${r.operation.client}/${r.operation.name}`;
    return r.valid ? `  ✓ ${id}` : `  ✗ ${id}\n${r.errors.slice(0, 3).map((e) => `      ${e}`).join('\n')}${r.errors.length > 3 ? `\n      … ${r.errors.length - 3} more` : ''}`;
  });
  const ok = results.filter((r) => r.valid).length;
  return `contract check: ${ok}/${results.length} operations validate\n${lines.join('\n')}`;
}

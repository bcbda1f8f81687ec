import {
  Kind, execute, getNamedType, isCompositeType, isInterfaceType, isObjectType, parse, validate,
  type DocumentNode, type GraphQLCompositeType, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { gid } from '../ids.ts';
import type { BulkOperationRec, ShopState } from '../shop-state.ts';
import { withoutPageLimits } from './connection.ts';
import { adminSchema } from './endpoint.ts';

type Json = Record<string, unknown>;

/** Shopify's limits for a bulk query: at most five connections, nested at most two deep. */
const MAX_CONNECTIONS = 5;
const MAX_DEPTH = 2;

const isConnectionType = (type: GraphQLCompositeType) => isObjectType(type) && type.name.endsWith('Connection');
const fieldsOf = (type: GraphQLCompositeType) => (isObjectType(type) || isInterfaceType(type) ? type.getFields() : {});

/** The selection sets that describe a connection's node (`nodes { … }` and `edges { node { … } }`). */
function nodeSelections(set: SelectionSetNode): SelectionSetNode[] {
  const out: SelectionSetNode[] = [];
  for (const s of set.selections) {
    if (s.kind !== Kind.FIELD || !s.selectionSet) continue;
    if (s.name.value === 'nodes') out.push(s.selectionSet);
    if (s.name.value === 'edges') {
      for (const e of s.selectionSet.selections) if (e.kind === Kind.FIELD && e.name.value === 'node' && e.selectionSet) out.push(e.selectionSet);
    }
  }
  return out;
}

/**
 * Checks a bulk query as Shopify does before accepting it: a query with at least one connection,
 * at most five, nested at most two deep, and every node that holds a nested connection selecting
 * its `id` (the JSONL links children to it through `__parentId`). Returns the problem, if any.
 */
function problemOf(operation: OperationDefinitionNode): string | undefined {
  let connections = 0;
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, depth: number): string | undefined => {
    let nested = false;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const target = s.typeCondition ? adminSchema.getType(s.typeCondition.name.value) : type;
        const problem = target && isCompositeType(target) ? walk(s.selectionSet, target, depth) : undefined;
        if (problem) return problem;
        continue;
      }
      if (s.kind !== Kind.FIELD || !s.selectionSet) continue;
      const field = fieldsOf(type)[s.name.value];
      const named = field ? getNamedType(field.type) : undefined;
      if (!named || !isCompositeType(named)) continue;
      if (!isConnectionType(named)) {
        const problem = walk(s.selectionSet, named, depth);
        if (problem) return problem;
        continue;
      }
      nested = true;
      connections++;
      if (connections > MAX_CONNECTIONS) return `Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`;
      if (depth + 1 > MAX_DEPTH) return `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_DEPTH}.`;
      const nodeType = getNamedType(fieldsOf(named).nodes!.type) as GraphQLCompositeType;
      for (const nodeSet of nodeSelections(s.selectionSet)) {
        const problem = walk(nodeSet, nodeType, depth + 1);
        if (problem) return problem;
      }
    }
    if (nested && depth > 0 && !set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias)) {
      return "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type.";
    }
    return undefined;
  };
  const problem = walk(operation.selectionSet, adminSchema.getQueryType()!, 0);
  if (problem) return problem;
  return connections === 0 ? 'Bulk queries must contain at least one connection.' : undefined;
}

const isConnection = (value: unknown): value is { nodes?: Json[]; edges?: { node: Json }[] } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && (Array.isArray((value as Json).nodes) || Array.isArray((value as Json).edges));

/**
 * The JSONL Shopify writes: one line per connection node; nested connections leave their parent's
 * line and follow it, each node on its own line with `__parentId` naming the parent.
 */
export function flattenToJsonl(data: Json): { lines: string[]; roots: number } {
  const lines: string[] = [];
  let roots = 0;
  const emit = (node: Json, parentId: string | undefined) => {
    const own: Json = {};
    const children: Json[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (isConnection(value)) children.push(...(value.nodes ?? value.edges!.map((e) => e.node)));
      else own[key] = value;
    }
    if (parentId !== undefined) own.__parentId = parentId;
    lines.push(JSON.stringify(own));
    for (const child of children) emit(child, node.id as string);
  };
  for (const value of Object.values(data)) {
    if (!isConnection(value)) continue;
    for (const node of value.nodes ?? value.edges!.map((e) => e.node)) {
      roots++;
      emit(node, undefined);
    }
  }
  return { lines, roots };
}

export function bulkOperationView(rec: BulkOperationRec) {
  return {
    __typename: 'BulkOperation', id: gid('BulkOperation', rec.legacyId), type: 'QUERY', status: rec.status, errorCode: rec.errorCode,
    createdAt: rec.createdAt, completedAt: rec.completedAt, objectCount: String(rec.objectCount), rootObjectCount: String(rec.rootObjectCount),
    fileSize: rec.jsonl === null ? null : String(Buffer.byteLength(rec.jsonl)), url: rec.url, partialDataUrl: null, query: rec.query,
  };
}

type UserError = { code: 'INVALID' | 'OPERATION_IN_PROGRESS'; field: string[] | null; message: string };

/**
 * Bulk queries: `bulkOperationRunQuery` accepts a query, runs it in the background over the whole
 * shop (no page size, no cost throttling), and leaves the result as a JSONL file at `url`.
 */
export class BulkOperations {
  constructor(
    private readonly state: ShopState,
    /** The query root the operation runs against. */
    private readonly rootValue: () => object,
  ) {}

  run(query: string, origin: string): { bulkOperation: ReturnType<typeof bulkOperationView> | null; userErrors: UserError[] } {
    const refuse = (code: UserError['code'], message: string, field: string[] | null = ['query']) => ({ bulkOperation: null, userErrors: [{ code, field, message }] });
    const running = this.state.bulkOperations.find((b) => b.status === 'CREATED' || b.status === 'RUNNING');
    if (running) return refuse('OPERATION_IN_PROGRESS', `A bulk query operation for this app and shop is already in progress: ${gid('BulkOperation', running.legacyId)}.`, null);
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return refuse('INVALID', `Invalid bulk query: ${(error as Error).message}`);
    }
    const invalid = validate(adminSchema, document);
    if (invalid.length) return refuse('INVALID', `Invalid bulk query: ${invalid[0]!.message}`);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1 || operations[0]!.operation !== 'query') return refuse('INVALID', 'Bulk queries must contain exactly one query operation.');
    const problem = problemOf(operations[0]!);
    if (problem) return refuse('INVALID', problem);

    const rec: BulkOperationRec = {
      legacyId: this.state.nextBulkOperationId(), status: 'CREATED', errorCode: null, query, createdAt: new Date().toISOString(),
      completedAt: null, objectCount: 0, rootObjectCount: 0, url: null, jsonl: null,
    };
    this.state.bulkOperations.push(rec);
    const view = bulkOperationView(rec);
    // Shopify answers at once and runs the export in the background; clients poll its status.
    setImmediate(() => void this.execute(rec, document, origin));
    return { bulkOperation: view, userErrors: [] };
  }

  private async execute(rec: BulkOperationRec, document: DocumentNode, origin: string): Promise<void> {
    rec.status = 'RUNNING';
    try {
      const result = await withoutPageLimits(() => execute({ schema: adminSchema, document, rootValue: this.rootValue() }));
      if (result.errors?.length || !result.data) throw new Error(result.errors?.[0]?.message ?? 'no data');
      const { lines, roots } = flattenToJsonl(result.data as Json);
      rec.jsonl = lines.length ? `${lines.join('\n')}\n` : '';
      rec.objectCount = lines.length;
      rec.rootObjectCount = roots;
      rec.url = `${origin}/__bulk/${rec.legacyId}/result.jsonl`;
      rec.status = 'COMPLETED';
    } catch {
      rec.status = 'FAILED';
      rec.errorCode = 'INTERNAL_SERVER_ERROR';
    }
    rec.completedAt = new Date().toISOString();
  }

  /** The result file of a completed operation (served at its `url`). */
  file(legacyId: number): string | undefined {
    return this.state.bulkOperations.find((b) => b.legacyId === legacyId)?.jsonl ?? undefined;
  }
}

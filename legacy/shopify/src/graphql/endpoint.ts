import { readFileSync } from 'node:fs';
import {
  Kind, buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { queryCost } from './cost.ts';
import type { LeakyBucket } from './leaky-bucket.ts';

export const adminSchema: GraphQLSchema = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const RATE_LIMIT_DOCS = 'https://shopify.dev/api/usage/rate-limits';

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** What resolvers may know about the request (the origin it was addressed to, for URLs the shop hands out). */
export interface AdminRequestContext {
  origin: string;
}

export interface GraphQLAnswer {
  status: number;
  body: unknown;
}

function operationOf(document: DocumentNode, name: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * Runs one Admin API request the way Shopify does: parse and validate, compute the requested
 * cost, refuse queries over the single-query limit (MAX_COST_EXCEEDED) or beyond what the bucket
 * holds (THROTTLED, HTTP 200), execute, then refund the difference to the actual cost and report
 * both with the bucket's state in `extensions.cost`.
 */
export async function runAdminGraphQL(body: GraphQLRequestBody, rootValue: object, bucket: LeakyBucket, context?: AdminRequestContext): Promise<GraphQLAnswer> {
  if (typeof body.query !== 'string' || !body.query.trim()) {
    return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: (error as Error).message, extensions: { code: 'PARSE_ERROR' } }] } };
  }
  const invalid = validate(adminSchema, document);
  if (invalid.length) return { status: 200, body: { errors: invalid.map((e) => e.toJSON()) } };
  const operationName = typeof body.operationName === 'string' && body.operationName ? body.operationName : undefined;
  const operation = operationOf(document, operationName);
  if (!operation) return { status: 200, body: { errors: [{ message: operationName ? `No operation named "${operationName}"` : 'An operation name is required' }] } };
  const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};

  const requested = queryCost(adminSchema, document, operation, variables);
  const { maxQueryCost } = bucket.settings;
  if (requested > maxQueryCost) {
    return {
      status: 200,
      body: {
        errors: [{
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
          extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: maxQueryCost, documentation: RATE_LIMIT_DOCS },
        }],
      },
    };
  }
  if (!bucket.take(requested)) {
    return {
      status: 200,
      body: {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCS } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
    };
  }
  const result = await execute({ schema: adminSchema, document, rootValue, contextValue: context, variableValues: variables, ...(operationName ? { operationName } : {}) });
  const actual = Math.min(requested, queryCost(adminSchema, document, operation, variables, result.data ?? null));
  bucket.refund(requested - actual);
  return {
    status: 200,
    body: {
      ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
      data: result.data ?? null,
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } },
    },
  };
}

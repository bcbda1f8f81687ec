import type { ApolloServer } from '@apollo/server';
import type { Logger } from '@ucg/service-kit';
import type { GatewayContext } from '../context.ts';
import type { PersistedOperation } from '../plugins/persisted-operations/index.ts';

/** A context for the gateway's own requests: anonymous, flagged so that no subgraph is called and no limit applies. */
export function warmupContext(logger: Logger): GatewayContext {
  return {
    requestId: 'warmup',
    identity: {},
    clientKind: 'anonymous',
    clientId: 'warmup',
    forwardHeaders: {},
    shopper: { country: 'US', language: 'en', currency: 'USD' },
    logger,
    stats: {},
    warmup: true,
  };
}

/**
 * Parses, validates and plans every manifest operation once, so the first real request of each
 * finds its document and query plan cached. Plans are keyed with and without the operation name,
 * as clients send either. Operations the schema does not serve (yet) are skipped quietly.
 */
export async function warmOperations(apollo: ApolloServer<GatewayContext>, operations: Iterable<PersistedOperation>, logger: Logger): Promise<{ planned: number; skipped: number }> {
  let planned = 0;
  let skipped = 0;
  const context = warmupContext(logger);
  for (const op of operations) {
    if (op.type !== 'query' && op.type !== 'mutation') continue;
    const named = await apollo.executeOperation({ query: op.body, operationName: op.name }, { contextValue: { ...context, stats: {} } });
    const failed = named.body.kind === 'single' && named.body.singleResult.errors?.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
    if (failed) {
      skipped++;
      continue;
    }
    await apollo.executeOperation({ query: op.body }, { contextValue: { ...context, stats: {} } });
    planned++;
  }
  return { planned, skipped };
}

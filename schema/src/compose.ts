import { composeServices } from '@apollo/composition';
import { parse, type GraphQLSchema } from 'graphql';
import { subgraphs as defaultSubgraphs, type SubgraphSource } from './subgraphs.ts';

export class CompositionError extends Error {
  readonly code = 'SCHEMA_COMPOSITION_FAILED';
  constructor(readonly errors: string[]) {
    super(`supergraph composition failed with ${errors.length} error(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

export interface Composed {
  supergraphSdl: string;
  /** The schema clients see (no join/link machinery, no @inaccessible elements). */
  apiSchema: GraphQLSchema;
  hints: string[];
}

/** Composes the supergraph in process with @apollo/composition (no rover, no download). */
export function composeSupergraph(sources: SubgraphSource[] = defaultSubgraphs): Composed {
  const result = composeServices(sources.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new CompositionError(result.errors.map((e) => e.message));
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: result.hints.map((h) => h.toString()),
  };
}

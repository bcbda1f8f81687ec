import { readSchemaFile, subgraphSdl, subgraphTypeDefs } from '@ucg/subgraph-kit';

/** This subgraph's own SDL, as composed into the supergraph. */
export const ownSdl = readSchemaFile(import.meta.url);
export const sdl = subgraphSdl(ownSdl);
export const typeDefs = subgraphTypeDefs(ownSdl);

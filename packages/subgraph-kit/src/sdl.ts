import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

/** The one `@link` every subgraph declares, so that all may use the same federation directives. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [
  "@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override",
  "@interfaceObject", "@authenticated", "@requiresScopes", "@cost", "@listSize"
])`;

export const commonSdl = readFileSync(new URL('./common.graphql', import.meta.url), 'utf8');

/** A subgraph's full SDL: the federation link, the shared types, then its own `schema.graphql`. */
export function subgraphSdl(ownSdl: string): string {
  return `${FEDERATION_LINK}\n\n${commonSdl}\n${ownSdl}`;
}

export function subgraphTypeDefs(ownSdl: string): DocumentNode {
  return parse(subgraphSdl(ownSdl));
}

/** Reads a subgraph's `schema.graphql` next to the calling module. */
export function readSchemaFile(moduleUrl: string, file = './schema.graphql'): string {
  return readFileSync(new URL(file, moduleUrl), 'utf8');
}

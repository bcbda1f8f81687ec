import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const schemaDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const repoRoot = resolve(schemaDir, '..');
export const supergraphPath = join(schemaDir, 'supergraph.graphql');
/** The copy of the client contract kept in the repository, so a clone anywhere can check it. */
export const vendoredContractDir = join(schemaDir, 'contract');
/** The binding original, beside the repository on a developer's machine. */
export const sharedContractDir = resolve(repoRoot, '..', 'shared', 'contract');

/** `UCG_CONTRACT_DIR`, else the shared original when it is there, else the vendored copy. */
export function contractDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.UCG_CONTRACT_DIR) return resolve(env.UCG_CONTRACT_DIR);
  return existsSync(sharedContractDir) ? sharedContractDir : vendoredContractDir;
}

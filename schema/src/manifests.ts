import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractOperation } from './contract.ts';
import { schemaDir } from './paths.ts';

/** Where `npm run compose` writes one persisted-operation manifest per client. */
export const manifestsDir = join(schemaDir, 'manifests');

/** Apollo's persisted query manifest format (what the gateway safelists and warms). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: ContractOperation['type']; body: string }[];
}

/**
 * One manifest per client from the contract: every operation with its canonical body, its id the
 * SHA-256 hex of that body, sorted by name so the files diff cleanly.
 */
export function buildManifests(operations: readonly ContractOperation[]): Map<string, PersistedQueryManifest> {
  const byClient = new Map<string, PersistedQueryManifest>();
  for (const op of [...operations].sort((a, b) => a.client.localeCompare(b.client) || a.name.localeCompare(b.name))) {
    let manifest = byClient.get(op.client);
    if (!manifest) byClient.set(op.client, (manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [] }));
    manifest.operations.push({ id: createHash('sha256').update(op.body).digest('hex'), name: op.name, type: op.type, body: op.body });
  }
  return byClient;
}

export function manifestText(manifest: PersistedQueryManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Writes `<client>.json` for every client and removes manifests of clients the contract no longer has. */
export function writeManifests(operations: readonly ContractOperation[], dir: string = manifestsDir): string[] {
  mkdirSync(dir, { recursive: true });
  const manifests = buildManifests(operations);
  for (const file of readdirSync(dir)) if (file.endsWith('.json') && !manifests.has(file.slice(0, -5))) rmSync(join(dir, file));
  const written: string[] = [];
  for (const [client, manifest] of manifests) {
    const path = join(dir, `${client}.json`);
    writeFileSync(path, manifestText(manifest));
    written.push(path);
  }
  return written;
}

/** The manifests as committed, by client (for the check that they are current). */
export function readManifests(dir: string = manifestsDir): Map<string, string> {
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), readFileSync(join(dir, f), 'utf8')]));
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/** Apollo's persisted query manifest format, one file per client (`schema/manifests/<client>.json`). */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), name: z.string(), type: z.enum(['query', 'mutation', 'subscription']), body: z.string() })),
});

export type PersistedOperation = z.infer<typeof manifestSchema>['operations'][number];

export class ManifestError extends Error {
  readonly code = 'PQ_MANIFEST_INVALID';
}

/** Reads every `<client>.json` manifest in `dir`; an id that is not the SHA-256 of its body is refused. */
export function loadManifests(dir: string): Map<string, Map<string, PersistedOperation>> {
  const out = new Map<string, Map<string, PersistedOperation>>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new ManifestError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const byId = new Map<string, PersistedOperation>();
    for (const op of parsed.data.operations) {
      if (createHash('sha256').update(op.body).digest('hex') !== op.id) throw new ManifestError(`${file}: ${op.name}: id is not the SHA-256 of its body`);
      byId.set(op.id, op);
    }
    out.set(basename(file, '.json'), byId);
  }
  return out;
}

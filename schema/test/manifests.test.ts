import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifests, contractDir, loadContract, manifestText, readManifests, writeManifests } from '../src/index.ts';

describe('persisted-operation manifests', () => {
  const operations = loadContract(contractDir());
  const built = buildManifests(operations);

  it('are current: schema/manifests holds exactly what the contract yields', () => {
    const committed = readManifests();
    // When this fails: run `npm run compose` and commit schema/manifests.
    expect([...committed.keys()].sort()).toEqual([...built.keys()].sort());
    for (const [client, manifest] of built) expect(committed.get(client), `${client}.json`).toBe(manifestText(manifest));
  });

  it('hold every contract operation once, in Apollo\'s format, with id = SHA-256 of the body', () => {
    expect(new Set(built.keys())).toEqual(new Set(['storefront', 'mobile', 'partner', 'ops']));
    let count = 0;
    for (const [client, manifest] of built) {
      expect(manifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
      for (const op of manifest.operations) {
        count++;
        expect(op.id).toBe(createHash('sha256').update(op.body).digest('hex'));
        const source = operations.find((o) => o.client === client && o.name === op.name)!;
        expect(op).toEqual({ id: op.id, name: source.name, type: source.type, body: source.body });
      }
      expect(new Set(manifest.operations.map((o) => o.id)).size).toBe(manifest.operations.length);
    }
    expect(count).toBe(operations.length);
  });

  it('change id when an operation changes, and drop manifests of clients that are gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ucg-manifests-'));
    writeFileSync(join(dir, 'retired.json'), '{}');
    const changed = operations.map((o, i) => (i === 0 ? { ...o, body: `${o.body}\n` } : o));
    writeManifests(changed, dir);
    const first = operations[0]!;
    const manifest = JSON.parse(readFileSync(join(dir, `${first.client}.json`), 'utf8')) as { operations: { id: string; name: string }[] };
    expect(manifest.operations.find((o) => o.name === first.name)!.id).toBe(createHash('sha256').update(`${first.body}\n`).digest('hex'));
    expect(readManifests(dir).has('retired')).toBe(false);
  });
});

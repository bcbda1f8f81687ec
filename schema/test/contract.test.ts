import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContract, composeSupergraph, contractDir, formatContractReport, loadContract, schemaDir, sharedContractDir, vendoredContractDir } from '../src/index.ts';

/** Operations the graph does not serve yet; each issue that lands one removes it from this list. */
const pending: string[] = JSON.parse(readFileSync(join(schemaDir, 'contract-pending.json'), 'utf8'));

describe('client contract', () => {
  const operations = loadContract(contractDir());
  const results = checkContract(composeSupergraph().apiSchema, operations);

  it('reports, per operation, whether it validates against the API schema', () => {
    process.stdout.write(`${formatContractReport(results)}\n`);
    expect(operations.length).toBeGreaterThanOrEqual(21);
    expect(new Set(operations.map((o) => o.client))).toEqual(new Set(['storefront', 'mobile', 'partner', 'ops']));
  });

  it('validates every operation that is not listed as pending', () => {
    const broken = results.filter((r) => !r.valid && !pending.includes(`${r.operation.client}/${r.operation.name}`));
    expect(broken.map((r) => `${r.operation.client}/${r.operation.name}: ${r.errors[0]}`)).toEqual([]);
  });

  it('lists as pending only operations that really do not validate yet', () => {
    const done = results.filter((r) => r.valid && pending.includes(`${r.operation.client}/${r.operation.name}`));
    // When this fails: remove these from schema/contract-pending.json.
    expect(done.map((r) => `${r.operation.client}/${r.operation.name}`)).toEqual([]);
  });

  it.runIf(existsSync(sharedContractDir))('keeps the vendored copy identical to ../shared/contract', () => {
    const shared = loadContract(sharedContractDir).map((o) => [o.client, o.name, o.body]);
    const vendored = loadContract(vendoredContractDir).map((o) => [o.client, o.name, o.body]);
    // When this fails: copy ../shared/contract into schema/contract.
    expect(vendored).toEqual(shared);
  });
});

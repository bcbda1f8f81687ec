import { writeFileSync } from 'node:fs';
import { createLogger } from '@ucg/service-kit';
import { checkContract, formatContractReport, loadContract } from './contract.ts';
import { CompositionError, composeSupergraph } from './compose.ts';
import { writeManifests } from './manifests.ts';
import { contractDir, supergraphPath } from './paths.ts';

/** `npm run compose`: writes schema/supergraph.graphql and prints the contract report. */
const logger = createLogger('schema', { level: 'info' });
try {
  const composed = composeSupergraph();
  writeFileSync(supergraphPath, composed.supergraphSdl.endsWith('\n') ? composed.supergraphSdl : `${composed.supergraphSdl}\n`);
  logger.info({ path: supergraphPath, hints: composed.hints.length }, 'supergraph written');
  const operations = loadContract(contractDir());
  logger.info({ manifests: writeManifests(operations).length }, 'persisted-operation manifests written');
  process.stdout.write(`${formatContractReport(checkContract(composed.apiSchema, operations))}\n`);
} catch (error) {
  if (error instanceof CompositionError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

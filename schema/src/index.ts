export { composeSupergraph, CompositionError, type Composed } from './compose.ts';
export { loadContract, checkContract, formatContractReport, type ContractOperation, type ContractResult } from './contract.ts';
export { contractDir, supergraphPath, vendoredContractDir, sharedContractDir, schemaDir, repoRoot } from './paths.ts';
export { subgraphs, type SubgraphSource } from './subgraphs.ts';
export { buildManifests, writeManifests, readManifests, manifestText, manifestsDir, type PersistedQueryManifest } from './manifests.ts';

import { createLogger } from '@ucg/service-kit';
import { runSubgraph } from '@ucg/subgraph-kit';
import { loadConfig } from './config.ts';
import { createCatalogServer } from './server.ts';

const logger = createLogger('subgraph-catalog');
const server = await createCatalogServer(loadConfig(), logger);
await runSubgraph('catalog', server, logger);

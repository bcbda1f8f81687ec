import { createLogger } from '@ucg/service-kit';
import { runSubgraph } from '@ucg/subgraph-kit';
import { loadConfig } from './config.ts';
import { createInventoryServer } from './server.ts';

const logger = createLogger('subgraph-inventory');
const server = await createInventoryServer(loadConfig(), logger);
await runSubgraph('inventory', server, logger);

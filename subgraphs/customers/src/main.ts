import { createLogger } from '@ucg/service-kit';
import { runSubgraph } from '@ucg/subgraph-kit';
import { loadConfig } from './config.ts';
import { createCustomersServer } from './server.ts';

const logger = createLogger('subgraph-customers');
const server = await createCustomersServer(loadConfig(), logger);
await runSubgraph('customers', server, logger);

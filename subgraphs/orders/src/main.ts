import { createLogger } from '@ucg/service-kit';
import { runSubgraph } from '@ucg/subgraph-kit';
import { loadConfig } from './config.ts';
import { createOrdersServer } from './server.ts';

const logger = createLogger('subgraph-orders');
const server = await createOrdersServer(loadConfig(), logger);
await runSubgraph('orders', server, logger);

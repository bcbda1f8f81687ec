import { createLogger } from '@ucg/service-kit';
import { runSubgraph } from '@ucg/subgraph-kit';
import { loadConfig } from './config.ts';
import { createCartServer } from './server.ts';

const logger = createLogger('subgraph-cart');
const server = await createCartServer(loadConfig(), logger);
await runSubgraph('cart', server, logger);

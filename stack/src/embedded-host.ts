import { createLogger, envPort, onShutdown, type ServiceName } from '@ucg/service-kit';
import { MemoryStore } from '@ucg/store';
import type { SubgraphServer } from '@ucg/subgraph-kit';
import { createCartServer, loadConfig as cartConfig } from '@ucg/subgraph-cart';
import { createCatalogServer, loadConfig as catalogConfig } from '@ucg/subgraph-catalog';
import { createCustomersServer, loadConfig as customersConfig } from '@ucg/subgraph-customers';
import { createInventoryServer, loadConfig as inventoryConfig } from '@ucg/subgraph-inventory';
import { createOrdersServer, loadConfig as ordersConfig } from '@ucg/subgraph-orders';
import { createOrderWorker, loadWorkerConfig } from '@ucg/subgraph-orders/worker';

/**
 * The five subgraphs and the order worker in one process around one in-process store: what
 * `npm start` runs when there is no Redis, so that reservations, carts and the order outbox are
 * shared as they are through Redis. Each keeps its own port.
 */
const logger = createLogger('subgraphs');
const host = process.env.UCG_HOST ?? '127.0.0.1';
const store = new MemoryStore();
logger.warn('embedded in-process store: state is shared by the subgraphs of this process and lost when it stops');

const log = (name: string) => logger.child({ subgraph: name });
const servers: [ServiceName, SubgraphServer][] = await Promise.all([
  createCatalogServer(catalogConfig(), log('catalog'), { store }).then((s): [ServiceName, SubgraphServer] => ['catalog', s]),
  createInventoryServer(inventoryConfig(), log('inventory'), { store }).then((s): [ServiceName, SubgraphServer] => ['inventory', s]),
  createCustomersServer(customersConfig(), log('customers'), { store }).then((s): [ServiceName, SubgraphServer] => ['customers', s]),
  createOrdersServer(ordersConfig(), log('orders'), { store }).then((s): [ServiceName, SubgraphServer] => ['orders', s]),
  createCartServer(cartConfig(), log('cart'), { store }).then((s): [ServiceName, SubgraphServer] => ['cart', s]),
]);
await Promise.all(servers.map(([name, server]) => server.http.listen(envPort(name), host)));

const worker = createOrderWorker(loadWorkerConfig(), log('order-worker'), store);
await worker.http.listen(envPort('order-worker'), host);
worker.start();

onShutdown(logger, async () => {
  await worker.stop();
  await Promise.all(servers.map(([, server]) => server.http.close()));
  await store.close();
});

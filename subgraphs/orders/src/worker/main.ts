import { createLogger, envPort, onShutdown } from '@ucg/service-kit';
import { createStore, storeConfigFromEnv } from '@ucg/store';
import { loadWorkerConfig } from './config.ts';
import { createOrderWorker } from './create-worker.ts';

const logger = createLogger('order-worker');
const config = loadWorkerConfig();
const store = createStore(storeConfigFromEnv());
const processHandle = createOrderWorker(config, logger, store);
await processHandle.http.listen(envPort('order-worker'), config.UCG_HOST);
processHandle.start();
logger.info({ group: config.ORDER_WORKER_GROUP, consumer: config.ORDER_WORKER_CONSUMER, store: store.kind }, 'order delivery worker started');
if (store.kind === 'memory') {
  // Checkout writes the outbox from another process: an in-process store here never sees an order.
  logger.warn('no REDIS_URL: the worker runs on an in-process store and cannot see orders placed by the cart subgraph');
}
onShutdown(logger, async () => {
  await processHandle.stop();
  await store.close();
});

import { join } from 'node:path';
import { OrderOutbox } from '@ucg/order-outbox';
import { createHttpService, sendJson, type HttpService, type Logger } from '@ucg/service-kit';
import { StockLedger } from '@ucg/stock-ledger';
import type { Store } from '@ucg/store';
import { DeliveryStates } from '../delivery/state.ts';
import { StoreLock } from '../delivery/store-lock.ts';
import { closeSystems, createDeliverySystems, type DeliverySystems } from '../systems/index.ts';
import type { WorkerConfig } from './config.ts';
import { EdiSender } from './deliver.ts';
import { WorkerMetrics } from './metrics.ts';
import { DeliveryWorker } from './worker.ts';

export interface OrderWorkerProcess {
  worker: DeliveryWorker;
  http: HttpService;
  metrics: WorkerMetrics;
  /** Starts delivering and relaying unpublished orders. */
  start(): void;
  /** Stops the loop (finishing the pass in progress), the relay, the HTTP server and the connectors. */
  stop(): Promise<void>;
}

/**
 * The delivery worker as a process: the loop, the outbox relay (orders placed but never published
 * reach the stream anyway), and an HTTP side with `/health` (the loop is turning) and `/metrics`.
 */
export function createOrderWorker(config: Readonly<WorkerConfig>, logger: Logger, store: Store, systems?: DeliverySystems): OrderWorkerProcess {
  // Longer than a HubSpot read-modify-write can take, waits for its rate-limit window included.
  const locks = new StoreLock(store, { ttlMs: 60_000, waitMs: 20_000 });
  const core = systems ?? createDeliverySystems(config, logger, locks.keyed('crm-contact'));
  const outbox = new OrderOutbox(store, { namespace: config.ORDER_OUTBOX_NAMESPACE });
  const states = new DeliveryStates(store);
  const ledger = new StockLedger(store, { namespace: config.STOCK_LEDGER_NAMESPACE });
  const edi = new EdiSender({
    exchangeDir: config.EDI_EXCHANGE_DIR,
    stateDir: config.ORDER_WORKER_EDI_STATE_DIR ?? join(config.EDI_EXCHANGE_DIR, '.connector-order-worker'),
    controlNumberBase: config.ORDER_WORKER_EDI_CONTROL_BASE,
    lock: locks,
    logger,
  });
  const metrics = new WorkerMetrics({
    deadLetters: () => states.deadLetterCount(),
    pending: async () => (await outbox.pending(config.ORDER_WORKER_GROUP)).count,
  });
  const worker = new DeliveryWorker({
    outbox,
    states,
    deliver: { systems: core, edi },
    allocations: async (reservationId) => (await ledger.reservation(reservationId))?.allocations ?? null,
    logger: logger.child({ consumer: config.ORDER_WORKER_CONSUMER }),
    metrics,
    group: config.ORDER_WORKER_GROUP,
    consumer: config.ORDER_WORKER_CONSUMER,
    batch: config.ORDER_WORKER_BATCH,
    concurrency: config.ORDER_WORKER_CONCURRENCY,
    claimIdleMs: config.ORDER_WORKER_CLAIM_IDLE_MS,
    pollMs: config.ORDER_WORKER_POLL_MS,
    retryBaseMs: config.ORDER_WORKER_RETRY_BASE_MS,
    retryMaxMs: config.ORDER_WORKER_RETRY_MAX_MS,
    leaseMs: config.ORDER_WORKER_LEASE_MS,
  });
  let relay: { stop(): Promise<void> } | undefined;
  const stuckAfterMs = Math.max(60_000, config.ORDER_WORKER_POLL_MS * 10);

  const http = createHttpService({
    name: 'order worker',
    logger,
    routes: [
      {
        method: 'GET',
        path: '/health',
        handler: (_req, res) => {
          const idle = Date.now() - worker.lastPassAt;
          const healthy = worker.lastPassAt === 0 || idle < stuckAfterMs;
          sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'stuck', service: 'order-worker', lastPassAt: worker.lastPassAt ? new Date(worker.lastPassAt).toISOString() : null });
        },
      },
      {
        method: 'GET',
        path: '/metrics',
        handler: async (_req, res) => {
          const text = await metrics.registry.metrics();
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        },
      },
    ],
  });

  return {
    worker,
    http,
    metrics,
    start() {
      worker.start();
      relay ??= outbox.startRelay({ onError: (error) => logger.warn({ err: error }, 'outbox relay failed; retrying') });
    },
    async stop() {
      await worker.stop();
      await relay?.stop();
      await http.close().catch(() => undefined);
      if (!systems) await closeSystems({ ...core });
    },
  };
}

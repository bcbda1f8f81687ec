import { hostname } from 'node:os';
import { parseConfig } from '@ucg/service-kit';
import { z } from 'zod';
import { systemsEnvSchema, withSystemUrls } from '../config.ts';

const positiveInt = z.coerce.number().int().positive();

const schema = systemsEnvSchema.extend({
  /** The consumer group on the outbox stream; every worker process of a deployment uses the same one. */
  ORDER_WORKER_GROUP: z.string().min(1).default('order-delivery'),
  /** This process's consumer name in the group (must differ between live processes). */
  ORDER_WORKER_CONSUMER: z.string().min(1).default(`${hostname()}-${process.pid}`),
  ORDER_WORKER_BATCH: positiveInt.default(20),
  ORDER_WORKER_CONCURRENCY: positiveInt.default(8),
  /** A message left unacked this long is taken over (a dead worker's, or an order due for a retry). */
  ORDER_WORKER_CLAIM_IDLE_MS: positiveInt.default(15_000),
  /** How long a read waits on the stream when nothing is pending. */
  ORDER_WORKER_POLL_MS: positiveInt.default(2_000),
  /** First retry after this long, doubling per attempt up to the maximum (jittered). */
  ORDER_WORKER_RETRY_BASE_MS: positiveInt.default(1_000),
  ORDER_WORKER_RETRY_MAX_MS: positiveInt.default(5 * 60_000),
  /** One delivery pass of an order holds it this long at most (longer than any connector's retries take). */
  ORDER_WORKER_LEASE_MS: positiveInt.default(120_000),
  /** The worker's own EDI connector state (sent-ledger, control numbers). @default `<EDI_EXCHANGE_DIR>/.connector-order-worker` */
  ORDER_WORKER_EDI_STATE_DIR: z.string().min(1).optional(),
  /** First control number of the worker's 940s: a range no other sender to the warehouse uses. */
  ORDER_WORKER_EDI_CONTROL_BASE: z.coerce.number().int().min(0).max(900_000_000).default(500_000_000),
  /** The stock ledger's key namespace (where checkout's reservations say which warehouse holds the units). */
  STOCK_LEDGER_NAMESPACE: z.string().min(1).default('stock'),
});

export type WorkerConfig = z.infer<typeof schema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WorkerConfig> {
  return parseConfig('order worker', schema, withSystemUrls(env));
}

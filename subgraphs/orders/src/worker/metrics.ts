import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The delivery worker's Prometheus metrics; gauges that need the Store are filled on scrape. */
export class WorkerMetrics {
  readonly registry = new Registry();
  /** Every attempt to hand an order to a system, by outcome (accepted, skipped, retry, dead). */
  readonly attempts: Counter<'system' | 'outcome' | 'code'>;
  /** From checkout to every system's final answer. */
  readonly settleSeconds: Histogram;

  constructor(gauges: { deadLetters: () => Promise<number>; pending: () => Promise<number> }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ucg_order_worker_' });
    this.attempts = new Counter({
      name: 'ucg_order_delivery_attempts_total',
      help: 'Deliveries of graph orders to legacy systems, by system and outcome',
      labelNames: ['system', 'outcome', 'code'],
      registers: [this.registry],
    });
    this.settleSeconds = new Histogram({
      name: 'ucg_order_delivery_settle_seconds',
      help: 'Seconds from checkout until every system accepted (or refused) the order',
      buckets: [0.5, 1, 5, 15, 60, 300, 1800, 7200, 86400],
      registers: [this.registry],
    });
    new Gauge({
      name: 'ucg_order_delivery_dead_letters',
      help: 'Deliveries a system refused for good, waiting for someone to fix and replay them',
      registers: [this.registry],
      async collect() {
        this.set(await gauges.deadLetters());
      },
    });
    new Gauge({
      name: 'ucg_order_delivery_pending',
      help: 'Orders taken from the outbox and not yet settled in every system (retrying, or being delivered)',
      registers: [this.registry],
      async collect() {
        this.set(await gauges.pending());
      },
    });
  }
}

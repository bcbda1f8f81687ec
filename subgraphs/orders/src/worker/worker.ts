import type { OrderOutbox, OutboxMessage, PlacedOrder } from '@ucg/order-outbox';
import type { Logger } from '@ucg/service-kit';
import { isSettled, isTerminal, type DeliveryPlan, type DeliveryStates, type DeliveryTarget, type TargetState } from '../delivery/state.ts';
import { backoffMs, classify } from './classify.ts';
import { deliverTo, type DeliverDeps } from './deliver.ts';
import type { WorkerMetrics } from './metrics.ts';
import { planDelivery, type AllocationLookup } from './plan.ts';

export interface WorkerOptions {
  outbox: OrderOutbox;
  states: DeliveryStates;
  deliver: DeliverDeps;
  /** Where checkout reserved each line's units; null when no stock ledger is reachable. */
  allocations: AllocationLookup | null;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** Consumer group on the outbox stream: every worker process of the deployment uses the same. */
  group: string;
  /** This process's name in the group. */
  consumer: string;
  /** Orders taken per read. */
  batch: number;
  /** Orders delivered at once. */
  concurrency: number;
  /** A message unacked this long is taken over: a dead worker's, or one of ours that is due for a retry. */
  claimIdleMs: number;
  /** Wait this long on the stream when there is nothing to do. */
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** One delivery pass of an order may take this long before another worker may start one. */
  leaseMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Delivers every order checkout placed to the ERP, the 3PL(s) that ship it and the CRM, until each
 * has accepted it. The outbox stream is read with a consumer group; a message stays pending until
 * its order is settled everywhere, so a worker that dies mid-order leaves it for another to claim
 * (XAUTOCLAIM), and an order waiting to retry is simply claimed again once idle. Per-order,
 * per-system state in the Store means a system that accepted is never sent the order again, by
 * this worker or any other; a lease per order keeps two workers from delivering it at once.
 */
export class DeliveryWorker {
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** When the loop last finished a pass (health). */
  lastPassAt = 0;

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { outbox, group, consumer, batch, claimIdleMs, pollMs, logger } = this.options;
    while (!this.stopped) {
      try {
        const claimed = await outbox.claim(group, consumer, { minIdleMs: claimIdleMs, count: batch });
        const fresh = claimed.length < batch
          ? await outbox.consume(group, consumer, { count: batch - claimed.length, ...(claimed.length ? {} : { blockMs: pollMs }) })
          : [];
        await this.deliverAll([...claimed, ...fresh]);
        this.lastPassAt = Date.now();
      } catch (error) {
        logger.error({ err: error }, 'order delivery pass failed; trying again');
        await sleep(Math.min(pollMs, 1000));
      }
    }
  }

  /** Runs up to `concurrency` orders at once; each order's failure is its own. */
  async deliverAll(messages: OutboxMessage[]): Promise<void> {
    const queue = [...messages];
    const lane = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        try {
          await this.deliverMessage(m);
        } catch (error) {
          this.options.logger.error({ err: error, order: m.number }, 'order delivery failed; the message stays pending and is retried');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, queue.length) }, lane));
  }

  /** One pass over one message: deliver what is due, acknowledge once every system answered for good. */
  async deliverMessage(message: OutboxMessage): Promise<void> {
    const { outbox, states, group, leaseMs, logger } = this.options;
    const order = message.order ?? (await outbox.get(message.number));
    if (!order) {
      logger.error({ order: message.number, messageId: message.id }, 'outbox message names an order with no record; acknowledged and left for an operator');
      await outbox.ack(group, [message.id]);
      return;
    }
    const lease = await states.lease(order.number, leaseMs);
    if (!lease) return; // Another worker is delivering it right now; the message comes back if that one dies.
    try {
      const settled = await this.deliverOrder(order);
      if (settled) await outbox.ack(group, [message.id]);
    } finally {
      await states.release(order.number, lease).catch(() => undefined);
    }
  }

  /** Delivers the order to every system that has not answered for good and is due; true once settled. */
  async deliverOrder(order: PlacedOrder): Promise<boolean> {
    const { states, logger } = this.options;
    const record = await states.get(order.number);
    let plan = record.plan;
    if (!plan) {
      plan = await planDelivery(order, this.options.allocations);
      await states.savePlan(order.number, plan);
      logger.info({ order: order.number, targets: plan.targets, decidedBy: plan.decidedBy }, 'order delivery planned');
    }
    const now = Date.now();
    const due = plan.targets.filter((t) => !isTerminal(record.targets[t]) && (record.targets[t]?.nextAttemptAt ?? 0) <= now);
    await Promise.all(due.map(async (target) => {
      record.targets[target] = await this.attempt(order, plan, target, record.targets[target]);
    }));
    const settled = isSettled({ plan, targets: record.targets });
    if (settled && due.length) this.options.metrics?.settleSeconds.observe((Date.now() - Date.parse(order.placedAt)) / 1000);
    return settled;
  }

  private async attempt(order: PlacedOrder, plan: DeliveryPlan, target: DeliveryTarget, previous: TargetState | undefined): Promise<TargetState> {
    const { states, logger, metrics } = this.options;
    const attempts = (previous?.attempts ?? 0) + 1;
    const at = new Date().toISOString();
    let state: TargetState;
    try {
      const result = await deliverTo(target, order, plan, this.options.deliver);
      state = result.outcome === 'accepted'
        ? { state: 'accepted', attempts, at, reference: result.reference }
        : { state: 'skipped', attempts, at, reason: result.reason };
      metrics?.attempts.inc({ system: target, outcome: result.outcome, code: '' });
      if (result.outcome === 'accepted') await this.markHanded(order, plan, target);
    } catch (error) {
      const failure = classify(error);
      metrics?.attempts.inc({ system: target, outcome: failure.kind, code: failure.code });
      const detail = { code: failure.code, message: failure.message.slice(0, 500) };
      if (failure.kind === 'skip') state = { state: 'skipped', attempts, at, reason: failure.message };
      else if (failure.kind === 'dead') state = { state: 'dead', attempts, at, error: detail };
      else state = { state: 'retrying', attempts, at, error: detail, nextAttemptAt: Date.now() + backoffMs(attempts, this.options.retryBaseMs, this.options.retryMaxMs) };
      const log = failure.kind === 'dead' ? logger.error.bind(logger) : logger.warn.bind(logger);
      log({ order: order.number, system: target, attempts, code: failure.code, outcome: failure.kind }, `delivery to ${target} ${failure.kind === 'dead' ? 'refused for good: dead-lettered' : failure.kind === 'skip' ? 'skipped' : 'failed; will retry'}`);
    }
    await states.setTarget(order.number, target, state);
    return state;
  }

  /** Records that a warehouse now holds the order (the fulfilment board reads this); the ERP plant ships its lines with the sales order. */
  private async markHanded(order: PlacedOrder, plan: DeliveryPlan, target: DeliveryTarget): Promise<void> {
    const warehouse = target === 'erp' ? 'erp-plant' : target;
    if (warehouse === 'crm' || !plan.shipments[warehouse]?.length) return;
    await this.options.states.markHanded(warehouse, order.number, Date.parse(order.placedAt));
  }
}

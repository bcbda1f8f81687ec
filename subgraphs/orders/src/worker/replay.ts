import { OrderOutbox } from '@ucg/order-outbox';
import { createLogger } from '@ucg/service-kit';
import { createStore, storeConfigFromEnv, type Store } from '@ucg/store';
import { DELIVERY_TARGETS, DeliveryStates, type DeliveryTarget } from '../delivery/state.ts';

/**
 * Replays dead-lettered deliveries of an order once their cause is fixed: the refused systems go
 * back to `retrying` and the order is put on the outbox stream again, so a worker delivers it
 * (systems that accepted it are not sent it again). Resolves the systems reopened.
 */
export async function replayOrder(store: Store, number: string, options: { targets?: DeliveryTarget[]; outboxNamespace?: string } = {}): Promise<DeliveryTarget[]> {
  const reopened = await new DeliveryStates(store).reopen(number, options.targets);
  if (reopened.length > 0) {
    const outbox = new OrderOutbox(store, options.outboxNamespace ? { namespace: options.outboxNamespace } : {});
    // The message the outbox itself appends for a placed order.
    await store.xadd(outbox.keys.stream, { type: 'order.placed', number });
  }
  return reopened;
}

/** `npm run replay -w @ucg/subgraph-orders -- G100042 [erp|3pl-us|3pl-eu|crm …]` */
if (import.meta.url === `file://${process.argv[1]}`) {
  const logger = createLogger('order-replay', { level: 'info' });
  const [number, ...systems] = process.argv.slice(2);
  if (!number || systems.some((s) => !DELIVERY_TARGETS.includes(s as DeliveryTarget))) {
    logger.error(`usage: replay <order number> [${DELIVERY_TARGETS.join('|')} …]`);
    process.exit(2);
  }
  const store = createStore(storeConfigFromEnv());
  const reopened = await replayOrder(store, number, { ...(systems.length ? { targets: systems as DeliveryTarget[] } : {}), ...(process.env.ORDER_OUTBOX_NAMESPACE ? { outboxNamespace: process.env.ORDER_OUTBOX_NAMESPACE } : {}) });
  logger.info({ order: number, reopened }, reopened.length ? 'dead letters reopened; the worker delivers them again' : 'nothing dead-lettered for this order');
  await store.close();
}

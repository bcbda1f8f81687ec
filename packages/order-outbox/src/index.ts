export { OrderOutbox, type OrderOutboxOptions, type ConsumeOptions } from './outbox.ts';
export { OutboxKeys } from './keys.ts';
export { OutboxError, type OutboxErrorCode } from './errors.ts';
export type { OrderAddress, OrderDraft, OrderLine, OrderPage, OrderPayment, OutboxMessage, PlacedOrder, PlacedOrderStatus, PlaceResult } from './types.ts';

import type { Money, OrderChannel, OrderStatus } from '@ucg/connector-core';

/** A postal address as the shopper entered it at checkout. */
export interface OrderAddress {
  firstName: string | null;
  lastName: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string | null;
  zip: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  phone: string | null;
}

export interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  /** In the order currency, as charged. */
  unitPrice: Money;
  total: Money;
  /** Ship, or collect at a store (`<system>:<native id>` location id). */
  fulfillment: { mode: 'SHIPPING' | 'PICKUP'; locationId: string | null };
  /** The stock-ledger reservation the line's units were allocated from. */
  reservationId: string | null;
}

/** One way the order was paid: a card authorisation, loyalty points or store credit. */
export interface OrderPayment {
  method: 'CARD' | 'LOYALTY_POINTS' | 'STORE_CREDIT';
  /** In the order currency. */
  amount: Money;
  /** The system that holds the money or balance (`webstore`, `crm`). */
  system: string;
  /** The card authorisation id, or the CRM operation id. */
  reference: string | null;
  /** Points redeemed (LOYALTY_POINTS). */
  points?: number;
  /** The amount in the currency the system keeps it in (store credit: USD), when it differs. */
  systemAmount?: Money;
}

/** What checkout hands the outbox; the outbox adds the number, id, status and time. */
export interface OrderDraft {
  channel: OrderChannel;
  email: string;
  /** The graph's customer id (`customerIdForEmail`), or null for a guest. */
  customerId: string | null;
  currencyCode: string;
  /** The buyer's country, which decided tax. */
  countryCode: string;
  lines: OrderLine[];
  subtotal: Money;
  tax: Money;
  /** True where the subtotal already includes the tax (VAT). */
  taxIncluded: boolean;
  shipping: Money;
  total: Money;
  payments: OrderPayment[];
  /** Points the customer earns once the order is delivered to the CRM. */
  loyaltyPointsEarned: number;
  shippingAddress: OrderAddress | null;
  /** Where the order came from, e.g. `{ kind: 'cart', id }`. */
  source: { kind: string; id: string };
}

/** Graph orders start PENDING (accepted, not yet handed to the ERP/3PL); delivery moves them on. */
export type PlacedOrderStatus = 'PENDING' | OrderStatus;

/** An order as the outbox keeps it: what the orders subgraph reads and the delivery worker sends. */
export interface PlacedOrder extends OrderDraft {
  /** `gid://ucg/Order/<number>`. */
  id: string;
  /** `G100001`: a graph order number, distinct from every legacy system's numbers. */
  number: string;
  status: PlacedOrderStatus;
  placedAt: string;
  /** The checkout's idempotency key: the same key never made a second order. */
  idempotencyKey: string;
}

/** What the delivery worker reads from the stream. */
export interface OutboxMessage {
  /** The stream entry id, to `ack`. */
  id: string;
  type: 'order.placed';
  number: string;
  /** The order record; null only if it was deleted after the message was written. */
  order: PlacedOrder | null;
  /** How many times the entry has been delivered (claims of a dead worker's entries count up). */
  deliveries: number;
}

export interface PlaceResult {
  order: PlacedOrder;
  /** False when the idempotency key had already placed this order (a retry or a concurrent duplicate). */
  created: boolean;
}

export interface OrderPage {
  /** Newest first. */
  orders: PlacedOrder[];
  totalCount: number;
}

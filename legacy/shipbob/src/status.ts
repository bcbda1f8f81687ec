import type { Order, OrderStatus, Shipment, StatusDetail, TrackStatus } from './model.ts';

/** The status details the stand-in uses (ShipBob attaches these to a shipment's status). */
export const DETAILS = {
  awaitingPicking: { id: 201, name: 'AwaitingPicking', description: 'Waiting to be picked at the fulfillment center', inventory_id: null },
  labeled: { id: 203, name: 'Labeled', description: 'Shipping label created', inventory_id: null },
  inTransit: { id: 301, name: 'InTransit', description: 'In transit with the carrier', inventory_id: null },
  outForDelivery: { id: 302, name: 'OutForDelivery', description: 'Out for delivery', inventory_id: null },
  delivered: { id: 303, name: 'Delivered', description: 'Delivered to the recipient', inventory_id: null },
  deliveryException: { id: 304, name: 'DeliveryException', description: 'The carrier reported a delivery exception', inventory_id: null },
} satisfies Record<string, StatusDetail>;

export function outOfStock(inventoryId: number | null): StatusDetail {
  return { id: 1, name: 'OutOfStock', description: 'Not enough fulfillable inventory to fulfill this shipment', inventory_id: inventoryId };
}

/** The order's status follows its shipments, as ShipBob derives it. */
export function orderStatusOf(shipments: readonly Shipment[]): OrderStatus {
  if (shipments.some((s) => s.status === 'Exception')) return 'Exception';
  const live = shipments.filter((s) => s.status !== 'Cancelled');
  if (live.length === 0) return 'Cancelled';
  const shipped = live.filter((s) => s.status === 'Completed' || s.status === 'LabeledCreated').length;
  if (shipped === live.length) return 'Fulfilled';
  return shipped > 0 ? 'PartiallyFulfilled' : 'Processing';
}

/** Recomputes the order's status and last update from its shipments. */
export function refreshOrder(order: Order, shipments: readonly Shipment[]): void {
  order.status = orderStatusOf(shipments);
  order.last_update_at = [order.created_date, ...shipments.map((s) => s.last_update_at)].sort().at(-1)!;
}

/** The carrier-facing `substatus` ShipBob's tracking API pairs with each status. */
export const SUBSTATUS: Record<TrackStatus, string> = {
  'Available for Pickup': 'Available for pickup',
  Cancelled: 'Cancelled',
  Delivered: 'Delivered',
  'Delivery attempt Failed': 'Failed Attempt',
  DeliveryException: 'Delivery Exception',
  Exception: 'Exception',
  Failed: 'Failed',
  InTransit: 'In Transit',
  PreTransit: 'Label created',
  'Return to sender': 'Return to sender',
};

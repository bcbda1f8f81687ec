/**
 * The stand-in's own records, close to ShipBob's view models but with the relations (order →
 * shipments, inventory → levels) kept as ids. `views.ts` turns them into the wire shapes.
 */

/** `Orders.OrderStatus` */
export type OrderStatus = 'Processing' | 'Exception' | 'PartiallyFulfilled' | 'Fulfilled' | 'Cancelled' | 'ImportReview';
/** `Orders.OrderStatusEnum` (a shipment's status) */
export type ShipmentStatus = 'None' | 'Processing' | 'Completed' | 'Exception' | 'OnHold' | 'Cancelled' | 'CleanSweeped' | 'LabeledCreated' | 'ImportReview';
/** `Tracking.ShipmentTrackingResponse.status` */
export type TrackStatus = 'Available for Pickup' | 'Cancelled' | 'Delivered' | 'Delivery attempt Failed' | 'DeliveryException' | 'Exception' | 'Failed' | 'InTransit' | 'PreTransit' | 'Return to sender';

export interface Address {
  address1: string;
  address2: string | null;
  company_name: string | null;
  city: string;
  state: string | null;
  zip_code: string | null;
  country: string;
}

export interface Recipient {
  name: string;
  email: string | null;
  phone_number: string | null;
  address: Address;
}

export interface OrderLine {
  product_id: number;
  inventory_id: number;
  reference_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number | null;
  gtin: string | null;
  external_line_id: number | null;
}

export interface Order {
  id: number;
  channelId: number;
  reference_id: string;
  order_number: string | null;
  status: OrderStatus;
  type: 'DTC' | 'DropShip' | 'B2B';
  created_date: string;
  purchase_date: string | null;
  last_update_at: string;
  shipping_method: string;
  recipient: Recipient;
  lines: OrderLine[];
  total_price: number | null;
  tags: { name: string; value: string }[];
  gift_message: string | null;
  shipmentIds: number[];
}

export interface StatusDetail {
  id: number;
  name: string;
  description: string;
  inventory_id: number | null;
}

export interface TrackingEvent {
  at: string;
  status: TrackStatus;
  substatus: string;
  message: string;
  location: string | null;
}

export interface Tracking {
  carrier: string;
  carrier_service: string;
  tracking_number: string;
  tracking_url: string;
  shipping_date: string;
}

export interface ShipmentLine {
  product_id: number;
  inventory_id: number;
  reference_id: string;
  sku: string;
  name: string;
  quantity: number;
}

export interface Shipment {
  id: number;
  orderId: number;
  locationId: number | null;
  status: ShipmentStatus;
  details: StatusDetail[];
  created_date: string;
  last_update_at: string;
  actual_fulfillment_date: string | null;
  estimated_fulfillment_date: string | null;
  delivery_date: string | null;
  last_tracking_update_at: string | null;
  ship_option: string;
  tracking: Tracking | null;
  lines: ShipmentLine[];
  /** Carrier scans, oldest first. */
  events: TrackingEvent[];
  invoice_amount: number | null;
  weight_oz: number;
}

export interface InventoryItem {
  id: number;
  product_id: number;
  sku: string;
  name: string;
  active: boolean;
  weight_oz: number;
}

/** Stock of one inventory item at one fulfilment centre. */
export interface Level {
  onHand: number;
  committed: number;
  awaiting: number;
  internalTransfer: number;
}

export interface Subscription {
  id: string;
  url: string;
  topics: string[];
  secret: string;
  description: string | null;
  created_at: string;
  enabled: boolean;
}

/** One entry of `POST /inventory/history:query`. */
export interface HistoryEvent {
  id: number;
  at: string;
  category: string;
  inventoryId: number;
  sku: string;
  locationId: number;
  /** Change of on-hand (negative for a decrement). */
  quantityChange: number;
  committedChange: number;
  orderId: number | null;
}

/** What changed, for the webhook dispatcher (payloads are rendered at delivery time). */
export type AccountEvent =
  | { topic: 'order.shipped'; orderId: number }
  | { topic: 'order.shipment.delivered' | 'order.shipment.exception' | 'order.shipment.cancelled'; shipmentId: number }
  | { topic: 'inventory.updated'; inventoryId: number; locationId: number };

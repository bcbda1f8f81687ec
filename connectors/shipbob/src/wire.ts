/**
 * The subset of ShipBob 2026-01 wire shapes the connector reads and writes (names as in the
 * OpenAPI spec). Optional and nullable wherever the spec lets ShipBob leave a field out.
 */

export interface PagedResponse<T> {
  items?: T[] | null;
  next?: string | null;
  prev?: string | null;
  first?: string | null;
  last?: string | null;
}

/** `Inventory.InventoryQuantityResponse` */
export interface InventoryQuantity {
  inventory_id: number;
  name?: string | null;
  sku?: string | null;
  total_on_hand_quantity?: number;
  total_committed_quantity?: number;
  total_fulfillable_quantity?: number;
}

/** `Inventory.FulfillmentCenterResponse` */
export interface FulfillmentCenterQuantity {
  location_id: number;
  name?: string | null;
  on_hand_quantity?: number;
  committed_quantity?: number;
  fulfillable_quantity?: number;
  awaiting_quantity?: number;
  internal_transfer_quantity?: number;
}

/** `Inventory.InventoryQuantityFcResponse` */
export interface InventoryByLocation {
  inventory_id: number;
  name?: string | null;
  sku?: string | null;
  locations?: FulfillmentCenterQuantity[] | null;
}

/** The stand-in's inventory extension payload: an `InventoryQuantityFcResponse` narrowed to one centre. */
export interface InventoryEventPayload extends InventoryByLocation {
  event_time?: string;
}

export interface WireAddress {
  address1?: string | null;
  address2?: string | null;
  company_name?: string | null;
  city?: string | null;
  state?: string | null;
  zip_code?: string | null;
  country?: string | null;
}

/** `Locations.LocationViewModel` */
export interface WireLocation {
  id: number;
  name?: string | null;
  abbreviation?: string | null;
  timezone?: string | null;
  is_active?: boolean;
  is_shipping_enabled?: boolean;
  access_granted?: boolean;
  services?: { service_type?: string; enabled?: boolean; address?: WireAddress | null }[] | null;
}

/** `Channels.ChannelViewModel` */
export interface WireChannel {
  id: number;
  name?: string | null;
  application_name?: string | null;
  scopes?: string[] | null;
}

/** `Orders.ShipmentViewModel` */
export interface WireShipment {
  id: number;
  order_id: number;
  reference_id?: string | null;
  recipient?: { name?: string | null; full_name?: string | null; email?: string | null; phone_number?: string | null; address?: WireAddress | null } | null;
  created_date?: string;
  last_update_at?: string | null;
  status?: string;
  status_details?: { id?: number; name?: string | null; description?: string | null }[] | null;
  location?: { id: number; name?: string | null } | null;
  tracking?: { carrier?: string | null; carrier_service?: string | null; tracking_number?: string | null; tracking_url?: string | null; shipping_date?: string | null } | null;
  products?: { sku?: string | null; reference_id?: string | null; inventory_items?: { quantity?: number }[] | null }[] | null;
  actual_fulfillment_date?: string | null;
  delivery_date?: string | null;
}

/** `Orders.OrderViewModel` */
export interface WireOrder {
  id: number;
  created_date: string;
  purchase_date?: string | null;
  reference_id?: string | null;
  order_number?: string | null;
  status?: string;
  type?: string;
  channel?: { id: number; name?: string | null } | null;
  recipient?: { name?: string; email?: string | null; phone_number?: string | null; address?: WireAddress | null } | null;
  products?: { id?: number | null; reference_id?: string | null; sku?: string | null; quantity: number; unit_price?: number | null }[] | null;
  shipments?: WireShipment[] | null;
  financials?: { total_price?: number | null } | null;
}

/** `Tracking.ShipmentTrackingResponse` */
export interface WireTracking {
  shipment_id: number;
  carrier?: string | null;
  carrier_tracking_number?: string | null;
  public_tracking_url?: string | null;
  service?: string | null;
  status?: string | null;
  substatus?: string | null;
  history?: { status?: string | null; substatus?: string | null; message?: string | null; location?: string | null; timestamp?: string }[] | null;
}

/** `Webhooks.V2.Create.WebhookViewModelV2` / `Webhooks.V2.WebhookViewModelV2` */
export interface WireSubscription {
  id: string;
  url?: string;
  topics?: string[];
  secret?: string;
  created_at?: string;
}

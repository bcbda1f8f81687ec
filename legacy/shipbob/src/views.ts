import type { Location } from '@ucg/legacy-seed';
import type { ShipBobAccount } from './account.ts';
import { CENTRE_FACTS, CHANNELS, NETWORK_ONLY_LOCATIONS, type ChannelDef } from './constants.ts';
import type { InventoryItem, Level, Order, Shipment, Subscription } from './model.ts';

/**
 * ShipBob 2026-01 wire shapes (`Orders.OrderViewModel`, `Orders.ShipmentViewModel`,
 * `Inventory.*Response`, `Locations.LocationViewModel`, …). Only properties the spec declares.
 */

function recipientView(order: Order) {
  const { address } = order.recipient;
  return {
    name: order.recipient.name,
    address: { address1: address.address1, address2: address.address2, company_name: address.company_name, city: address.city, state: address.state, country: address.country, zip_code: address.zip_code },
    email: order.recipient.email,
    phone_number: order.recipient.phone_number,
  };
}

export function shipmentView(account: ShipBobAccount, shipment: Shipment) {
  const order = account.order(shipment.orderId)!;
  const recipient = recipientView(order);
  const onTime = shipment.actual_fulfillment_date ? 'FulfilledOnTime' : 'PendingOnTime';
  return {
    id: shipment.id,
    order_id: shipment.orderId,
    reference_id: order.reference_id,
    recipient: { ...recipient, full_name: order.recipient.name },
    created_date: shipment.created_date,
    last_update_at: shipment.last_update_at,
    last_tracking_update_at: shipment.last_tracking_update_at,
    status: shipment.status,
    status_details: shipment.details.map((d) => ({ id: d.id, name: d.name, description: d.description, inventory_id: d.inventory_id, exception_fulfillment_center_id: null })),
    ...(shipment.locationId !== null ? { location: { id: shipment.locationId, name: account.centreName(shipment.locationId) } } : {}),
    invoice_amount: shipment.invoice_amount,
    invoice_currency_code: shipment.invoice_amount === null ? null : 'USD',
    insurance_value: null,
    ship_option: shipment.ship_option,
    ...(shipment.tracking
      ? { tracking: { carrier: shipment.tracking.carrier, tracking_number: shipment.tracking.tracking_number, carrier_service: shipment.tracking.carrier_service, tracking_url: shipment.tracking.tracking_url, bol: null, shipping_date: shipment.tracking.shipping_date, pro_number: null, scac: null } }
      : {}),
    products: shipment.lines.map((l) => ({
      id: l.product_id,
      reference_id: l.reference_id,
      name: l.name,
      sku: l.sku,
      inventory_items: [{ id: l.inventory_id, name: l.name, quantity: l.quantity, quantity_committed: shipment.status === 'Processing' ? l.quantity : 0, lot: null, expiration_date: null, serial_numbers: [], is_dangerous_goods: false }],
    })),
    parent_cartons: [],
    measurements: { depth_in: 10, length_in: 14, width_in: 10, total_weight_oz: shipment.weight_oz },
    package_material_type: 'Box',
    require_signature: false,
    gift_message: order.gift_message,
    is_tracking_uploaded: shipment.tracking !== null && shipment.last_tracking_update_at !== null,
    estimated_fulfillment_date: shipment.estimated_fulfillment_date,
    estimated_fulfillment_date_status: shipment.status === 'Exception' ? 'Unavailable' : onTime,
    actual_fulfillment_date: shipment.actual_fulfillment_date,
    delivery_date: shipment.delivery_date,
  };
}

export function orderView(account: ShipBobAccount, order: Order) {
  const channel = CHANNELS.find((c) => c.id === order.channelId);
  return {
    id: order.id,
    created_date: order.created_date,
    purchase_date: order.purchase_date,
    reference_id: order.reference_id,
    order_number: order.order_number,
    status: order.status,
    type: order.type,
    channel: { id: order.channelId, name: channel?.name ?? null },
    shipping_method: order.shipping_method,
    recipient: recipientView(order),
    products: order.lines.map((l) => ({
      id: l.product_id, reference_id: l.reference_id, quantity: l.quantity, sku: l.sku, gtin: l.gtin, upc: null, unit_price: l.unit_price,
      external_line_id: l.external_line_id, quantity_unit_of_measure_code: 'EA',
    })),
    tags: order.tags,
    shipments: account.shipmentsOf(order).map((s) => shipmentView(account, s)),
    gift_message: order.gift_message,
    shipping_terms: { carrier_type: 'Parcel', payment_term: 'Prepaid' },
    financials: { total_price: order.total_price },
  };
}

/** `Tracking.ShipmentTrackingResponse` (GET /shipments-tracking). */
export function trackingView(shipment: Shipment) {
  const last = shipment.events.at(-1);
  return {
    shipment_id: shipment.id,
    tracking_id: shipment.tracking?.tracking_number ?? null,
    carrier: shipment.tracking?.carrier ?? null,
    carrier_tracking_number: shipment.tracking?.tracking_number ?? null,
    service: shipment.tracking?.carrier_service ?? null,
    public_tracking_url: shipment.tracking?.tracking_url ?? null,
    status: last?.status ?? null,
    substatus: last?.substatus ?? null,
    message: last?.message ?? null,
    carrier_message: last?.message ?? null,
    location: last?.location ?? null,
    eta: shipment.delivery_date ?? null,
    last_updated: shipment.last_tracking_update_at ?? shipment.last_update_at,
    history: shipment.events.map((e) => ({ status: e.status, substatus: e.substatus, message: e.message, carrier_message: e.message, location: e.location, timestamp: e.at })),
  };
}

/** `Orders.ShipmentLogViewModel[]`: ShipBob's own milestones for a shipment. */
export function timelineView(shipment: Shipment) {
  const entries: { log_type_id: number; log_type_name: string; log_type_text: string; timestamp: string; metadata: null }[] = [];
  const add = (id: number, name: string, text: string, at: string | null) => at && entries.push({ log_type_id: id, log_type_name: name, log_type_text: text, timestamp: at, metadata: null });
  add(1, 'OrderPlaced', 'Order placed', shipment.created_date);
  if (shipment.status === 'Exception') add(9, 'Exception', shipment.details[0]?.description ?? 'Exception', shipment.last_update_at);
  if (shipment.status === 'Cancelled') add(10, 'Cancelled', 'Shipment cancelled', shipment.last_update_at);
  add(13, 'LabelGenerated', 'Shipping label created', shipment.tracking?.shipping_date ?? null);
  add(20, 'Shipped', 'Handed to the carrier', shipment.events.find((e) => e.status === 'InTransit')?.at ?? null);
  add(30, 'Delivered', 'Delivered to the recipient', shipment.delivery_date);
  return entries;
}

function inventoryTotals(account: ShipBobAccount, item: InventoryItem) {
  const levels = account.levelsOf(item.id).map(([, l]) => l);
  const sum = (f: (l: Level) => number) => levels.reduce((n, l) => n + f(l), 0);
  const fulfillable = sum((l) => Math.max(0, l.onHand - l.committed));
  return {
    total_on_hand_quantity: sum((l) => l.onHand),
    total_committed_quantity: sum((l) => l.committed),
    total_fulfillable_quantity: fulfillable,
    total_awaiting_quantity: sum((l) => l.awaiting),
    total_internal_transfer_quantity: sum((l) => l.internalTransfer),
    total_exception_quantity: 0,
    total_backordered_quantity: 0,
    total_sellable_quantity: fulfillable + sum((l) => l.awaiting),
  };
}

/** `Inventory.InventoryQuantityResponse` */
export function inventoryLevelView(account: ShipBobAccount, item: InventoryItem) {
  return { inventory_id: item.id, name: item.name, sku: item.sku, ...inventoryTotals(account, item) };
}

export function fcLevelView(account: ShipBobAccount, locationId: number, level: Level) {
  return {
    location_id: locationId,
    name: account.centreName(locationId),
    on_hand_quantity: level.onHand,
    committed_quantity: level.committed,
    fulfillable_quantity: Math.max(0, level.onHand - level.committed),
    awaiting_quantity: level.awaiting,
    internal_transfer_quantity: level.internalTransfer,
  };
}

/** `Inventory.InventoryQuantityFcResponse`; `onlyLocation` narrows it to one centre. */
export function inventoryByLocationView(account: ShipBobAccount, item: InventoryItem, onlyLocation?: number) {
  return {
    inventory_id: item.id,
    name: item.name,
    sku: item.sku,
    locations: account.levelsOf(item.id).filter(([id]) => onlyLocation === undefined || id === onlyLocation).map(([id, level]) => fcLevelView(account, id, level)),
  };
}

/** `Locations.LocationViewModel` for one of the account's centres. */
export function centreView(centre: Location) {
  const facts = CENTRE_FACTS[centre.nativeId];
  const address = {
    name: 'ShipBob Inc.', address1: centre.address.line1, address2: null, city: centre.address.city, state: centre.address.province ?? null,
    zip_code: centre.address.postalCode, country: centre.address.countryCode, phone_number: facts?.phone ?? null, email: 'receiving@shipbob.com',
  };
  return {
    id: Number(centre.nativeId),
    name: centre.name,
    abbreviation: facts?.abbreviation ?? `FC${centre.nativeId}`,
    timezone: facts?.timezone ?? 'Central Standard Time',
    is_active: true,
    is_receiving_enabled: true,
    is_shipping_enabled: true,
    access_granted: true,
    attributes: ['Standard'],
    region: facts?.region ?? { id: 0, name: 'United States' },
    services: [
      { service_type: 'Receiving', enabled: true, address },
      { service_type: 'Returns', enabled: true, address: { ...address, email: 'returns@shipbob.com' } },
    ],
  };
}

export function networkLocationViews() {
  return NETWORK_ONLY_LOCATIONS.map((l) => ({
    id: l.id, name: l.name, abbreviation: l.abbreviation, timezone: l.timezone, is_active: true, is_receiving_enabled: false, is_shipping_enabled: true,
    access_granted: false, attributes: ['Standard'], region: l.region,
    services: [{ service_type: 'Receiving', enabled: false, address: { name: 'ShipBob Inc.', address1: l.address1, address2: null, city: l.city, state: l.state, zip_code: l.zip_code, country: l.country, phone_number: null, email: null } }],
  }));
}

export function channelView(c: ChannelDef) {
  return { id: c.id, name: c.name, application_name: c.application_name, scopes: c.scopes };
}

export function subscriptionView(s: Subscription) {
  return { id: s.id, created_at: s.created_at, description: s.description, enabled: s.enabled, topics: s.topics, url: s.url };
}

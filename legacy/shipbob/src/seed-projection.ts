import type { Location, Order as SeedOrder, Person, Retailer, Shipment as SeedShipment, TrackingEvent as SeedEvent } from '@ucg/legacy-seed';
import { API_CHANNEL, IDS, SHOPIFY_CHANNEL, WOO_CHANNEL } from './constants.ts';
import type { InventoryItem, Level, Order, OrderLine, Recipient, Shipment, ShipmentLine, TrackingEvent, TrackStatus } from './model.ts';
import { DETAILS, SUBSTATUS, refreshOrder } from './status.ts';

/** Everything the account holds at start-up (and after `/__sandbox/reset`). */
export interface AccountData {
  centres: Location[];
  inventory: InventoryItem[];
  /** inventory id → location id → level */
  levels: Map<number, Map<number, Level>>;
  orders: Order[];
  shipments: Shipment[];
}

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const gramsToOz = (g: number) => Math.max(1, Math.round(g / 28.3495));

export const CARRIER_SERVICE: Record<string, string> = { UPS: 'Ground', USPS: 'Ground Advantage', FedEx: 'Home Delivery' };

function trackStatusOf(status: SeedEvent['status']): TrackStatus {
  switch (status) {
    case 'LABEL_CREATED': return 'PreTransit';
    case 'DELIVERED': return 'Delivered';
    case 'EXCEPTION': return 'DeliveryException';
    default: return 'InTransit';
  }
}

function projectEvents(seed: SeedShipment, centre: Location | undefined, order: SeedOrder): TrackingEvent[] {
  const origin = centre ? `${centre.address.city}, ${centre.address.province ?? centre.address.countryCode}` : null;
  const destination = order.shippingAddress ? `${order.shippingAddress.city}, ${order.shippingAddress.province ?? order.shippingAddress.countryCode}` : null;
  return seed.events.map((e, i) => {
    const status = trackStatusOf(e.status);
    const atOrigin = e.status === 'LABEL_CREATED' || (e.status === 'IN_TRANSIT' && i <= 1);
    return {
      at: e.at,
      status,
      substatus: e.status === 'OUT_FOR_DELIVERY' ? 'Out for Delivery' : SUBSTATUS[status],
      message: e.description,
      location: atOrigin ? origin : e.status === 'IN_TRANSIT' ? null : destination,
    };
  });
}

function recipientOf(order: SeedOrder, person: Person | undefined): Recipient {
  const a = order.shippingAddress!;
  return {
    name: person ? `${person.firstName} ${person.lastName}` : 'Guest Customer',
    email: order.email ?? null,
    phone_number: person?.phone ?? null,
    address: { address1: a.line1, address2: null, company_name: null, city: a.city, state: a.province ?? null, zip_code: a.postalCode, country: a.countryCode },
  };
}

/** Projects the seed's US-fulfilled slice into ShipBob's records. Copies every value: the seed is shared and never mutated. */
export function projectSeed(retailer: Retailer): AccountData {
  const centres = retailer.locations.filter((l) => l.system === '3pl-us');
  const centreById = new Map(centres.map((c) => [c.nativeId, c]));
  const productById = new Map(retailer.products.map((p) => [p.id, p]));
  const personByKey = new Map(retailer.people.map((p) => [p.key, p]));

  const inventory: InventoryItem[] = retailer.variants.map((v, i) => ({
    id: IDS.inventory(i),
    product_id: IDS.product(i),
    sku: v.sku,
    name: `${productById.get(v.productId)?.title.en ?? v.productId} - ${v.title}`,
    active: true,
    weight_oz: gramsToOz(v.weightGrams),
  }));
  const itemBySku = new Map(inventory.map((item) => [item.sku, item]));
  const gtinBySku = new Map(retailer.variants.map((v) => [v.sku, v.gtin]));

  const levels = new Map<number, Map<number, Level>>();
  for (const row of retailer.stock) {
    if (row.system !== '3pl-us') continue;
    const item = itemBySku.get(row.sku);
    if (!item) continue;
    const byLocation = levels.get(item.id) ?? new Map<number, Level>();
    byLocation.set(Number(row.locationNativeId), { onHand: row.onHand, committed: row.committed, awaiting: 0, internalTransfer: 0 });
    levels.set(item.id, byLocation);
  }

  const seedShipments = new Map<string, SeedShipment[]>();
  for (const s of retailer.shipments) if (s.system === '3pl-us') seedShipments.set(s.orderNumber, [...(seedShipments.get(s.orderNumber) ?? []), s]);

  const orders: Order[] = [];
  const shipments: Shipment[] = [];
  retailer.orders.filter((o) => o.fulfilledBy === '3pl-us' && o.shippingAddress).forEach((seed, k) => {
    const placed = Date.parse(seed.placedAt);
    const created = iso(placed + 90_000);
    const lines: OrderLine[] = seed.lines.map((l, i) => {
      const item = itemBySku.get(l.sku)!;
      return { product_id: item.product_id, inventory_id: item.id, reference_id: l.sku, sku: l.sku, name: item.name, quantity: l.quantity, unit_price: Number(l.unitPrice), gtin: gtinBySku.get(l.sku) ?? null, external_line_id: i + 1 };
    });
    const shipmentLines: ShipmentLine[] = lines.map(({ product_id, inventory_id, reference_id, sku, name, quantity }) => ({ product_id, inventory_id, reference_id, sku, name, quantity }));
    const weight = lines.reduce((sum, l) => sum + (itemBySku.get(l.sku)?.weight_oz ?? 8) * l.quantity, 0);
    const channel = seed.system === 'webstore' ? SHOPIFY_CHANNEL : seed.system === 'marketplace' ? WOO_CHANNEL : API_CHANNEL;
    const order: Order = {
      id: IDS.order(k),
      channelId: channel.id,
      reference_id: seed.number,
      order_number: seed.number,
      status: 'Processing',
      type: 'DTC',
      created_date: created,
      purchase_date: seed.placedAt,
      last_update_at: created,
      shipping_method: Number(seed.shipping) > 0 ? 'Standard' : 'Free Shipping',
      recipient: recipientOf(seed, seed.personKey ? personByKey.get(seed.personKey) : undefined),
      lines,
      total_price: Number(seed.total),
      tags: [],
      gift_message: null,
      shipmentIds: [],
    };
    const base = {
      orderId: order.id, created_date: created, ship_option: order.shipping_method === 'Free Shipping' ? 'Standard' : order.shipping_method,
      lines: shipmentLines, weight_oz: weight, estimated_fulfillment_date: iso(placed + 24 * 60 * MINUTE),
      invoice_amount: null, delivery_date: null, actual_fulfillment_date: null, last_tracking_update_at: null, tracking: null, events: [],
    } satisfies Partial<Shipment>;

    const shipped = seedShipments.get(seed.number) ?? [];
    if (shipped.length > 0) {
      for (const s of shipped) {
        const centre = centreById.get(s.fromNativeId);
        const events = projectEvents(s, centre, seed);
        const last = events.at(-1);
        const final = s.status;
        shipments.push({
          ...base,
          id: IDS.seedShipment(Number(s.id.slice(4))),
          locationId: Number(s.fromNativeId),
          status: final === 'LABEL_CREATED' ? 'LabeledCreated' : 'Completed',
          details: [final === 'LABEL_CREATED' ? DETAILS.labeled : final === 'DELIVERED' ? DETAILS.delivered : final === 'EXCEPTION' ? DETAILS.deliveryException : final === 'OUT_FOR_DELIVERY' ? DETAILS.outForDelivery : DETAILS.inTransit],
          last_update_at: last?.at ?? s.shippedAt,
          actual_fulfillment_date: s.shippedAt,
          delivery_date: final === 'DELIVERED' ? last!.at : null,
          last_tracking_update_at: last?.at ?? null,
          tracking: { carrier: s.carrier, carrier_service: CARRIER_SERVICE[s.carrier] ?? 'Ground', tracking_number: s.trackingNumber, tracking_url: s.trackingUrl, shipping_date: s.shippedAt },
          lines: s.lines.map((l) => shipmentLines.find((x) => x.sku === l.sku) ?? { ...shipmentLines[0]!, sku: l.sku, reference_id: l.sku, quantity: l.quantity }),
          events,
          invoice_amount: Number((4.25 + 0.35 * s.lines.reduce((n, l) => n + l.quantity, 0)).toFixed(2)),
        });
        order.shipmentIds.push(shipments.at(-1)!.id);
      }
    } else {
      const cancelled = seed.status === 'CANCELLED';
      shipments.push({
        ...base,
        id: IDS.pendingShipment(k),
        locationId: cancelled ? null : Number(centres[k % centres.length]!.nativeId),
        status: cancelled ? 'Cancelled' : 'Processing',
        details: cancelled ? [] : [DETAILS.awaitingPicking],
        last_update_at: created,
      });
      order.shipmentIds.push(shipments.at(-1)!.id);
    }
    refreshOrder(order, shipments.slice(-order.shipmentIds.length));
    orders.push(order);
  });

  return { centres, inventory, levels, orders, shipments };
}

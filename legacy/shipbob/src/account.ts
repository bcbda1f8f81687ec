import type { Location } from '@ucg/legacy-seed';
import { IDS } from './constants.ts';
import type {
  AccountEvent, HistoryEvent, InventoryItem, Level, Order, OrderLine, Recipient, Shipment, Subscription, TrackingEvent,
} from './model.ts';
import type { AccountData } from './seed-projection.ts';
import { pickCarrier } from './carriers.ts';
import { DETAILS, SUBSTATUS, outOfStock, refreshOrder } from './status.ts';

/** A business rule refused the operation; routes turn `kind` into ShipBob's answer. */
export class AccountError extends Error {
  constructor(readonly kind: 'DUPLICATE_REFERENCE' | 'UNKNOWN_PRODUCT' | 'NOT_FOUND' | 'BAD_STOCK' | 'WRONG_STATE', message: string) {
    super(message);
  }
}

export type NewOrderProduct =
  | { reference_id: string; name: string; quantity: number; sku?: string | null; unit_price?: number | null; gtin?: string | null; external_line_id?: number | null }
  | { id: number; quantity: number; external_line_id?: number | null };

export interface NewOrder {
  reference_id: string;
  order_number: string | null;
  type: Order['type'];
  shipping_method: string;
  purchase_date: string | null;
  recipient: Recipient;
  products: NewOrderProduct[];
  total_price: number | null;
  tags: { name: string; value: string }[];
  gift_message: string | null;
  location_id: number | null;
}

const levelKey = (l: Level) => Math.max(0, l.onHand - l.committed);

/**
 * The merchant's ShipBob account: inventory per fulfilment centre, orders and their shipments,
 * webhook subscriptions. Every change that ShipBob would announce is emitted as an `AccountEvent`.
 */
export class ShipBobAccount {
  readonly centres: Location[];
  readonly inventory: InventoryItem[];
  readonly orders: Order[];
  readonly subscriptions = new Map<string, Subscription>();
  readonly history: HistoryEvent[] = [];
  private readonly levels: Map<number, Map<number, Level>>;
  private readonly itemById: Map<number, InventoryItem>;
  private readonly itemBySku: Map<string, InventoryItem>;
  private readonly itemByProduct: Map<number, InventoryItem>;
  private readonly orderById: Map<number, Order>;
  private readonly orderByRef = new Map<string, Order>();
  private readonly shipmentById: Map<number, Shipment>;
  private readonly listeners: ((event: AccountEvent) => void)[] = [];
  private nextOrderId = IDS.firstCreatedOrder;
  private nextShipmentId = IDS.firstCreatedShipment;
  private nextInventoryId = IDS.firstCreatedInventory;

  constructor(data: AccountData, private readonly clock: () => number = Date.now) {
    this.centres = data.centres;
    this.inventory = data.inventory;
    this.levels = data.levels;
    this.orders = data.orders;
    this.itemById = new Map(data.inventory.map((i) => [i.id, i]));
    this.itemBySku = new Map(data.inventory.map((i) => [i.sku.toLowerCase(), i]));
    this.itemByProduct = new Map(data.inventory.map((i) => [i.product_id, i]));
    this.orderById = new Map(data.orders.map((o) => [o.id, o]));
    for (const o of data.orders) this.orderByRef.set(`${o.channelId}|${o.reference_id}`, o);
    this.shipmentById = new Map(data.shipments.map((s) => [s.id, s]));
  }

  on(listener: (event: AccountEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: AccountEvent): void {
    for (const l of this.listeners) l(event);
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  // ---- inventory -------------------------------------------------------------------------

  item(id: number): InventoryItem | undefined {
    return this.itemById.get(id);
  }

  itemForSku(sku: string): InventoryItem | undefined {
    return this.itemBySku.get(sku.toLowerCase());
  }

  /** Levels of one item, by location id, in location order. */
  levelsOf(inventoryId: number): [number, Level][] {
    return [...(this.levels.get(inventoryId) ?? new Map<number, Level>())].sort(([a], [b]) => a - b);
  }

  centreName(locationId: number): string {
    return this.centres.find((c) => Number(c.nativeId) === locationId)?.name ?? `FC ${locationId}`;
  }

  private levelAt(inventoryId: number, locationId: number): Level {
    const byLocation = this.levels.get(inventoryId) ?? new Map<number, Level>();
    this.levels.set(inventoryId, byLocation);
    let level = byLocation.get(locationId);
    if (!level) byLocation.set(locationId, (level = { onHand: 0, committed: 0, awaiting: 0, internalTransfer: 0 }));
    return level;
  }

  private record(category: string, item: InventoryItem, locationId: number, quantityChange: number, committedChange: number, orderId: number | null): void {
    this.history.push({ id: this.history.length + 1, at: this.now(), category, inventoryId: item.id, sku: item.sku, locationId, quantityChange, committedChange, orderId });
    this.emit({ topic: 'inventory.updated', inventoryId: item.id, locationId });
  }

  /** A warehouse adjustment (cycle count, receipt, damage): moves on-hand stock at one centre. */
  adjustStock(sku: string, locationId: number, change: { delta?: number; onHand?: number }): { item: InventoryItem; level: Level } {
    const item = this.itemForSku(sku);
    if (!item) throw new AccountError('UNKNOWN_PRODUCT', `no inventory item with SKU ${sku}`);
    if (!this.centres.some((c) => Number(c.nativeId) === locationId)) throw new AccountError('NOT_FOUND', `no fulfillment center ${locationId} on this account`);
    const level = this.levelAt(item.id, locationId);
    const target = change.onHand ?? level.onHand + (change.delta ?? 0);
    if (!Number.isInteger(target) || target < 0) throw new AccountError('BAD_STOCK', `on-hand would become ${target} (must be a whole number ≥ 0)`);
    const delta = target - level.onHand;
    level.onHand = target;
    if (delta !== 0) this.record(delta > 0 ? 'Adjustment Increase' : 'Adjustment Decrease', item, locationId, delta, 0, null);
    return { item, level };
  }

  // ---- orders ----------------------------------------------------------------------------

  order(id: number): Order | undefined {
    return this.orderById.get(id);
  }

  orderByReference(channelId: number, referenceId: string): Order | undefined {
    return this.orderByRef.get(`${channelId}|${referenceId}`);
  }

  shipment(id: number): Shipment | undefined {
    return this.shipmentById.get(id);
  }

  shipmentsOf(order: Order): Shipment[] {
    return order.shipmentIds.map((id) => this.shipmentById.get(id)!);
  }

  private lineFor(p: NewOrderProduct, index: number): OrderLine {
    let item = 'id' in p ? this.itemByProduct.get(p.id) : this.itemForSku(p.reference_id);
    if (!item && 'id' in p) throw new AccountError('UNKNOWN_PRODUCT', `Product with id ${p.id} does not exist`);
    if (!item && !('id' in p)) {
      // ShipBob creates the product (and its inventory item) on first sight of a reference id.
      const id = this.nextInventoryId++;
      item = { id, product_id: id + 40_000_000, sku: p.sku ?? p.reference_id, name: p.name, active: true, weight_oz: 8 };
      this.inventory.push(item);
      this.itemById.set(item.id, item);
      this.itemBySku.set(item.sku.toLowerCase(), item);
      this.itemByProduct.set(item.product_id, item);
    }
    const named = 'id' in p ? null : p;
    return {
      product_id: item!.product_id, inventory_id: item!.id, reference_id: named?.reference_id ?? item!.sku, sku: item!.sku, name: named?.name ?? item!.name,
      quantity: p.quantity, unit_price: named?.unit_price ?? null, gtin: named?.gtin ?? null, external_line_id: p.external_line_id ?? index + 1,
    };
  }

  /** `POST /order`: allocates the whole order to one centre that can fulfil it, or puts it in exception (out of stock). */
  createOrder(channelId: number, input: NewOrder): Order {
    if (this.orderByReference(channelId, input.reference_id)) throw new AccountError('DUPLICATE_REFERENCE', 'Cannot insert order with existing ReferenceId');
    const lines = input.products.map((p, i) => this.lineFor(p, i));
    const now = this.now();
    const candidates = input.location_id ? this.centres.filter((c) => Number(c.nativeId) === input.location_id) : this.centres;
    const centre = candidates.find((c) => lines.every((l) => levelKey(this.levelAt(l.inventory_id, Number(c.nativeId))) >= l.quantity));
    const short = centre ? undefined : lines.find((l) => !candidates.some((c) => levelKey(this.levelAt(l.inventory_id, Number(c.nativeId))) >= l.quantity)) ?? lines[0];
    const order: Order = {
      id: this.nextOrderId++, channelId, reference_id: input.reference_id, order_number: input.order_number ?? input.reference_id, status: 'Processing', type: input.type,
      created_date: now, purchase_date: input.purchase_date, last_update_at: now, shipping_method: input.shipping_method, recipient: input.recipient, lines,
      total_price: input.total_price, tags: input.tags, gift_message: input.gift_message, shipmentIds: [],
    };
    const shipment: Shipment = {
      id: this.nextShipmentId++, orderId: order.id, locationId: centre ? Number(centre.nativeId) : null, status: centre ? 'Processing' : 'Exception',
      details: centre ? [DETAILS.awaitingPicking] : [outOfStock(short?.inventory_id ?? null)], created_date: now, last_update_at: now,
      actual_fulfillment_date: null, estimated_fulfillment_date: new Date(this.clock() + 86_400_000).toISOString(), delivery_date: null, last_tracking_update_at: null,
      ship_option: input.shipping_method, tracking: null, events: [], invoice_amount: null,
      lines: lines.map(({ product_id, inventory_id, reference_id, sku, name, quantity }) => ({ product_id, inventory_id, reference_id, sku, name, quantity })),
      weight_oz: lines.reduce((n, l) => n + (this.itemById.get(l.inventory_id)?.weight_oz ?? 8) * l.quantity, 0),
    };
    order.shipmentIds.push(shipment.id);
    this.shipmentById.set(shipment.id, shipment);
    this.orders.push(order);
    this.orderById.set(order.id, order);
    this.orderByRef.set(`${channelId}|${order.reference_id}`, order);
    refreshOrder(order, [shipment]);
    if (centre) {
      for (const l of lines) {
        this.levelAt(l.inventory_id, shipment.locationId!).committed += l.quantity;
        this.emit({ topic: 'inventory.updated', inventoryId: l.inventory_id, locationId: shipment.locationId! });
      }
    } else this.emit({ topic: 'order.shipment.exception', shipmentId: shipment.id });
    return order;
  }

  private requireOrder(orderId: number): Order {
    const order = this.orderById.get(orderId);
    if (!order) throw new AccountError('NOT_FOUND', `order ${orderId} not found`);
    return order;
  }

  private track(shipment: Shipment, event: Omit<TrackingEvent, 'substatus'> & { substatus?: string }): void {
    shipment.events.push({ ...event, substatus: event.substatus ?? SUBSTATUS[event.status] });
    shipment.last_tracking_update_at = event.at;
    shipment.last_update_at = event.at;
  }

  /** The centre picks, packs and labels every processing shipment, and the carrier collects it. */
  private shipShipments(shipments: Shipment[]): Shipment[] {
    const now = this.now();
    const shipped = shipments.filter((s) => s.status === 'Processing');
    for (const s of shipped) {
      const carrier = pickCarrier(s.id);
      s.status = 'Completed';
      s.details = [DETAILS.inTransit];
      s.actual_fulfillment_date = now;
      s.tracking = { carrier: carrier.name, carrier_service: carrier.service, tracking_number: carrier.trackingNumber, tracking_url: carrier.url, shipping_date: now };
      s.invoice_amount = Number((4.25 + 0.35 * s.lines.reduce((n, l) => n + l.quantity, 0)).toFixed(2));
      const centre = this.centres.find((c) => Number(c.nativeId) === s.locationId);
      const origin = centre ? `${centre.address.city}, ${centre.address.province ?? centre.address.countryCode}` : null;
      this.track(s, { at: now, status: 'PreTransit', message: 'Shipping label created', location: origin });
      this.track(s, { at: now, status: 'InTransit', message: 'Picked up by carrier', location: origin });
      for (const l of s.lines) {
        const level = this.levelAt(l.inventory_id, s.locationId!);
        level.onHand = Math.max(0, level.onHand - l.quantity);
        level.committed = Math.max(0, level.committed - l.quantity);
        this.record('Order Pick', this.itemById.get(l.inventory_id)!, s.locationId!, -l.quantity, -l.quantity, s.orderId);
      }
    }
    return shipped;
  }

  /** Ships the order's processing shipments (or only `shipmentId`); ShipBob then sends `order.shipped`. */
  ship(orderId: number, shipmentId?: number): Shipment[] {
    const order = this.requireOrder(orderId);
    const shipped = this.shipShipments(this.shipmentsOf(order).filter((s) => shipmentId === undefined || s.id === shipmentId));
    if (shipped.length === 0) throw new AccountError('WRONG_STATE', `order ${orderId} has no shipment waiting to be shipped`);
    refreshOrder(order, this.shipmentsOf(order));
    this.emit({ topic: 'order.shipped', orderId });
    return shipped;
  }

  private deliverShipments(shipments: Shipment[]): Shipment[] {
    const now = this.now();
    const delivered = shipments.filter((s) => s.status === 'Completed' && !s.delivery_date);
    for (const s of delivered) {
      const order = this.orderById.get(s.orderId)!;
      s.details = [DETAILS.delivered];
      s.delivery_date = now;
      this.track(s, { at: now, status: 'Delivered', message: `Delivered in ${order.recipient.address.city}`, location: `${order.recipient.address.city}, ${order.recipient.address.state ?? order.recipient.address.country}` });
      this.emit({ topic: 'order.shipment.delivered', shipmentId: s.id });
    }
    return delivered;
  }

  deliver(orderId: number, shipmentId?: number): Shipment[] {
    const order = this.requireOrder(orderId);
    const delivered = this.deliverShipments(this.shipmentsOf(order).filter((s) => shipmentId === undefined || s.id === shipmentId));
    if (delivered.length === 0) throw new AccountError('WRONG_STATE', `order ${orderId} has no shipment in transit`);
    refreshOrder(order, this.shipmentsOf(order));
    return delivered;
  }

  /**
   * Before shipping: the shipment goes to Exception (out of stock) and its allocation is released;
   * ShipBob announces that with `order.shipment.exception`. After shipping: the carrier reports a
   * delivery exception, which shows in tracking only; ShipBob sends no webhook for it.
   */
  exception(orderId: number): Shipment[] {
    const order = this.requireOrder(orderId);
    const now = this.now();
    const affected: Shipment[] = [];
    for (const s of this.shipmentsOf(order)) {
      if (s.status === 'Processing') {
        for (const l of s.lines) {
          const level = this.levelAt(l.inventory_id, s.locationId!);
          level.committed = Math.max(0, level.committed - l.quantity);
          this.emit({ topic: 'inventory.updated', inventoryId: l.inventory_id, locationId: s.locationId! });
        }
        s.status = 'Exception';
        s.details = [outOfStock(s.lines[0]?.inventory_id ?? null)];
        s.last_update_at = now;
        affected.push(s);
        this.emit({ topic: 'order.shipment.exception', shipmentId: s.id });
      } else if (s.status === 'Completed' && !s.delivery_date) {
        s.details = [DETAILS.deliveryException];
        this.track(s, { at: now, status: 'DeliveryException', message: 'Delivery exception: address could not be found', location: null });
        affected.push(s);
      }
    }
    if (affected.length === 0) throw new AccountError('WRONG_STATE', `order ${orderId} has no shipment that can go to exception`);
    refreshOrder(order, this.shipmentsOf(order));
    return affected;
  }
}

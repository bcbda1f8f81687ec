import type {
  CreatedFulfilmentOrder, FulfilmentOrderRecord, FulfilmentOrderRequest, LocationRecord, PersonDataExport, PersonErasure, ShipmentRecord, StockRecord,
} from '@ucg/connector-core';
import type { Logger } from 'pino';
import { ShipBobClient } from './client.ts';
import type { ShipBobConfig } from './config.ts';
import { SkuIndex, allInventoryLevels, inventoryLevels, type InventorySnapshot } from './inventory.ts';
import { inventoryMovements, type InventoryMovement } from './inventory-history.ts';
import { locations } from './locations.ts';
import { createOrder, listOrders, order, ordersByReference, shipments } from './orders.ts';
import { erasePerson, exportPerson } from './privacy.ts';
import { ORDER_TOPICS, deleteWebhook, listWebhooks, registerWebhooks, type WebhookSubscription } from './webhooks.ts';

export { shipBobConfigSchema, DEV_WEBHOOK_SECRET, type ShipBobConfig, type ResolvedShipBobConfig } from './config.ts';
export { verifyShipBobWebhook, ORDER_TOPICS, STANDIN_INVENTORY_TOPIC, type ShipBobWebhookEvent, type WebhookSubscription } from './webhooks.ts';
export type { InventoryMovement } from './inventory-history.ts';
export type { InventorySnapshot } from './inventory.ts';
export { ShipBobClient } from './client.ts';

/** The US 3PL (ShipBob Developer API 2026-01), in canonical terms. */
export class ShipBobConnector {
  readonly client: ShipBobClient;
  private readonly skus: SkuIndex;

  constructor(config: ShipBobConfig, logger?: Logger) {
    this.client = new ShipBobClient(config, logger);
    this.skus = new SkuIndex(this.client);
    if (this.client.config.prefetchSkuIndex) {
      this.skus.warm().catch((error: unknown) => logger?.warn({ err: error, system: '3pl-us' }, 'ShipBob SKU index prefetch failed; it is read again on first use'));
    }
  }

  /** Stock per fulfilment centre; SKUs ShipBob does not hold yield no records. */
  inventoryLevels(skus: readonly string[]): Promise<StockRecord[]> {
    return inventoryLevels(this.client, this.skus, skus);
  }

  /**
   * Every SKU's stock per fulfilment centre, in one walk of every page (about one call per 250
   * items): for a periodic full copy instead of per-SKU reads. Refreshes the SKU index as well.
   */
  allInventoryLevels(): Promise<InventorySnapshot> {
    return allInventoryLevels(this.client, this.skus);
  }

  /** Stock movements at one centre (ShipBob's inventory history), for polling. */
  inventoryMovements(locationNativeId: string, since?: string, until?: string): Promise<InventoryMovement[]> {
    return inventoryMovements(this.client, locationNativeId, since, until);
  }

  /** The fulfilment centres this account ships from. */
  locations(): Promise<LocationRecord[]> {
    return locations(this.client);
  }

  /** Hands an order to ShipBob; the same reference id again returns the existing order (`created: false`). */
  createOrder(request: FulfilmentOrderRequest): Promise<CreatedFulfilmentOrder> {
    return createOrder(this.client, request);
  }

  ordersByReference(referenceIds: readonly string[]): Promise<FulfilmentOrderRecord[]> {
    return ordersByReference(this.client, referenceIds);
  }

  /** Orders by ShipBob's list filters (open work: `hasTracking: false`; recent movement: `updatedSince`), every page. */
  listOrders(filter: { hasTracking?: boolean; updatedSince?: string }): Promise<FulfilmentOrderRecord[]> {
    return listOrders(this.client, filter);
  }

  /** One order by ShipBob order id; null when ShipBob does not know it. */
  order(id: string): Promise<FulfilmentOrderRecord | null> {
    return order(this.client, id);
  }

  /** Shipments of the given ShipBob orders, with carrier, tracking number and URL, status and tracking events. */
  shipments(orderIds: readonly string[]): Promise<ShipmentRecord[]> {
    return shipments(this.client, orderIds);
  }

  registerWebhooks(url: string, topics: readonly string[] = ORDER_TOPICS, secret?: string): Promise<WebhookSubscription> {
    return registerWebhooks(this.client, url, topics, secret);
  }

  listWebhooks(): Promise<Omit<WebhookSubscription, 'secret'>[]> {
    return listWebhooks(this.client);
  }

  deleteWebhook(id: string): Promise<void> {
    return deleteWebhook(this.client, id);
  }

  exportPerson(email: string): Promise<PersonDataExport> {
    return exportPerson(this.client, email);
  }

  erasePerson(email: string): Promise<PersonErasure> {
    return erasePerson(this.client, email);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

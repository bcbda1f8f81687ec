import { verifyShipBobWebhook, type ShipBobWebhookEvent } from '@ucg/connector-shipbob';
import type { ShopifyConnector, ShopifyWebhookEvent } from '@ucg/connector-shopify';
import type { Logger, Route } from '@ucg/service-kit';
import { locationId } from '../locations/ids.ts';
import type { StockCaches } from '../stock/stock-caches.ts';
import { factsOf, isKeyableSku, stockKey, type StockFact } from '../stock/values.ts';
import { webhookRoute } from '@ucg/subgraph-kit';

export const WEBHOOK_PATHS = { '3pl-us': '/webhooks/3pl-us', webstore: '/webhooks/webstore' } as const;

/** Inventory item → SKU, learnt once per item (webhooks name items, not SKUs). */
class ItemSkus {
  private readonly known = new Map<string, string | null>();

  constructor(private readonly shopify: ShopifyConnector) {}

  async sku(itemId: string): Promise<string | null> {
    if (this.known.has(itemId)) return this.known.get(itemId)!;
    const sku = (await this.shopify.skusForInventoryItems([itemId])).get(itemId) ?? null;
    if (this.known.size > 100_000) this.known.clear();
    this.known.set(itemId, sku);
    return sku;
  }
}

export interface StockWebhookDeps {
  caches: StockCaches;
  /** The copy of the shop's store stock, kept current by these pushes. */
  storeCopy: { update(facts: readonly StockFact[]): void };
  shopify: ShopifyConnector;
  secrets: { shipbob: string; shopify: string };
  logger: Logger;
}

/** The receivers through which the 3PL-US and the web store push stock changes. */
export function stockWebhookRoutes(deps: StockWebhookDeps): Route[] {
  const { caches, logger } = deps;
  const items = new ItemSkus(deps.shopify);
  return [
    webhookRoute<ShipBobWebhookEvent>({
      system: '3pl-us',
      path: WEBHOOK_PATHS['3pl-us'],
      logger,
      verify: (raw, headers) => verifyShipBobWebhook(raw, headers, deps.secrets.shipbob),
      apply: async (event) => {
        // Order and shipment topics belong to the orders subgraph's subscription.
        if (event.type === 'INVENTORY_CHANGED') await caches.push('3pl-us', factsOf(event.stock));
      },
    }),
    webhookRoute<ShopifyWebhookEvent>({
      system: 'webstore',
      path: WEBHOOK_PATHS.webstore,
      logger,
      verify: (raw, headers) => deps.shopify.verifyWebhook(raw, headers, deps.secrets.shopify),
      apply: async (event) => {
        if (event.type !== 'INVENTORY_LEVEL_UPDATED') return;
        const sku = await items.sku(event.inventoryItemId);
        if (!sku || !isKeyableSku(sku)) return;
        const location = locationId('webstore', event.locationNativeId);
        if (event.available === null) {
          // The delivery did not carry the number: forget it, the next read asks the store.
          await caches.invalidate('webstore', [stockKey(sku, location)]);
          return;
        }
        const asOf = Number.isFinite(Date.parse(event.updatedAt)) ? new Date(event.updatedAt).toISOString() : event.meta.triggeredAt;
        const facts: StockFact[] = [{ sku, locationId: location, value: { available: Math.max(0, event.available), onHand: null, committed: null, asOf } }];
        deps.storeCopy.update(facts);
        await caches.push('webstore', facts);
      },
    }),
  ];
}

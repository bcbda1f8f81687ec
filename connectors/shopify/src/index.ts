import type { Logger } from 'pino';
import type {
  CustomerAccount, LocationRecord, Money, OrderRecord, PaymentAuthorization, PersonDataExport, PersonErasure, ProductContent, StockRecord,
} from '@ucg/connector-core';
import { exportProducts, listCollections, type ShopifyCollection } from './catalog-export.ts';
import { ShopifyClient } from './client.ts';
import type { ShopifyConfig } from './config.ts';
import { PageSizer } from './cost-planning.ts';
import { customersByEmail, erasePerson, exportPerson } from './customers.ts';
import { inventoryLevels, locations, skusForInventoryItems } from './inventory.ts';
import { exportInventoryLevels } from './inventory-export.ts';
import { emailQuery, numberQuery, orderChannels, rangeQuery, searchOrders, type OrderPage } from './orders.ts';
import { authorizePayment, voidAuthorization } from './payments.ts';
import { listProducts, productsByHandles, variantsBySkus, type VariantLookup } from './products.ts';
import { registerWebhook, verifyShopifyWebhook, type ShopifyWebhookEvent, type ShopifyWebhookTopic, type WebhookSubscription } from './webhooks.ts';

export { shopifyConfigSchema, type ShopifyConfig } from './config.ts';
export { mapProduct, type ShopifyProduct } from './map/product.ts';
export { ShopifyClient, throttleWaitMs, type QueryCost, type ThrottleStatus } from './client.ts';
export { verifyShopifyWebhook, type ShopifyWebhookEvent, type ShopifyWebhookTopic, type WebhookMeta, type WebhookSubscription } from './webhooks.ts';
export type { VariantLookup } from './products.ts';
export type { ShopifyCollection } from './catalog-export.ts';
export type { BulkLine } from './bulk.ts';
export type { OrderPage } from './orders.ts';

/**
 * The web store (Shopify Admin GraphQL API), in canonical terms. Every call goes through one
 * client that honours Shopify's calculated-cost throttling, splits queries over the single-query
 * cost limit, and shares one breaker for the shop.
 */
export class ShopifyConnector {
  readonly client: ShopifyClient;
  // Page sizes learnt per query shape: MAX_COST_EXCEEDED shrinks them once, later walks reuse them.
  private readonly sizers = { products: new PageSizer(50), orders: new PageSizer(50), stock: new PageSizer(50) };

  constructor(config: ShopifyConfig, logger?: Logger) {
    this.client = new ShopifyClient(config, logger);
  }

  async productByHandle(handle: string): Promise<ProductContent | null> {
    return (await productsByHandles(this.client, [handle]))[0] ?? null;
  }

  /** One request for many handles (aliases); answers in the order asked, null where absent. */
  productsByHandles(handles: readonly string[]): Promise<(ProductContent | null)[]> {
    return productsByHandles(this.client, handles);
  }

  /** Every product with images, tags, collections and priced variants (all pages). `query` narrows with Shopify search syntax. */
  listProducts(query?: string): Promise<ProductContent[]> {
    return listProducts(this.client, this.sizers.products, query);
  }

  /**
   * Every product (as `listProducts`) through one bulk operation: a few requests whatever the
   * shop's size, without spending the query-cost bucket. For start-up loads of a whole catalogue.
   */
  exportProducts(): Promise<ProductContent[]> {
    return exportProducts(this.client);
  }

  /** Every collection of the shop (the catalogue's categories), with its title. */
  collections(): Promise<ShopifyCollection[]> {
    return listCollections(this.client);
  }

  variantsBySkus(skus: readonly string[]): Promise<VariantLookup[]> {
    return variantsBySkus(this.client, skus);
  }

  /** The shop's locations (retail stores) with address, coordinates and pickup. */
  locations(): Promise<LocationRecord[]> {
    return locations(this.client);
  }

  /** Stock per SKU and location (system 'webstore'). */
  inventoryLevels(skus: readonly string[]): Promise<StockRecord[]> {
    return inventoryLevels(this.client, skus, this.sizers.stock);
  }

  /** Stock of every SKU at every location through one bulk operation (seeds a copy kept current by webhooks). */
  exportInventoryLevels(): Promise<StockRecord[]> {
    return exportInventoryLevels(this.client);
  }

  /** Maps inventory item ids (numeric or gid, as webhooks carry them) to SKUs. */
  skusForInventoryItems(itemIds: readonly string[]): Promise<Map<string, string>> {
    return skusForInventoryItems(this.client, itemIds);
  }

  /** A page of a shopper's orders (web and POS), newest first; email matched case-insensitively. */
  ordersByEmail(email: string, page: { first?: number; after?: string | null } = {}): Promise<OrderPage> {
    return searchOrders(this.client, this.sizers.orders, emailQuery(email), page.first ?? 20, page.after ?? null);
  }

  /** The channels (WEB, POS) of a shopper's `first` newest orders, newest first, without the orders themselves. */
  orderChannelsByEmail(email: string, first: number): Promise<('WEB' | 'POS')[]> {
    return orderChannels(this.client, emailQuery(email), first);
  }

  async orderByNumber(number: string): Promise<OrderRecord | null> {
    const page = await searchOrders(this.client, this.sizers.orders, numberQuery(number), 1, null);
    return page.orders[0] ?? null;
  }

  /** Every order placed in [from, to), oldest first, walking all pages (sales summaries). */
  async listOrders(range: { from?: string; to?: string } = {}): Promise<OrderRecord[]> {
    const page = await searchOrders(this.client, this.sizers.orders, rangeQuery(range), Number.POSITIVE_INFINITY, null, { reverse: false });
    return page.orders;
  }

  customersByEmail(emails: readonly string[]): Promise<CustomerAccount[]> {
    return customersByEmail(this.client, emails);
  }

  registerWebhook(topic: ShopifyWebhookTopic, url: string): Promise<WebhookSubscription> {
    return registerWebhook(this.client, topic, url);
  }

  /** Verifies a delivery with the app's client secret (the connector's configured tolerance applies). */
  verifyWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>, secret: string, now = Date.now()): ShopifyWebhookEvent {
    return verifyShopifyWebhook(rawBody, headers, secret, now, this.client.config.webhookToleranceMs);
  }

  authorizePayment(input: { token: string; amount: Money; idempotencyKey: string; orderId?: string }): Promise<PaymentAuthorization> {
    return authorizePayment(this.client, input);
  }

  voidAuthorization(authorizationId: string): Promise<PaymentAuthorization> {
    return voidAuthorization(this.client, authorizationId);
  }

  exportPerson(email: string): Promise<PersonDataExport> {
    return exportPerson(this.client, this.sizers.orders, email);
  }

  erasePerson(email: string): Promise<PersonErasure> {
    return erasePerson(this.client, this.sizers.orders, email);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

import type { Logger } from 'pino';
import type { CustomerAccount, OrderRecord, PersonDataExport, PersonErasure, ProductContent } from '@ucg/connector-core';
import { WooClient } from './client.ts';
import { resolveWooConfig, type WooConfig } from './config.ts';
import { customersByEmail } from './customers.ts';
import { listOrders, orderByNumber, ordersByEmail, type OrderPage } from './orders.ts';
import { erasePerson, exportPerson } from './privacy.ts';
import { iterateProducts, listProducts, productsBySkus } from './products.ts';
import { registerWebhook, verifyWooWebhook, type WebhookSubscription, type WooWebhookEvent, type WooWebhookTopic } from './webhooks.ts';

export { wooConfigSchema, resolveWooConfig, type WooConfig, type ResolvedWooConfig } from './config.ts';
export { WooClient, nextPageFromLink } from './client.ts';
export { signOAuth1, signatureBaseString, percentEncode, type OAuthCredentials, type SignatureMethod } from './oauth1.ts';
export { mapProduct } from './map/product.ts';
export { mapOrder, mapStatus } from './map/order.ts';
export { mapCustomer } from './map/customer.ts';
export { InvalidCursorError, type OrderPage } from './orders.ts';
export { verifyWooWebhook, type WebhookSubscription, type WooWebhookEvent, type WooWebhookTopic } from './webhooks.ts';
export type { WooCustomer, WooOrder, WooProduct, WooVariation } from './types.ts';

/** The marketplace store (WooCommerce REST API v3), in canonical terms. */
export class WooCommerceConnector {
  readonly client: WooClient;
  private currency: Promise<string> | undefined;

  constructor(config: WooConfig, logger?: Logger) {
    this.client = new WooClient(resolveWooConfig(config), logger);
  }

  /** The shop's base currency (product prices are in it): configured, or read once from the store. */
  storeCurrency(): Promise<string> {
    if (this.client.config.currency) return Promise.resolve(this.client.config.currency);
    this.currency ??= this.client.get<{ code: string }>('data/currencies/current').then((c) => c.code).catch((error: unknown) => {
      this.currency = undefined;
      throw error;
    });
    return this.currency;
  }

  /** Products selling any of these SKUs, each with all its variants. */
  async productsBySkus(skus: readonly string[]): Promise<ProductContent[]> {
    return productsBySkus(this.client, skus, await this.storeCurrency());
  }

  /** Every published product with its variants (walks every page). */
  async listProducts(): Promise<ProductContent[]> {
    return listProducts(this.client, await this.storeCurrency());
  }

  /** The same walk, a page at a time, for exports that should not hold the catalogue in memory. */
  async *iterateProducts(): AsyncGenerator<ProductContent[]> {
    yield* iterateProducts(this.client, await this.storeCurrency());
  }

  /** A person's marketplace orders, newest first, `first` per page (max 100). */
  ordersByEmail(email: string, options: { first?: number; after?: string } = {}): Promise<OrderPage> {
    return ordersByEmail(this.client, email, options);
  }

  orderByNumber(number: string): Promise<OrderRecord | null> {
    return orderByNumber(this.client, number);
  }

  /** Orders placed in [from, to), oldest first (walks every page). */
  listOrders(range: { from?: string | Date; to?: string | Date; status?: string[] } = {}): Promise<OrderRecord[]> {
    return listOrders(this.client, range);
  }

  customersByEmail(emails: readonly string[]): Promise<CustomerAccount[]> {
    return customersByEmail(this.client, emails);
  }

  registerWebhook(topic: WooWebhookTopic | string, url: string, secret: string): Promise<WebhookSubscription> {
    return registerWebhook(this.client, topic, url, secret);
  }

  /** Verifies a delivery with this connector's replay tolerance; see `verifyWooWebhook`. */
  verifyWooWebhook(rawBody: string | Buffer, headers: Record<string, string | string[] | undefined>, secret: string, now?: number): WooWebhookEvent {
    return verifyWooWebhook(rawBody, headers, secret, now, this.client.config.webhookToleranceMs);
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

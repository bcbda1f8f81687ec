import { SapConnector } from '@ucg/connector-sap';
import { ShopifyConnector } from '@ucg/connector-shopify';
import { WooCommerceConnector } from '@ucg/connector-woocommerce';
import { Pricing } from '@ucg/pricing';
import type { Logger } from '@ucg/service-kit';
import { createStore, type Store } from '@ucg/store';
import type { CatalogConfig } from './config.ts';
import type { CatalogServices } from './resolvers/context.ts';
import { CatalogIndex } from './search/catalog-index.ts';
import { PriceIndex } from './search/price-index.ts';
import { ProductSearch } from './search/product-search.ts';
import { CatalogSync } from './sync/catalog-sync.ts';
import { registerCatalogWebhooks, type WebhookRegistration } from './webhooks/catalog-webhooks.ts';

export interface CatalogDeps {
  /** Shared state (the price cache); created from REDIS_URL etc. when absent. */
  store?: Store;
}

/** Currencies the ERP keeps price lists in, and the one others are converted from (as `@ucg/pricing`). */
const LIST_CURRENCIES = ['USD', 'EUR', 'GBP'];
const BASE_CURRENCY = 'USD';
/** Per attempt, for whole-catalogue reads (a price list of every SKU is one large `$batch`). */
const BULK_TIMEOUT_MS = 60_000;

/** Everything the catalogue subgraph runs on, wired once per process. */
export class CatalogRuntime implements CatalogServices {
  readonly store: Store;
  readonly shopify: ShopifyConnector;
  readonly woo: WooCommerceConnector;
  readonly sap: SapConnector;
  /**
   * The ERP for whole-catalogue reads (material master, price lists): its own pool, breaker and a
   * longer timeout, so that a slow bulk read never trips the breaker that request-time prices use.
   */
  readonly sapBulk: SapConnector;
  readonly pricing: Pricing;
  readonly index = new CatalogIndex();
  readonly prices: PriceIndex;
  readonly search: ProductSearch;
  readonly sync: CatalogSync;
  private readonly ownsStore: boolean;
  private registration: WebhookRegistration | undefined;

  constructor(
    readonly config: CatalogConfig,
    private readonly logger: Logger,
    deps: CatalogDeps = {},
  ) {
    this.ownsStore = !deps.store;
    this.store = deps.store ?? createStore(config.store);
    this.shopify = new ShopifyConnector({ baseUrl: config.SHOPIFY_URL, accessToken: config.SHOPIFY_ACCESS_TOKEN }, logger);
    this.woo = new WooCommerceConnector({ baseUrl: config.WOO_URL, consumerKey: config.WOO_CONSUMER_KEY, consumerSecret: config.WOO_CONSUMER_SECRET }, logger);
    this.sap = new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD }, logger);
    this.sapBulk = new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD, timeoutMs: BULK_TIMEOUT_MS, maxRetries: 1 }, logger);
    this.pricing = new Pricing({ source: this.sap, store: this.store, priceTtlMs: config.PRICE_TTL_SECONDS * 1000, listCurrencies: LIST_CURRENCIES, baseCurrency: BASE_CURRENCY });
    this.prices = new PriceIndex(this.sapBulk, LIST_CURRENCIES, BASE_CURRENCY);
    this.search = new ProductSearch(this.index, this.prices);
    this.sync = new CatalogSync(
      { shopify: this.shopify, woo: this.woo, sap: this.sapBulk },
      this.index,
      this.prices,
      () => this.pricing.rate(BASE_CURRENCY, 'EUR'),
      { retryMs: config.CATALOG_LOAD_RETRY_MS, priceRefreshMs: config.CATALOG_PRICE_REFRESH_MS, resyncMs: config.CATALOG_RESYNC_MS, priceWaitMs: config.CATALOG_PRICE_WAIT_MS },
      logger,
    );
  }

  /**
   * Start-up: subscribes the product webhooks at `publicUrl` (retried in the background when
   * refused), then loads the index, retrying each source until it answers.
   */
  async start(publicUrl: string): Promise<void> {
    this.registration = registerCatalogWebhooks({
      shopify: this.shopify, woo: this.woo, publicUrl, logger: this.logger,
      secrets: { shopify: this.config.SHOPIFY_API_SECRET, woo: this.config.WOO_WEBHOOK_SECRET },
    });
    await this.sync.load();
  }

  async rateFromUsd(currency: string, logger: Logger): Promise<string | null> {
    try {
      return await this.pricing.rate(BASE_CURRENCY, currency);
    } catch (error) {
      logger.warn({ err: error, currency }, 'no exchange rate: searching without prices');
      return null;
    }
  }

  async stop(): Promise<void> {
    this.registration?.stop();
    this.sync.stop();
    await Promise.allSettled([this.shopify.close(), this.woo.close(), this.sap.close(), this.sapBulk.close()]);
    if (this.ownsStore) await this.store.close();
  }
}

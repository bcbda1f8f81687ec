import { join } from 'node:path';
import { SapConnector } from '@ucg/connector-sap';
import { ShipBobConnector } from '@ucg/connector-shipbob';
import { ShopifyConnector } from '@ucg/connector-shopify';
import { EdiConnector } from '@ucg/connector-x12-edi';
import type { Logger } from '@ucg/service-kit';
import { StockLedger } from '@ucg/stock-ledger';
import { createStore, type Store } from '@ucg/store';
import type { InventoryConfig } from './config.ts';
import { ErpMasterData } from './erp/master-data.ts';
import { LocationDirectory } from './locations/directory.ts';
import { IdempotencyKeys } from './purchasing/idempotency.ts';
import { SourceHealth } from './stock/health.ts';
import { LedgerWriter } from './stock/ledger-writer.ts';
import { LowStockReport } from './stock/low-stock.ts';
import { StockCaches, type StockCacheTimings } from './stock/stock-caches.ts';
import { StockReader } from './stock/stock-reader.ts';
import { EdiStockFeed } from './sync/edi-feed.ts';
import { ErpStockSync } from './sync/erp-sync.ts';
import { StoreStockSeed } from './sync/store-stock-seed.ts';
import { registerStockWebhooks, type WebhookRegistration } from './webhooks/register.ts';

/**
 * Freshness per system: the 3PL-US is read on a miss (short TTL); the web store is seeded by export
 * and pushes every change (long TTL); the EU warehouse pushes files and the ERP is synced on a timer,
 * and reads of those two never leave the process, so their entries only need to outlive the pushes.
 */
function stockTimings(config: InventoryConfig): StockCacheTimings {
  const pushed = Math.max(3 * config.ERP_STOCK_SYNC_INTERVAL_MS, 3600_000);
  const store = 2 * config.STORE_STOCK_RESEED_INTERVAL_MS;
  return {
    ttlMs: { '3pl-us': config.STOCK_CACHE_TTL_MS, webstore: store, '3pl-eu': pushed, erp: pushed },
    staleWhileRevalidateMs: { '3pl-us': config.STOCK_CACHE_SWR_MS, webstore: store, '3pl-eu': pushed, erp: pushed },
    staleIfErrorMs: config.STOCK_CACHE_SIE_MS,
  };
}

export interface InventoryDeps {
  /** Shared state (cache, ledger, idempotency keys); created from REDIS_URL etc. when absent. */
  store?: Store;
}

/** Everything the inventory subgraph runs on, wired once per process. */
export class InventoryRuntime {
  readonly store: Store;
  readonly shipbob: ShipBobConnector;
  readonly shopify: ShopifyConnector;
  readonly sap: SapConnector;
  readonly edi: EdiConnector;
  readonly ledger: StockLedger;
  readonly health = new SourceHealth();
  readonly directory: LocationDirectory;
  readonly writer: LedgerWriter;
  readonly caches: StockCaches;
  readonly reader: StockReader;
  readonly erpSync: ErpStockSync;
  readonly ediFeed: EdiStockFeed;
  readonly storeSeed: StoreStockSeed;
  readonly erp: ErpMasterData;
  readonly keys: IdempotencyKeys;
  readonly lowStock: LowStockReport;
  private readonly ownsStore: boolean;
  private registration: WebhookRegistration | undefined;

  constructor(
    readonly config: InventoryConfig,
    private readonly logger: Logger,
    deps: InventoryDeps = {},
  ) {
    this.ownsStore = !deps.store;
    this.store = deps.store ?? createStore(config.store);
    this.shipbob = new ShipBobConnector({ baseUrl: config.SHIPBOB_URL, token: config.SHIPBOB_TOKEN, webhookSecret: config.SHIPBOB_WEBHOOK_SECRET }, logger);
    this.shopify = new ShopifyConnector({ baseUrl: config.SHOPIFY_URL, accessToken: config.SHOPIFY_ACCESS_TOKEN }, logger);
    this.sap = new SapConnector({ baseUrl: config.ERP_URL, user: config.ERP_USER, password: config.ERP_PASSWORD }, logger);
    this.edi = new EdiConnector(
      { exchangeDir: config.EDI_EXCHANGE_DIR, stateDir: config.INVENTORY_EDI_STATE_DIR ?? join(config.EDI_EXCHANGE_DIR, '.connector-inventory'), pollIntervalMs: config.INVENTORY_EDI_POLL_INTERVAL_MS },
      { logger },
    );
    this.ledger = new StockLedger(this.store);
    this.directory = new LocationDirectory({
      store: this.store,
      sources: { '3pl-us': () => this.shipbob.locations(), webstore: () => this.shopify.locations() },
      statics: config.STATIC_LOCATIONS,
      ttlMs: config.LOCATIONS_TTL_MS,
      logger,
    });
    this.writer = new LedgerWriter(this.ledger, this.store, (id) => this.sellable(id), logger);
    this.storeSeed = new StoreStockSeed(this.shopify, this.writer, this.health, config.STORE_STOCK_RESEED_INTERVAL_MS, logger);
    this.caches = new StockCaches(
      this.store,
      {
        '3pl-us': (skus) => this.shipbob.inventoryLevels(skus),
        webstore: async (skus) => {
          const { records, uncovered } = this.storeSeed.lookup(skus);
          return uncovered.length ? [...records, ...(await this.shopify.inventoryLevels(uncovered))] : records;
        },
        '3pl-eu': (skus) => this.edi.currentStock(skus),
        erp: (skus) => this.erpSync.records(skus),
      },
      this.writer,
      this.health,
      stockTimings(config),
    );
    this.reader = new StockReader(this.caches, this.ledger, this.directory, this.health, (system, skus) => {
      if (system === '3pl-us') return skus;
      // Store stock the copy put in the ledger needs no cache read; the rest is read (from the copy, or the shop).
      if (system === 'webstore') return this.storeSeed.unsynced(skus);
      return [];
    });
    this.erpSync = new ErpStockSync(this.sap, this.caches, this.health, config.ERP_STOCK_SYNC_INTERVAL_MS, logger);
    this.ediFeed = new EdiStockFeed(this.edi, this.caches, this.health, { pollIntervalMs: config.INVENTORY_EDI_POLL_INTERVAL_MS, staleAfterMs: config.EDI_STALE_AFTER_MS }, logger);
    this.erp = new ErpMasterData(this.sap, this.store, config.ERP_MASTER_DATA_TTL_MS);
    this.keys = new IdempotencyKeys(this.store);
    this.lowStock = new LowStockReport({ ledger: this.ledger, writer: this.writer, erp: this.erp, directory: this.directory });
  }

  /** Unknown locations (the directory not read yet, a centre it does not list) count as sellable. */
  private sellable(locationId: string): boolean {
    return this.directory.peek()?.byId.get(locationId)?.sellable ?? true;
  }

  /**
   * Start-up: locations, the store stock export, the 3PL-US SKU index, the first ERP sync, the EU
   * warehouse's files so far, and webhook subscriptions to `publicUrl`. Waits at most `STARTUP_TIMEOUT_MS`; whatever is not
   * done by then carries on in the background (and is retried).
   */
  async start(publicUrl: string): Promise<void> {
    this.registration = registerStockWebhooks({ shipbob: this.shipbob, shopify: this.shopify, publicUrl, shipBobTopics: this.config.SHIPBOB_WEBHOOK_TOPICS, logger: this.logger });
    const began = Date.now();
    const step = <T>(name: string, task: Promise<T>) =>
      task.finally(() => this.logger.info({ step: name, ms: Date.now() - began }, 'inventory start-up step done'));
    const work = Promise.allSettled([
      // Subscribed before the export, so no change falls between the copy and the first push.
      step('store stock export', Promise.allSettled([step('locations', this.directory.refresh()), step('webhooks', this.registration.done)]).then(() => this.storeSeed.start())),
      step('3pl-us sku index', this.shipBobIndexReady()),
      step('erp sync', this.erpSync.start()),
      step('eu warehouse feed', this.ediFeed.start().catch((error: unknown) => this.logger.error({ err: error, system: '3pl-eu' }, 'EU warehouse feed did not start'))),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.config.STARTUP_TIMEOUT_MS);
      timer.unref();
    });
    if ((await Promise.race([work, timeout])) === 'timeout') this.logger.warn({ timeoutMs: this.config.STARTUP_TIMEOUT_MS }, 'inventory start-up still running; serving meanwhile');
    clearTimeout(timer);
  }

  /**
   * The ShipBob connector reads its SKU → inventory id index at construction; a request that came
   * before it finished would walk the catalogue itself. Asking for a SKU that cannot exist waits for
   * that read and makes no call of its own.
   */
  private async shipBobIndexReady(): Promise<void> {
    await this.shipbob.inventoryLevels(['\u0000index-ready']).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.registration?.stop();
    this.erpSync.stop();
    await this.storeSeed.stop();
    await this.ediFeed.stop();
    await Promise.allSettled([this.shipbob.close(), this.shopify.close(), this.sap.close(), this.edi.close()]);
    if (this.ownsStore) await this.store.close();
  }
}

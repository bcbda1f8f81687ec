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
import { StockCopy } from './sync/stock-copy.ts';
import { registerStockWebhooks, type WebhookRegistration } from './webhooks/register.ts';

/**
 * Freshness per system: the 3PL-US is copied whole on an interval and pushes every change
 * (`STOCK_CACHE_TTL_MS`, long); the web store likewise (twice its export interval); the EU
 * warehouse pushes files and the ERP is synced on a timer, and reads of those two never leave the
 * process, so their entries only need to outlive the pushes.
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
  /** The web store's stock at every store (bulk export). */
  readonly storeCopy: StockCopy;
  /** The 3PL-US's stock at every centre (full read); absent when `SHIPBOB_STOCK_SYNC_INTERVAL_MS` is 0. */
  readonly shipBobCopy: StockCopy | undefined;
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
    const shipBobSyncMs = config.SHIPBOB_STOCK_SYNC_INTERVAL_MS;
    // The full read lists every item with its inventory id: it is the connector's SKU index as well.
    this.shipbob = new ShipBobConnector({ baseUrl: config.SHIPBOB_URL, token: config.SHIPBOB_TOKEN, webhookSecret: config.SHIPBOB_WEBHOOK_SECRET, prefetchSkuIndex: shipBobSyncMs === 0 }, logger);
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
    const retryMs = (intervalMs: number) => Math.min(intervalMs, 30_000);
    this.storeCopy = new StockCopy({
      system: 'webstore',
      what: 'bulk export',
      read: async () => ({ records: await this.shopify.exportInventoryLevels() }),
      // The ledger only: store stock is read through the cache for SKUs the export lacks.
      write: (facts, absent) => this.writer.apply('webstore', facts, absent),
      intervalMs: config.STORE_STOCK_RESEED_INTERVAL_MS,
      retryMs: retryMs(config.STORE_STOCK_RESEED_INTERVAL_MS),
      health: this.health,
      logger,
    });
    this.shipBobCopy = shipBobSyncMs > 0
      ? new StockCopy({
          system: '3pl-us',
          what: 'full stock read',
          read: () => this.shipbob.allInventoryLevels(),
          write: (facts, absent) => this.caches.push('3pl-us', facts, absent),
          intervalMs: shipBobSyncMs,
          retryMs: retryMs(shipBobSyncMs),
          health: this.health,
          logger,
        })
      : undefined;
    const shipBobCopy = this.shipBobCopy;
    this.caches = new StockCaches(
      this.store,
      {
        '3pl-us': (skus) => (shipBobCopy ? shipBobCopy.orLive(skus, (uncovered) => this.shipbob.inventoryLevels(uncovered)) : this.shipbob.inventoryLevels(skus)),
        webstore: (skus) => this.storeCopy.orLive(skus, (uncovered) => this.shopify.inventoryLevels(uncovered)),
        '3pl-eu': (skus) => this.edi.currentStock(skus),
        erp: (skus) => this.erpSync.records(skus),
      },
      this.writer,
      this.health,
      stockTimings(config),
    );
    this.reader = new StockReader(this.caches, this.ledger, this.directory, this.health, (system, skus) => {
      // Stock a copy put in the ledger needs no cache read; the rest is read (from the copy, or the system).
      if (system === '3pl-us') return shipBobCopy ? shipBobCopy.unsynced(skus) : skus;
      if (system === 'webstore') return this.storeCopy.unsynced(skus);
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
   * Start-up: locations, the store stock export, the 3PL-US full stock read (or, without it, its SKU
   * index), the first ERP sync, the EU warehouse's files so far, and webhook subscriptions to
   * `publicUrl`. Waits at most `STARTUP_TIMEOUT_MS`; whatever is not done by then carries on in the
   * background (and is retried).
   */
  async start(publicUrl: string): Promise<void> {
    this.registration = registerStockWebhooks({ shipbob: this.shipbob, shopify: this.shopify, publicUrl, shipBobTopics: this.config.SHIPBOB_WEBHOOK_TOPICS, logger: this.logger });
    const began = Date.now();
    const step = <T>(name: string, task: Promise<T>) =>
      task.finally(() => this.logger.info({ step: name, ms: Date.now() - began }, 'inventory start-up step done'));
    const subscribed = step('webhooks', this.registration.done);
    const shipBobCopy = this.shipBobCopy;
    const work = Promise.allSettled([
      // Subscribed before the copies are read, so no change falls between a copy and the first push.
      step('store stock export', Promise.allSettled([step('locations', this.directory.refresh()), subscribed]).then(() => this.storeCopy.start())),
      shipBobCopy ? step('3pl-us full stock read', subscribed.then(() => shipBobCopy.start())) : step('3pl-us sku index', this.shipBobIndexReady()),
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
    await Promise.all([this.storeCopy.stop(), this.shipBobCopy?.stop()]);
    await this.ediFeed.stop();
    await Promise.allSettled([this.shipbob.close(), this.shopify.close(), this.sap.close(), this.edi.close()]);
    if (this.ownsStore) await this.store.close();
  }
}

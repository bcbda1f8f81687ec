import type { MaterialRecord, ProductContent, SystemId } from '@ucg/connector-core';
import type { SapConnector } from '@ucg/connector-sap';
import type { ShopifyCollection, ShopifyConnector } from '@ucg/connector-shopify';
import type { WooCommerceConnector } from '@ucg/connector-woocommerce';
import type { Logger } from '@ucg/service-kit';
import { catalogProduct, categoriesOf, genericsWithoutContent, masterDataOf, mergeCatalog, withMaterials, type Categories, type MasterData } from '../model/merge.ts';
import type { CatalogIndex } from '../search/catalog-index.ts';
import type { PriceIndex } from '../search/price-index.ts';

export interface CatalogSources {
  shopify: ShopifyConnector;
  woo: WooCommerceConnector;
  sap: SapConnector;
}

export interface CatalogSyncOptions {
  /** First wait before a failed start-up read is tried again (doubling up to a minute). */
  retryMs: number;
  priceRefreshMs: number;
  /** 0: no periodic resync. */
  resyncMs: number;
  /**
   * How long start-up waits for the price list once the content is indexed; after that the index
   * serves and price sorts, filters and facets join when the list arrives.
   */
  priceWaitMs: number;
}

/** Runs one read; the start-up load retries, a periodic resync tries once. */
type Attempt = <T>(system: SystemId, what: string, run: () => Promise<T>) => Promise<T>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
const skusOf = (materials: readonly MaterialRecord[]) => materials.filter((m) => m.kind !== 'GENERIC').map((m) => m.material);

/**
 * Keeps the catalogue index in step with the legacy systems: the start-up load (web store export,
 * ERP material master and price list, marketplace products the web store does not sell), product
 * webhooks from the web store and the marketplace, a price-list refresh on an interval and an
 * occasional full resync (the ERP pushes nothing; a webhook may have been missed).
 */
export class CatalogSync {
  private master: MasterData = masterDataOf([]);
  private categories: Categories = categoriesOf([]);
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  private markLoaded!: () => void;
  /** Resolves once the first load is complete; webhooks wait for it. */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    private readonly sources: CatalogSources,
    private readonly index: CatalogIndex,
    private readonly prices: PriceIndex,
    /** Loads (and caches) the ERP's exchange rates, so no request waits for them. */
    private readonly warmRates: () => Promise<unknown>,
    private readonly options: CatalogSyncOptions,
    private readonly logger: Logger,
  ) {}

  /** The start-up load: every source is read in parallel where it can be, each retried until it answers. */
  async load(): Promise<void> {
    const started = Date.now();
    const took: Record<string, number> = {};
    const { prices } = await this.readAll(async (system, what, run) => {
      for (let wait = this.options.retryMs; ; wait = Math.min(wait * 2, 60_000)) {
        try {
          const result = await run();
          took[what] = Date.now() - started;
          return result;
        } catch (error) {
          if (this.stopped) throw error;
          this.logger.warn({ err: error, system, retryInMs: wait }, `catalogue start-up: reading ${what} failed; trying again`);
          await sleep(wait);
        }
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([prices.then(() => 'loaded' as const, () => 'waiting' as const), new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), this.options.priceWaitMs).unref()))]);
    clearTimeout(timer);
    this.markLoaded();
    this.logger.info({ products: this.index.size, ms: Date.now() - started, doneAfterMs: took }, 'catalogue index loaded');
    if (waited === 'waiting') {
      this.logger.warn({ waitedMs: this.options.priceWaitMs }, 'the ERP price list is still loading: serving meanwhile, without price sorts, filters and facets');
      prices.then(() => this.logger.info({ ms: Date.now() - started }, 'price list loaded'), () => undefined);
    }
    this.schedule();
  }

  /** Reads every source into the index; resolves once the content is indexed, with the price list still maybe under way. */
  private async readAll(attempt: Attempt): Promise<{ prices: Promise<unknown> }> {
    const { shopify, woo, sap } = this.sources;
    const materials = attempt('erp', 'the material master', () => sap.listProducts());
    // The ERP knows every SKU: the price list need not wait for the stores.
    const priceList = materials.then((m) => attempt('erp', 'the price list', () => this.prices.refresh(skusOf(m))));
    const rates = attempt('erp', 'exchange rates', this.warmRates);
    const prices = Promise.all([priceList, rates]);
    // Whoever awaits `prices` sees its failure; it must not go unhandled when the content read fails first.
    prices.catch(() => undefined);
    const [m, webstore, collections] = await Promise.all([
      materials,
      attempt('webstore', 'the web store catalogue', () => shopify.exportProducts()),
      attempt('webstore', 'collections', () => shopify.collections()),
    ]);
    const master = masterDataOf(m);
    const categories = categoriesOf(collections);
    // Products the web store does not sell are found in the marketplace by their ERP article number.
    const missing = genericsWithoutContent(master, webstore);
    const marketplace = missing.length ? await attempt('marketplace', 'marketplace-only products', () => woo.productsBySkus(missing)) : [];
    this.master = master;
    this.categories = categories;
    this.index.replaceAll(mergeCatalog(webstore, marketplace, master, categories));
    return { prices };
  }

  private schedule(): void {
    this.every(this.options.priceRefreshMs, async () => {
      await this.prices.refresh(this.index.skus());
    }, 'price list refresh');
    if (this.options.resyncMs > 0) {
      this.every(this.options.resyncMs, async () => {
        await (await this.readAll((_system, _what, run) => run())).prices;
      }, 'catalogue resync');
    }
  }

  private every(ms: number, run: () => Promise<void>, what: string): void {
    const tick = () => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        run()
          .catch((error: unknown) => this.logger.warn({ err: error }, `${what} failed; the index keeps what it had`))
          .finally(() => {
            if (!this.stopped) tick();
          });
      }, ms);
      timer.unref();
      this.timers.add(timer);
    };
    tick();
  }

  /** Learns the generic article (and its names) of SKUs the master data does not know yet. */
  private async learn(content: ProductContent): Promise<void> {
    const unknown = content.variants.map((v) => v.sku).filter((sku) => !this.master.genericOf.has(sku));
    if (!unknown.length) return;
    const variants = await this.sources.sap.products(unknown);
    const generics = [...new Set(variants.map((m) => m.genericMaterial).filter((g): g is string => !!g && !this.master.names.has(g)))];
    this.master = withMaterials(this.master, [...variants, ...(generics.length ? await this.sources.sap.products(generics) : [])]);
  }

  private async learnCollections(content: ProductContent): Promise<void> {
    if ((content.collections ?? []).every((h) => this.categories.byHandle.has(h))) return;
    const collections: ShopifyCollection[] = await this.sources.shopify.collections();
    this.categories = categoriesOf(collections);
  }

  /** `products/update` from the web store: re-reads the product (one request) and replaces it. */
  async webstoreProductChanged(handle: string): Promise<void> {
    await this.loaded;
    const [content] = await this.sources.shopify.productsByHandles([handle]);
    if (!content) {
      const gone = this.index.productByHandle(handle);
      if (gone?.source === 'webstore') this.index.remove(gone.key);
      return;
    }
    await Promise.all([this.learn(content), this.learnCollections(content)]);
    this.index.upsert(catalogProduct(content, this.master, this.categories));
  }

  /**
   * `product.updated` from the marketplace (a product or one of its variations): re-reads the
   * product with its variations. It changes the catalogue only for products the web store does
   * not sell; the web store describes the ones it does.
   */
  async marketplaceProductChanged(event: { nativeId: string; parentNativeId: string | null; sku: string | null }): Promise<void> {
    await this.loaded;
    const nativeId = event.parentNativeId ?? event.nativeId;
    const known = this.index.byNativeId('marketplace', nativeId);
    const lookup = known?.key ?? event.sku;
    if (!lookup) return;
    const found = await this.sources.woo.productsBySkus([lookup]);
    const content = found.find((c) => c.nativeId === nativeId) ?? found[0];
    if (!content) {
      if (known) this.index.remove(known.key);
      return;
    }
    await this.learn(content);
    const product = catalogProduct(content, this.master, this.categories);
    if (this.index.product(product.key)?.source === 'webstore') return;
    this.index.upsert(product);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

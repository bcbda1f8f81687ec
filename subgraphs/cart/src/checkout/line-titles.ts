import { ReadThroughCache } from '@ucg/cache';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { MaterialSource } from './ports.ts';

/**
 * Titles for order lines, as the ERP names its materials (cached for an hour). Best effort: an
 * order is accepted while the ERP is down, its lines then titled by SKU.
 */
export class LineTitles {
  private readonly cache: ReadThroughCache<string>;

  constructor(
    source: MaterialSource,
    store: Store,
    private readonly logger: Logger,
  ) {
    this.cache = new ReadThroughCache<string>({
      store,
      namespace: 'material-title',
      ttlMs: 3_600_000,
      load: async (skus) => {
        const materials = await source.products(skus);
        return new Map(materials.map((m) => [m.material, m.names.find((n) => n.language === 'en')?.value ?? m.names[0]?.value ?? m.material]));
      },
    });
  }

  async titles(skus: readonly string[]): Promise<Map<string, string>> {
    try {
      const found = await this.cache.getMany(skus);
      return new Map(skus.map((sku) => [sku, found.get(sku)?.value ?? sku]));
    } catch (error) {
      this.logger.warn({ err: error }, 'material titles unavailable; order lines are titled by SKU');
      return new Map(skus.map((sku) => [sku, sku]));
    }
  }
}

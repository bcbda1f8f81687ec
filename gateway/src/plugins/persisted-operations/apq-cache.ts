import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';

/**
 * Apollo Server's APQ cache in the shared `Store` (Redis in production), so a query registered
 * with one gateway process is found by every other. A store failure is a miss, never an error:
 * the client then sends the full query and the request still succeeds.
 */
export class StoreKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly onLookup?: (hit: boolean) => void,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      const value = await this.store.get(key);
      this.onLookup?.(value !== null);
      return value ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'APQ cache read failed; treating as a miss');
      this.onLookup?.(false);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.store.set(key, value, options?.ttl ? { ttlMs: options.ttl * 1000 } : {});
  }

  async delete(key: string): Promise<boolean> {
    return (await this.store.del([key])) > 0;
  }
}

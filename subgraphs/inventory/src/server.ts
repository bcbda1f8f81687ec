import type { Logger } from '@ucg/service-kit';
import { createSubgraphServer, type SubgraphServer } from '@ucg/subgraph-kit';
import type { InventoryConfig } from './config.ts';
import { createLoaders } from './loaders/index.ts';
import { resolvers, type InventoryContext } from './resolvers/index.ts';
import { InventoryRuntime, type InventoryDeps } from './runtime.ts';
import { typeDefs } from './schema.ts';
import { stockWebhookRoutes } from './webhooks/stock-webhooks.ts';

export interface InventoryServer extends SubgraphServer {
  runtime: InventoryRuntime;
}

/**
 * The inventory subgraph: stock per SKU × location from the 3PL-US, the web store's retail stores,
 * the EU warehouse (846 files) and the ERP plant (periodic sync), cached in the store and netted
 * against carts' reservations by the stock ledger; webhook receivers for pushed stock changes.
 *
 * Start-up work (locations, first ERP sync, webhook registration at `INVENTORY_PUBLIC_URL`, default
 * the address it listens on) runs inside `http.listen`: before listening when the port is known,
 * so the process answers `/health` only once it is ready; right after when it is 0 (tests).
 */
export async function createInventoryServer(config: InventoryConfig, logger: Logger, deps: InventoryDeps = {}): Promise<InventoryServer> {
  const runtime = new InventoryRuntime(config, logger, deps);
  const server = await createSubgraphServer<InventoryContext>({
    name: 'inventory',
    typeDefs,
    resolvers: resolvers as never,
    contextSecret: config.CONTEXT_SECRET,
    logger,
    production: config.NODE_ENV === 'production',
    routes: stockWebhookRoutes({ caches: runtime.caches, copies: { '3pl-us': runtime.shipBobCopy, webstore: runtime.storeCopy }, shopify: runtime.shopify, secrets: { shipbob: config.SHIPBOB_WEBHOOK_SECRET, shopify: config.SHOPIFY_API_SECRET }, logger }),
    createContext: (base) => ({ ...base, runtime, loaders: createLoaders(runtime.reader) }),
    onClose: () => runtime.stop(),
  });
  const listen = server.http.listen.bind(server.http);
  const http: InventoryServer['http'] = {
    get server() {
      return server.http.server;
    },
    close: () => server.http.close(),
    async listen(port, host = config.UCG_HOST) {
      if (config.INVENTORY_PUBLIC_URL || port !== 0) {
        // A wildcard bind address is not one a sender can reach; loopback is (the stack's default).
        const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
        await runtime.start(config.INVENTORY_PUBLIC_URL ?? `http://${reachable}:${port}`);
        return listen(port, host);
      }
      const url = await listen(port, host);
      await runtime.start(url);
      return url;
    },
  };
  return { ...server, http, runtime };
}

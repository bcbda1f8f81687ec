import type { Logger } from '@ucg/service-kit';
import { createSubgraphServer, type SubgraphServer } from '@ucg/subgraph-kit';
import type { CatalogConfig } from './config.ts';
import { createLoaders } from './loaders/index.ts';
import { resolvers, type CatalogContext } from './resolvers/index.ts';
import { CatalogRuntime, type CatalogDeps } from './runtime.ts';
import { typeDefs } from './schema.ts';
import { catalogWebhookRoutes } from './webhooks/catalog-webhooks.ts';

export interface CatalogServer extends SubgraphServer {
  runtime: CatalogRuntime;
}

/**
 * The catalogue subgraph: products, variants and categories from an in-process index kept in step
 * with the web store, the marketplace and the ERP; prices from the ERP through `@ucg/pricing`.
 *
 * Start-up (webhook registration at `CATALOG_PUBLIC_URL`, default the address it listens on, and
 * the index load) runs inside `http.listen`: before listening when the port is known, so that the
 * process answers `/health` only once the index is loaded; right after when it is 0 (tests).
 */
export async function createCatalogServer(config: CatalogConfig, logger: Logger, deps: CatalogDeps = {}): Promise<CatalogServer> {
  const runtime = new CatalogRuntime(config, logger, deps);
  const server = await createSubgraphServer<CatalogContext>({
    name: 'catalog',
    typeDefs,
    resolvers: resolvers as never,
    contextSecret: config.CONTEXT_SECRET,
    logger,
    production: config.NODE_ENV === 'production',
    routes: catalogWebhookRoutes({ sync: runtime.sync, shopify: runtime.shopify, woo: runtime.woo, secrets: { shopify: config.SHOPIFY_API_SECRET, woo: config.WOO_WEBHOOK_SECRET }, logger }),
    createContext: (base) => ({ ...base, catalog: runtime, loaders: createLoaders(runtime.pricing, base.request.currency) }),
    onClose: () => runtime.stop(),
  });
  const listen = server.http.listen.bind(server.http);
  const http: CatalogServer['http'] = {
    get server() {
      return server.http.server;
    },
    close: () => server.http.close(),
    async listen(port, host = config.UCG_HOST) {
      if (config.CATALOG_PUBLIC_URL || port !== 0) {
        // A wildcard bind address is not one a sender can reach; loopback is (the stack's default).
        const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
        await runtime.start(config.CATALOG_PUBLIC_URL ?? `http://${reachable}:${port}`);
        return listen(port, host);
      }
      const url = await listen(port, host);
      await runtime.start(url);
      return url;
    },
  };
  return { ...server, http, runtime };
}

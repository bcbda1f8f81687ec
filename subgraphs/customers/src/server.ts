import { customerIdForEmail } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import { createStore, storeConfigFromEnv, type Store } from '@ucg/store';
import { createSubgraphServer, type SubgraphServer } from '@ucg/subgraph-kit';
import { createAccountCaches } from './cache/account-caches.ts';
import type { CustomersConfig } from './config.ts';
import { closeSystems, createSystems, type CustomerSystems } from './connectors.ts';
import type { CustomersContext } from './context.ts';
import { createLoaders } from './loaders/index.ts';
import { PERSON_ERASED_CHANNEL } from './privacy/erased-channel.ts';
import { ErasureRequests } from './privacy/erasure-requests.ts';
import { PrivacyService } from './privacy/service.ts';
import { privacySystems } from './privacy/systems.ts';
import { resolvers } from './resolvers/index.ts';
import { typeDefs } from './schema.ts';
import { accountWebhookRoutes, registerAccountWebhooks, WEBHOOK_PATHS, type WebhookRegistration } from './webhooks/account-webhooks.ts';

const DAY = 86_400_000;

export interface CustomersDeps {
  /** Shared with other subgraphs in tests and the embedded mode; otherwise made from `REDIS_*`. */
  store?: Store;
  /** Connectors to use instead of those the config describes (tests that count calls). */
  systems?: CustomerSystems;
}

/**
 * The customers subgraph: the CRM golden record joined with store accounts, and privacy requests.
 * A person's legacy data is cached in the Store per customer id and forgotten when the systems
 * push a change; the push subscriptions are made at `CUSTOMERS_PUBLIC_URL` (default: the address
 * it listens on) once listening, and `http.listen` resolves after the first attempt.
 */
export async function createCustomersServer(config: CustomersConfig, logger: Logger, deps: CustomersDeps = {}): Promise<SubgraphServer> {
  const ownStore = !deps.store;
  const store = deps.store ?? createStore(storeConfigFromEnv());
  const systems = deps.systems ?? createSystems(config, logger);
  const caches = createAccountCaches({
    store,
    systems,
    logger,
    ttl: { crmMs: config.CRM_CACHE_TTL_MS, accountsMs: config.ACCOUNTS_CACHE_TTL_MS, webOrdersMs: config.WEB_ORDERS_CACHE_TTL_MS, staleIfErrorMs: config.PERSONAL_CACHE_STALE_IF_ERROR_MS, answerWithinMs: config.LEGACY_ANSWER_WITHIN_MS },
  });
  const requests = new ErasureRequests(store, {
    dedupeWindowMs: config.ERASURE_DEDUPE_WINDOW_MS,
    recordTtlMs: config.ERASURE_RECORD_TTL_DAYS * DAY,
    leaseMs: config.ERASURE_LEASE_MS,
  });
  const privacy = new PrivacyService(privacySystems(systems, store), systems, requests, async (email) => {
    await caches.forgetEverything([email]);
    await store.publish(PERSON_ERASED_CHANNEL, customerIdForEmail(email));
  });
  const secrets = { shopify: config.SHOPIFY_API_SECRET, woo: config.WOO_WEBHOOK_SECRET, hubspot: config.HUBSPOT_CLIENT_SECRET };
  let publicUrl: string | undefined;
  let registration: WebhookRegistration | undefined;

  const server = await createSubgraphServer<CustomersContext>({
    name: 'customers',
    typeDefs,
    resolvers: resolvers as never,
    contextSecret: config.CONTEXT_SECRET,
    logger,
    production: config.NODE_ENV === 'production',
    routes: accountWebhookRoutes({ caches, systems, secrets, logger, crmTargetUrl: () => (publicUrl ? `${publicUrl}${WEBHOOK_PATHS.crm}` : undefined) }),
    createContext: (base) => ({
      ...base,
      systems,
      privacy,
      pointValueUsd: config.LOYALTY_POINT_VALUE_USD,
      loaders: createLoaders({ systems, caches, store, fxCacheTtlMs: config.FX_CACHE_TTL_MS }),
    }),
    onClose: async () => {
      registration?.stop();
      if (!deps.systems) await closeSystems(systems);
      if (ownStore) await store.close();
    },
  });
  const listen = server.http.listen.bind(server.http);
  return {
    ...server,
    http: {
      get server() {
        return server.http.server;
      },
      close: () => server.http.close(),
      async listen(port, host = config.UCG_HOST) {
        const url = await listen(port, host);
        // A wildcard bind address is not one a sender can reach; loopback is (the stack's default).
        publicUrl = (config.CUSTOMERS_PUBLIC_URL ?? url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//127.0.0.1')).replace(/\/+$/, '');
        registration = registerAccountWebhooks({ systems, secrets, publicUrl, logger });
        await registration.done;
        return url;
      },
    },
  };
}

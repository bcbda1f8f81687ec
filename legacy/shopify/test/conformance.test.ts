import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createAdminApiClient } from '@shopify/admin-api-client';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyStandIn } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';
const SEED = { scale: 0.05 };
const STORE = 'ucg-webstore.myshopify.com';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((c) => c())); });

async function standIn() {
  const s = createShopifyStandIn({ seed: SEED });
  const url = await s.app.listen({ port: 0, host: '127.0.0.1' });
  closers.push(() => s.app.close());
  return { s, url };
}

/**
 * The client always builds `https://<storeDomain>/admin/api/<version>/graphql.json` (it forces
 * https). Its documented `customFetchApi` option replaces the transport; this one sends the very
 * request the client built to the stand-in's origin instead, changing nothing else.
 */
function toStandIn(origin: string) {
  return (url: string, init?: RequestInit) => fetch(url.replace(`https://${STORE}`, origin), init);
}

interface PageData {
  products: { edges: { cursor: string; node: { handle: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('@shopify/admin-api-client against the stand-in', () => {
  it('builds the Admin API URL the stand-in serves', async () => {
    const { url } = await standIn();
    const client = createAdminApiClient({ storeDomain: STORE, apiVersion: '2026-01', accessToken: 'shpat_ucg_dev', customFetchApi: toStandIn(url), logger: () => {} });
    expect(client.getApiUrl()).toBe(`https://${STORE}/admin/api/2026-01/graphql.json`);
  });

  it('runs a product query', async () => {
    const { s, url } = await standIn();
    const client = createAdminApiClient({ storeDomain: STORE, apiVersion: '2026-01', accessToken: 'shpat_ucg_dev', customFetchApi: toStandIn(url), logger: () => {} });
    const product = s.state.products[0]!;
    const { data, errors, extensions } = await client.request(`query ProductQuery($id: ID!) { product(id: $id) { id title handle } }`, {
      variables: { id: `gid://shopify/Product/${product.legacyId}` },
    });
    expect(errors).toBeUndefined();
    expect(data).toEqual({ product: { id: `gid://shopify/Product/${product.legacyId}`, title: product.seed.title.en, handle: product.seed.handle } });
    expect(extensions?.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });

  it('pages with first/after cursors', async () => {
    const { s, url } = await standIn();
    const client = createAdminApiClient({ storeDomain: STORE, apiVersion: '2026-01', accessToken: 'shpat_ucg_dev', customFetchApi: toStandIn(url), logger: () => {} });
    const query = `query Page($after: String) { products(first: 40, after: $after) { edges { cursor node { handle } } pageInfo { hasNextPage endCursor } } }`;
    const handles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: PageData = (await client.request<PageData>(query, { variables: { after } })).data!;
      handles.push(...page.products.edges.map((e) => e.node.handle));
      if (!page.products.pageInfo.hasNextPage) break;
      after = page.products.pageInfo.endCursor;
    }
    expect(handles).toEqual(s.state.products.map((p) => p.seed.handle));
  });

  it('runs a mutation and reports its user errors', async () => {
    const { url } = await standIn();
    const client = createAdminApiClient({ storeDomain: STORE, apiVersion: '2026-01', accessToken: 'shpat_ucg_dev', customFetchApi: toStandIn(url), logger: () => {} });
    const mutation = `mutation Sub($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
      webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { webhookSubscription { id topic uri format } userErrors { field message } }
    }`;
    const created = await client.request(mutation, { variables: { topic: 'ORDERS_CREATE', sub: { uri: 'https://hooks.example.com/orders', format: 'JSON' } } });
    expect(created.data.webhookSubscriptionCreate).toMatchObject({ webhookSubscription: { topic: 'ORDERS_CREATE', uri: 'https://hooks.example.com/orders', format: 'JSON' }, userErrors: [] });
    const refused = await client.request(mutation, { variables: { topic: 'ORDERS_CREATE', sub: { uri: 'http://hooks.example.com/orders' } } });
    expect(refused.data.webhookSubscriptionCreate.userErrors[0].message).toMatch(/protocol http/);
  });

  it('surfaces a wrong token as the client reports HTTP errors', async () => {
    const { url } = await standIn();
    const client = createAdminApiClient({ storeDomain: STORE, apiVersion: '2026-01', accessToken: 'shpat_wrong', customFetchApi: toStandIn(url), logger: () => {} });
    const { errors } = await client.request('{ shop { name } }');
    expect(errors?.networkStatusCode).toBe(401);
  });
});

describe('@shopify/shopify-api webhook validation of the stand-in\'s deliveries', () => {
  it('accepts a genuine delivery and refuses a tampered one', async () => {
    const { s, url } = await standIn();
    const shopify = shopifyApi({
      apiKey: 'ucg-app', apiSecretKey: s.apiSecret, scopes: ['read_inventory'], hostName: 'graph.ucg.example',
      apiVersion: ApiVersion.January26, isEmbeddedApp: false, logger: { level: LogSeverity.Error, log: async () => {} },
    });
    const results: unknown[] = [];
    const received = new Promise<void>((resolve) => {
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const rawBody = Buffer.concat(chunks).toString('utf8');
          results.push(await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res }));
          results.push(await shopify.webhooks.validate({ rawBody: rawBody.replace('"available":', '"available":1'), rawRequest: req, rawResponse: res }));
          res.writeHead(200).end();
          resolve();
        });
      });
      server.listen(0, '127.0.0.1', async () => {
        closers.push(() => new Promise((r) => server.close(r)));
        const hook = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks`;
        await fetch(`${url}/admin/api/2026-01/graphql.json`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_ucg_dev' },
          body: JSON.stringify({ query: `mutation { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: "${hook}", format: JSON }) { userErrors { message } } }` }),
        });
        const level = [...s.state.levels.values()][0]!;
        await fetch(`${url}/__sandbox/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: level.sku, location: level.locationId, delta: -1 }) });
      });
    });
    await received;
    expect(results[0]).toMatchObject({ valid: true, topic: 'INVENTORY_LEVELS_UPDATE', domain: STORE, apiVersion: '2026-01' });
    expect(results[1]).toMatchObject({ valid: false, reason: 'invalid_hmac' });
  });
});

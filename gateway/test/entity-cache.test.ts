import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apolloHandler, createHttpService, createLogger, type HttpService } from '@ucg/service-kit';
import { StockLedger } from '@ucg/stock-ledger';
import { MemoryStore } from '@ucg/store';
import { createGateway, loadConfig, mintDevToken, type Gateway } from '../src/index.ts';

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';
const catalogSdl = `${link}
type Query { variants(skus: [ID!]!): [Variant!]! }
type Variant @key(fields: "sku") { sku: ID! title: String! }`;
const inventorySdl = `${link}
type Variant @key(fields: "sku") { sku: ID! stock: Int! myHold: Int! }`;

type Hinted = GraphQLResolveInfo & { cacheControl: { setCacheHint(hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' }): void } };
const hint = (info: GraphQLResolveInfo, scope: 'PUBLIC' | 'PRIVATE') => (info as Hinted).cacheControl.setCacheHint({ maxAge: 30, scope });

function subgraph(name: string, sdl: string, resolvers: object): HttpService {
  const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]), logger: createLogger(name, { level: 'silent' }) });
  const started = apollo.start();
  const graphql = apolloHandler(apollo, { context: async () => ({}) });
  return createHttpService({
    name,
    logger: createLogger(name, { level: 'silent' }),
    routes: [{ path: '/graphql', handler: async (req, res, u) => ((await started), graphql(req, res, u)) }],
    onClose: () => apollo.stop(),
  });
}

describe('entity cache at the subgraph data source', () => {
  const stock = new Map([['A', 1], ['B', 2], ['C', 3], ['D', 4], ['E', 5]]);
  /** Every entity the inventory subgraph resolved, in order. */
  const asked: string[] = [];
  const store = new MemoryStore();
  let catalog: HttpService;
  let inventory: HttpService;
  let gateway: Gateway;
  let url: string;
  let config: ReturnType<typeof loadConfig>;
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    catalog = subgraph('catalog', catalogSdl, { Query: { variants: (_: unknown, { skus }: { skus: string[] }) => skus.map((sku) => ({ sku, title: `Item ${sku}` })) } });
    inventory = subgraph('inventory', inventorySdl, {
      Variant: {
        __resolveReference: (ref: { sku: string }, _ctx: unknown, info: GraphQLResolveInfo) => {
          hint(info, 'PUBLIC');
          asked.push(ref.sku);
          return { sku: ref.sku, stock: stock.get(ref.sku) };
        },
        myHold: (_: unknown, __: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
          hint(info, 'PRIVATE');
          return asked.length; // differs per fetch: a shared copy would show
        },
      },
    });
    const catalogUrl = `${await catalog.listen(0)}/graphql`;
    const inventoryUrl = `${await inventory.listen(0)}/graphql`;
    const composed = composeServices([
      { name: 'catalog', url: catalogUrl, typeDefs: parse(catalogSdl) },
      { name: 'inventory', url: inventoryUrl, typeDefs: parse(inventorySdl) },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'ucg-gw-entities-'));
    writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl!);
    config = loadConfig({
      NODE_ENV: 'test', SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'), SUPERGRAPH_WATCH: 'false', MANIFEST_DIR: join(dir, 'none'),
      CATALOG_URL: catalogUrl, INVENTORY_URL: inventoryUrl, RATE_LIMIT_ENABLED: 'false', RESPONSE_CACHE_ENABLED: 'false', ENTITY_CACHE_ENABLED: 'true', ENTITY_CACHE_SHARED: 'true',
    });
    ({ gateway, url } = await startGateway());
  });
  /** Another gateway process on the same store (Redis in production). */
  const startGateway = async () => {
    const started = await createGateway(config, createLogger('gateway', { level: 'silent' }), { store });
    gateways.push(started);
    return { gateway: started, url: `${await started.http.listen(0)}/graphql` };
  };
  afterAll(async () => {
    for (const started of gateways) await started.http.close();
    await Promise.all([catalog?.close(), inventory?.close()]);
  });

  const query = async (skus: string[], fields = 'sku title stock', headers: Record<string, string> = {}, to = url) => {
    const res = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: `query Q($skus: [ID!]!) { variants(skus: $skus) { ${fields} } }`, variables: { skus } }) });
    return (await res.json()) as { data: { variants: Record<string, unknown>[] }; errors?: unknown[] };
  };

  it('sends only the entities it does not hold, and answers the same as the subgraph would', async () => {
    expect((await query(['A', 'B'])).data.variants).toEqual([{ sku: 'A', title: 'Item A', stock: 1 }, { sku: 'B', title: 'Item B', stock: 2 }]);
    const before = asked.length;
    expect((await query(['A', 'B'])).data.variants).toEqual([{ sku: 'A', title: 'Item A', stock: 1 }, { sku: 'B', title: 'Item B', stock: 2 }]);
    expect(asked.length).toBe(before); // all held: no fetch
    expect((await query(['C', 'A', 'B'])).data.variants.map((v) => v.stock)).toEqual([3, 1, 2]);
    expect(asked.slice(before)).toEqual(['C']);
  });

  it('fetches an entity again as soon as the stock ledger announces a change of its SKU', async () => {
    await query(['A', 'B']);
    stock.set('A', 9);
    const before = asked.length;
    expect((await query(['A', 'B'])).data.variants[0]!.stock).toBe(1); // held: the subgraph was not asked
    await new StockLedger(store).setHeld('A', 'webstore:1', 9, { asOf: new Date().toISOString(), source: 'webstore' });
    await new Promise((r) => setTimeout(r, 60)); // announcements are coalesced for 20 ms
    expect((await query(['A', 'B'])).data.variants.map((v) => v.stock)).toEqual([9, 2]);
    expect(asked.slice(before)).toEqual(['A']);
  });

  it('keeps entities the subgraph marked private to the caller they were fetched for', async () => {
    const ava = { authorization: `Bearer ${await mintDevToken({ email: 'ava@example.com' })}` };
    const ben = { authorization: `Bearer ${await mintDevToken({ email: 'ben@example.com' })}` };
    const first = await query(['B'], 'sku myHold', ava);
    const again = await query(['B'], 'sku myHold', ava);
    expect(again.data.variants).toEqual(first.data.variants);
    const fetchesBefore = asked.length;
    const other = await query(['B'], 'sku myHold', ben);
    expect(asked.length).toBe(fetchesBefore + 1); // Ben's is fetched for Ben
    expect(other.data.variants[0]!.myHold).not.toBe(first.data.variants[0]!.myHold);
  });

  it('serves entities another gateway process fetched (the shared tier), until their SKU changes', async () => {
    const second = await startGateway();
    expect((await query(['D'])).data.variants).toEqual([{ sku: 'D', title: 'Item D', stock: 4 }]);
    await new Promise((r) => setTimeout(r, 20)); // the shared copy is written after the answer
    const before = asked.length;
    expect((await query(['D'], undefined, {}, second.url)).data.variants).toEqual([{ sku: 'D', title: 'Item D', stock: 4 }]);
    expect(asked.length).toBe(before); // the second process did not ask the subgraph
    expect(await metricValue(second.gateway, 'shared_hit')).toBe(1);

    stock.set('D', 8);
    await new StockLedger(store).setHeld('D', 'webstore:1', 8, { asOf: new Date().toISOString(), source: 'webstore' });
    await new Promise((r) => setTimeout(r, 60));
    // The shared copy still says 4: a process that heard of the change does not serve it.
    expect((await query(['D'], undefined, {}, second.url)).data.variants[0]!.stock).toBe(8);
  });

  it('never serves a shared entity fetched before this process began to hear of stock changes', async () => {
    expect((await query(['E'])).data.variants[0]!.stock).toBe(5);
    await new Promise((r) => setTimeout(r, 20));
    stock.set('E', 10);
    await new StockLedger(store).setHeld('E', 'webstore:1', 10, { asOf: new Date().toISOString(), source: 'webstore' });
    await new Promise((r) => setTimeout(r, 60));
    // Started after the change, it cannot know the shared copy (5) is out of date: it must not trust it.
    const late = await startGateway();
    expect((await query(['E'], undefined, {}, late.url)).data.variants[0]!.stock).toBe(10);
  });
});

/** The entity cache's counter for one outcome at this gateway, over all subgraphs. */
async function metricValue(gateway: Gateway, result: string): Promise<number> {
  const text = await gateway.metrics!.registry.metrics();
  return [...text.matchAll(new RegExp(`^ucg_gateway_entity_cache_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

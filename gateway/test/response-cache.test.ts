import { mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
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
import { compressFrom } from '../src/response-cache/store.ts';

/** A catalog whose answers say how long they may be cached (as the real subgraphs' @cacheControl does). */
const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
type Query {
  product(id: ID!): Product
  slowProduct(id: ID!): Product
  wishlist: String
}
type Mutation { restock(id: ID!): Int! }
type Product @key(fields: "id") { id: ID! sku: String! name: String! stock: Int! }`;

type Hinted = GraphQLResolveInfo & { cacheControl: { setCacheHint(hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' }): void } };
const publicFor = (seconds: number) => (info: GraphQLResolveInfo) => (info as Hinted).cacheControl.setCacheHint({ maxAge: seconds, scope: 'PUBLIC' });

describe('response cache and in-flight de-duplication', () => {
  const stock = new Map([['p1', 5], ['p2', 7]]);
  let calls = 0;
  let wishlists = 0;
  const names = new Map<string, string>();
  /** The store gateway and stock ledger share (Redis in production), so the ledger's announcements reach the gateway. */
  const store = new MemoryStore();
  let subgraph: HttpService;
  let gateway: Gateway;
  let url: string;

  const gateways: Gateway[] = [];
  let subgraphUrl: string;
  const start = async (env: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'ucg-gw-cache-'));
    const supergraphPath = join(dir, 'supergraph.graphql');
    const composed = composeServices([{ name: 'catalog', url: subgraphUrl, typeDefs: parse(sdl) }]);
    writeFileSync(supergraphPath, composed.supergraphSdl!);
    const config = loadConfig({ NODE_ENV: 'test', SUPERGRAPH_PATH: supergraphPath, SUPERGRAPH_WATCH: 'false', MANIFEST_DIR: join(dir, 'none'), CATALOG_URL: subgraphUrl, RATE_LIMIT_ENABLED: 'false', ...env });
    const started = await createGateway(config, createLogger('gateway', { level: 'silent' }), { store });
    gateways.push(started);
    return { gateway: started, url: `${await started.http.listen(0)}/graphql` };
  };

  beforeAll(async () => {
    const product = (id: string) => (stock.has(id) ? { id, sku: `SKU-${id}`, name: names.get(id) ?? `Product ${id}`, stock: stock.get(id) } : null);
    const apollo = new ApolloServer({
      schema: buildSubgraphSchema([
        {
          typeDefs: parse(sdl),
          resolvers: {
            Query: {
              product: (_: unknown, { id }: { id: string }, _ctx: unknown, info: GraphQLResolveInfo) => {
                publicFor(30)(info);
                return product(id);
              },
              slowProduct: async (_: unknown, { id }: { id: string }, _ctx: unknown, info: GraphQLResolveInfo) => {
                publicFor(30)(info);
                await new Promise((r) => setTimeout(r, 150));
                return product(id);
              },
              wishlist: (_: unknown, __: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
                (info as Hinted).cacheControl.setCacheHint({ maxAge: 30, scope: 'PRIVATE' });
                wishlists++;
                return `wishlist #${wishlists}`;
              },
            },
            Mutation: {
              restock: (_: unknown, { id }: { id: string }) => {
                stock.set(id, (stock.get(id) ?? 0) + 1);
                return stock.get(id);
              },
            },
          } as never,
        },
      ]),
      logger: createLogger('catalog', { level: 'silent' }),
    });
    await apollo.start();
    const graphql = apolloHandler(apollo, { context: async () => ({}) });
    subgraph = createHttpService({
      name: 'catalog',
      logger: createLogger('catalog', { level: 'silent' }),
      routes: [{ path: '/graphql', handler: (req, res, u) => ((calls++, graphql(req, res, u))) }],
      onClose: () => apollo.stop(),
    });
    subgraphUrl = `${await subgraph.listen(0)}/graphql`;
    ({ gateway, url } = await start({ RESPONSE_CACHE_MAX_TTL_MS: '400' }));
  });
  afterAll(async () => {
    for (const started of gateways) await started.http.close();
    await subgraph?.close();
  });

  const get = (query: string, variables?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}?query=${encodeURIComponent(query)}${variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : ''}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });

  it('answers a public GET again from the cache, with an ETag that gives 304, without calling the subgraph', async () => {
    const query = 'query P($id: ID!) { product(id: $id) { id name stock } }';
    const first = await get(query, { id: 'p1' });
    expect(first.headers.get('x-ucg-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toBe('max-age=30, public');
    const body = await first.text();
    const before = calls;
    const second = await get(query, { id: 'p1' });
    expect(second.headers.get('x-ucg-cache')).toBe('HIT');
    expect(await second.text()).toBe(body);
    expect(calls).toBe(before);
    const etag = second.headers.get('etag')!;
    const revalidated = await get(query, { id: 'p1' }, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    // Other variables are another answer.
    const other = await get(query, { id: 'p2' });
    expect(other.headers.get('x-ucg-cache')).toBe('MISS');
    expect(await other.json()).toEqual({ data: { product: { id: 'p2', name: 'Product p2', stock: 7 } } });
  });

  it('sends a cached answer gzip-compressed to a client that takes gzip, as is to one that does not', async () => {
    // 25 aliases of a product with a long name: an answer above the size from which answers are compressed.
    stock.set('p3', 1);
    names.set('p3', 'A long product name '.repeat(40));
    const query = `{ ${Array.from({ length: 25 }, (_, i) => `p${i}: product(id: "p3") { id sku name }`).join(' ')} }`;
    const rawGet = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(`${url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    const first = await rawGet({});
    expect([first.headers['x-ucg-cache'], first.headers['cache-control']]).toEqual(['MISS', 'max-age=30, public']);
    await new Promise((r) => setTimeout(r, 50)); // compressed off the event loop, after the answer
    const gzipped = await rawGet({ 'accept-encoding': 'br;q=1, gzip;q=0.8' });
    expect([gzipped.headers['x-ucg-cache'], gzipped.headers['content-encoding'], gzipped.headers.vary]).toEqual(['HIT', 'gzip', 'accept-encoding']);
    expect(gunzipSync(gzipped.body).toString()).toBe(first.body.toString());
    expect(first.body.length).toBeGreaterThan(compressFrom);
    expect(gzipped.body.length).toBeLessThan(first.body.length / 4);
    for (const refusing of [{}, { 'accept-encoding': 'gzip;q=0, identity' }] as Record<string, string>[]) {
      const plain = await rawGet(refusing);
      expect([plain.headers['x-ucg-cache'], plain.headers['content-encoding']]).toEqual(['HIT', undefined]);
      expect(plain.body.toString()).toBe(first.body.toString());
    }
    // Two representations, two validators; either one held revalidates.
    expect(gzipped.headers.etag).not.toBe(first.headers.etag);
    for (const etag of [gzipped.headers.etag!, first.headers.etag!]) expect((await rawGet({ 'if-none-match': etag, 'accept-encoding': 'gzip' })).status).toBe(304);
  });

  it('keeps an answer fresh for RESPONSE_CACHE_MAX_TTL_MS, then answers it stale once while fetching the new one', async () => {
    const query = '{ product(id: "p2") { stock } }';
    expect(await (await get(query)).json()).toEqual({ data: { product: { stock: 7 } } });
    stock.set('p2', 3);
    const fresh = await get(query);
    expect([fresh.headers.get('x-ucg-cache'), await fresh.json()]).toEqual(['HIT', { data: { product: { stock: 7 } } }]);
    await new Promise((r) => setTimeout(r, 450));
    const stale = await get(query);
    expect([stale.headers.get('x-ucg-cache'), await stale.json()]).toEqual(['STALE', { data: { product: { stock: 7 } } }]);
    // The stale answer's request fetched the new stock in the background.
    await new Promise((r) => setTimeout(r, 100));
    const next = await get(query);
    expect([next.headers.get('x-ucg-cache'), await next.json()]).toEqual(['HIT', { data: { product: { stock: 3 } } }]);
  });

  it('drops a cached answer as soon as the stock ledger announces a change of a SKU it shows, well before its TTL (400 ms here)', async () => {
    const ledger = new StockLedger(store);
    const query = '{ product(id: "p1") { sku stock } }';
    const other = '{ product(id: "p2") { sku stock } }';
    expect(await (await get(query)).json()).toEqual({ data: { product: { sku: 'SKU-p1', stock: 5 } } });
    await get(other);
    stock.set('p1', 4);
    expect((await get(query)).headers.get('x-ucg-cache')).toBe('HIT');
    await ledger.setHeld('SKU-p1', 'webstore:1', 4, { asOf: new Date().toISOString(), source: 'webstore' });
    await new Promise((r) => setTimeout(r, 60)); // announcements are coalesced for 20 ms
    const after = await get(query);
    expect([after.headers.get('x-ucg-cache'), await after.json()]).toEqual(['MISS', { data: { product: { sku: 'SKU-p1', stock: 4 } } }]);
    expect((await get(other)).headers.get('x-ucg-cache')).toBe('HIT'); // answers not showing the SKU stay
    stock.set('p1', 5);
  });

  it('does not store an answer computed while the stock it shows changed', async () => {
    const ledger = new StockLedger(store);
    const query = '{ slowProduct(id: "p2") { sku stock } }';
    const pending = get(query); // the subgraph takes 150 ms
    await new Promise((r) => setTimeout(r, 50));
    await ledger.setHeld('SKU-p2', 'webstore:1', 7, { asOf: new Date().toISOString(), source: 'webstore' });
    await new Promise((r) => setTimeout(r, 40));
    expect((await pending).headers.get('x-ucg-cache')).toBe('MISS');
    expect((await get(query)).headers.get('x-ucg-cache')).toBe('MISS');
    expect((await get(query)).headers.get('x-ucg-cache')).toBe('HIT');
  });

  const post = (query: string, headers: Record<string, string> = {}, to = url) =>
    fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

  it('keeps a private answer for its one caller only, and never for an anonymous one', async () => {
    const [ava, ben] = await Promise.all([mintDevToken({ email: 'ava.chen@example.com' }), mintDevToken({ email: 'ben.ode@example.com' })]);
    const asAva = { authorization: `Bearer ${ava}` };
    const first = await post('{ wishlist }', asAva);
    const mine = await first.json();
    expect([first.headers.get('x-ucg-cache'), first.headers.get('cache-control')]).toEqual(['MISS', 'max-age=30, private']);
    const again = await post('{ wishlist }', asAva);
    expect([again.headers.get('x-ucg-cache'), again.headers.get('cache-control'), await again.json()]).toEqual(['HIT', 'max-age=30, private', mine]);
    // Another customer asking the same gets their own answer, never Ava's.
    const bens = await post('{ wishlist }', { authorization: `Bearer ${ben}` });
    expect(bens.headers.get('x-ucg-cache')).toBe('MISS');
    expect(await bens.json()).not.toEqual(mine);
    // Without credentials a private answer is not kept at all (GET), and an anonymous POST always runs.
    const anonymous = [await get('{ wishlist }'), await get('{ wishlist }')];
    expect(anonymous.map((r) => r.headers.get('x-ucg-cache'))).toEqual(['MISS', 'PASS']);
    const [a, b] = await Promise.all(anonymous.map((r) => r.json()));
    expect(a).not.toEqual(b);
    const posted = [await post('{ wishlist }'), await post('{ wishlist }')];
    expect(posted.map((r) => r.headers.get('x-ucg-cache'))).toEqual([null, null]);
  });

  it('answers a signed-in caller from the cache by identity, not by credential, and only while it verifies', async () => {
    const query = '{ product(id: "p1") { id name } }';
    const token = await mintDevToken({ email: 'cara.diaz@example.com' });
    const later = await mintDevToken({ email: 'cara.diaz@example.com' });
    expect((await post(query, { authorization: `Bearer ${token}` })).headers.get('x-ucg-cache')).toBe('MISS');
    // A second token of the same customer is the same caller.
    expect((await post(query, { authorization: `Bearer ${later}` })).headers.get('x-ucg-cache')).toBe('HIT');
    const forged = await post(query, { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('x-ucg-cache')).toBeNull();
    expect(((await forged.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('never stores the answer of a mutation', async () => {
    const mutation = 'mutation { restock(id: "p2") }';
    const headers = { authorization: `Bearer ${await mintDevToken({ email: 'eve.fox@example.com' })}` };
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) counts.push(((await (await post(mutation, headers)).json()) as { data: { restock: number } }).data.restock);
    expect(counts).toEqual([counts[0], counts[0]! + 1, counts[0]! + 2]);
  });

  it('still draws a signed-in caller\'s cached answers from their rate limit', async () => {
    const limited = await start({ RESPONSE_CACHE_MAX_TTL_MS: '5000', RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_CUSTOMER_BURST: '3', RATE_LIMIT_CUSTOMER_PER_S: '0.01' });
    const headers = { authorization: `Bearer ${await mintDevToken({ email: 'dan.eze@example.com' })}` };
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await post('{ product(id: "p1") { id } }', headers, limited.url);
      statuses.push([r.status, r.headers.get('x-ucg-cache')]);
    }
    expect(statuses.slice(0, 3)).toEqual([[200, 'MISS'], [200, 'HIT'], [200, 'HIT']]);
    expect(statuses.slice(3).map(([status]) => status)).toEqual([429, 429]);
  });

  it('sends identical GETs arriving together to the subgraph once', async () => {
    const before = calls;
    const answers = await Promise.all(Array.from({ length: 5 }, () => get('{ slowProduct(id: "p1") { id stock } }')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.headers.get('x-ucg-cache')))).toEqual(new Set(['MISS', 'COALESCED']));
    expect(calls).toBe(before + 1);
  });

  it('shares identical subgraph queries in flight between requests of the same caller, never between callers', async () => {
    // Spelled differently: separate requests to the gateway, one identical query to the subgraph.
    const spellings = ['{ slowProduct(id: "p2") { id } }', '{slowProduct(id: "p2") {id}}', 'query { slowProduct(id: "p2") { id } }'];
    const send = (query: string, headers: Record<string, string> = {}) => post(query, headers).then((r) => r.json());
    let before = calls;
    const same = await Promise.all(spellings.map((q) => send(q)));
    expect(same).toEqual(Array(3).fill({ data: { slowProduct: { id: 'p2' } } }));
    expect(calls).toBe(before + 1);
    before = calls;
    const [ava, ben] = await Promise.all([mintDevToken({ email: 'ava@example.com' }), mintDevToken({ email: 'ben@example.com' })]);
    await Promise.all([send(spellings[0]!, { authorization: `Bearer ${ava}` }), send(spellings[1]!, { authorization: `Bearer ${ben}` })]);
    expect(calls).toBe(before + 2);
  });
});

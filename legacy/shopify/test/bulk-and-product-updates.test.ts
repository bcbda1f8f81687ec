import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyStandIn } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((c) => c())); });

function shop() {
  const s = createShopifyStandIn({ seed: { scale: 0.05 } });
  closers.push(() => s.app.close());
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await s.app.inject({ method: 'POST', url: '/admin/api/2026-01/graphql.json', headers: { 'x-shopify-access-token': 'shpat_ucg_dev' }, payload: { query, variables } });
    return res.json();
  };
  return { s, gql };
}

const EXPORT = `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { code field message } } }`;
const PRODUCTS = `{ products { edges { node { id handle title variants { edges { node { id sku } } } media { edges { node { ... on MediaImage { id image { url } } } } } } } } }`;

async function completed(gql: ReturnType<typeof shop>['gql'], id: string) {
  for (let i = 0; i < 100; i++) {
    const { data } = await gql('query Poll($id: ID!) { node(id: $id) { ... on BulkOperation { id status objectCount rootObjectCount url errorCode } } }', { id });
    if (data.node.status !== 'CREATED' && data.node.status !== 'RUNNING') return data.node;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('bulk operation never finished');
}

describe('bulk operations', () => {
  it('exports every product with its variants and images as JSONL linked by __parentId, unthrottled', async () => {
    const { s, gql } = shop();
    const started = await gql(EXPORT, { query: PRODUCTS });
    expect(started.data.bulkOperationRunQuery).toEqual({ bulkOperation: { id: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\/\d+$/), status: 'CREATED' }, userErrors: [] });
    // The mutation costs 10 whatever it exports: the walk does not spend the bucket.
    expect(started.extensions.cost.actualQueryCost).toBe(10);

    const op = await completed(gql, started.data.bulkOperationRunQuery.bulkOperation.id);
    expect(op.status).toBe('COMPLETED');
    const file = await s.app.inject({ method: 'GET', url: new URL(op.url).pathname });
    expect(file.statusCode).toBe(200);
    const lines = file.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const products = lines.filter((l) => String(l.id).includes('/Product/'));
    const variants = lines.filter((l) => String(l.id).includes('/ProductVariant/'));
    const media = lines.filter((l) => String(l.id).includes('/MediaImage/'));

    expect(products.map((p) => p.handle)).toEqual(s.state.products.map((p) => p.seed.handle));
    expect(products.every((p) => p.__parentId === undefined && p.variants === undefined)).toBe(true);
    expect(variants).toHaveLength(s.state.products.reduce((n, p) => n + p.variants.length, 0));
    expect(media).toHaveLength(s.state.products.reduce((n, p) => n + p.seed.images.length, 0));
    const first = s.state.products[0]!;
    expect(variants.filter((v) => v.__parentId === `gid://shopify/Product/${first.legacyId}`).map((v) => v.sku)).toEqual(first.variants.map((v) => v.sku));
    expect(op).toMatchObject({ objectCount: String(lines.length), rootObjectCount: String(products.length), errorCode: null });

    const current = await gql('{ currentBulkOperation { id status } }');
    expect(current.data.currentBulkOperation).toEqual({ id: op.id, status: 'COMPLETED' });
  });

  it('refuses queries Shopify refuses, and a second operation while one runs', async () => {
    const { gql } = shop();
    const refused = async (query: string) => (await gql(EXPORT, { query })).data.bulkOperationRunQuery;
    expect(await refused('{ shop { name } }')).toEqual({ bulkOperation: null, userErrors: [{ code: 'INVALID', field: ['query'], message: 'Bulk queries must contain at least one connection.' }] });
    expect((await refused('{ products { nodes { handle variants { nodes { sku } } } } }')).userErrors[0].message).toMatch(/must select the 'id' field/);
    expect((await refused('{ products { nodes { nope } } }')).userErrors[0]).toMatchObject({ code: 'INVALID', message: expect.stringMatching(/Cannot query field "nope"/) });

    const [a, b] = await Promise.all([gql(EXPORT, { query: PRODUCTS }), gql(EXPORT, { query: PRODUCTS })]);
    const outcomes = [a, b].map((r) => r.data.bulkOperationRunQuery);
    expect(outcomes.filter((o) => o.bulkOperation).length).toBe(1);
    expect(outcomes.find((o) => !o.bulkOperation)!.userErrors[0].code).toBe('OPERATION_IN_PROGRESS');
  });
});

describe('products/update', () => {
  it('an admin edit changes the product and fires a signed products/update; reset restores it', async () => {
    const received: { body: string; headers: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { received.push({ body, headers: req.headers }); res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(r)));
    const { s, gql } = shop();
    const hook = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    const subscribed = await gql(`mutation { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: { uri: "${hook}" }) { webhookSubscription { topic } userErrors { message } } }`);
    expect(subscribed.data.webhookSubscriptionCreate).toEqual({ webhookSubscription: { topic: 'PRODUCTS_UPDATE' }, userErrors: [] });

    const product = s.state.products[1]!;
    const before = product.seed.title.en;
    const edit = await s.app.inject({ method: 'POST', url: '/__sandbox/products', payload: { handle: product.seed.handle, title: 'Renamed Trail Shell', tags: ['sale'] } });
    expect(edit.json()).toMatchObject({ handle: product.seed.handle, title: 'Renamed Trail Shell', tags: ['sale'] });
    await s.webhooks.drain();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers).toMatchObject({ 'x-shopify-topic': 'products/update', 'x-shopify-hmac-sha256': createHmac('sha256', 'shpss_ucg_dev').update(delivery!.body).digest('base64') });
    expect(JSON.parse(delivery!.body)).toMatchObject({
      id: product.legacyId, admin_graphql_api_id: `gid://shopify/Product/${product.legacyId}`, handle: product.seed.handle, title: 'Renamed Trail Shell', tags: 'sale',
      variants: product.variants.map((v) => expect.objectContaining({ sku: v.sku, product_id: product.legacyId })),
    });
    const read = async () => (await gql('query P($h: String!) { productByIdentifier(identifier: { handle: $h }) { title tags } }', { h: product.seed.handle })).data.productByIdentifier;
    expect(await read()).toEqual({ title: 'Renamed Trail Shell', tags: ['sale'] });

    expect((await s.app.inject({ method: 'POST', url: '/__sandbox/products', payload: { handle: 'no-such-product', title: 'x' } })).json().code).toBe('NOT_FOUND');
    await s.app.inject({ method: 'POST', url: '/__sandbox/reset' });
    expect((await read()).title).toBe(before);
  });
});

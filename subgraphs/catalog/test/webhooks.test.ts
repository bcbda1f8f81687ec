import { WooCommerceConnector } from '@ucg/connector-woocommerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type CatalogFixture } from './harness.ts';

const TITLE = 'query Title($handle: String!) { product(handle: $handle) { title tags } }';
const FIND = 'query Find($q: String!) { products(query: $q, first: 1) { nodes { handle title } } }';

/** Polls until `read` satisfies `done` (webhooks arrive asynchronously). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('keeping the index in step through webhooks', () => {
  let f: CatalogFixture;
  let woo: WooCommerceConnector;
  beforeAll(async () => {
    f = await startCatalog();
    woo = new WooCommerceConnector({ baseUrl: f.urls.marketplace, consumerKey: 'ck_ucg_dev', consumerSecret: 'cs_ucg_dev' });
  }, 60_000);
  afterAll(async () => {
    await woo?.close();
    await f?.close();
  });

  it('subscribed at start-up, through the connectors', () => {
    expect(f.standIns.webstore.state.webhooks.map((w) => [w.topic, w.uri])).toContainEqual(['PRODUCTS_UPDATE', `${f.url}/webhooks/webstore`]);
    expect([...f.standIns.marketplace.store().webhooks.values()].map((w) => [w.topic, w.delivery_url, w.status])).toContainEqual(['product.updated', `${f.url}/webhooks/marketplace`, 'active']);
  });

  it('a web store edit reaches the product page and search after one web store read', async () => {
    const product = f.index.retailer.products.find((p) => p.inWebStore && p.tags.length)!;
    f.resetCalls();
    const edited = await fetch(`${f.urls.webstore}/__sandbox/products`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: product.handle, title: 'Quokka Expedition Shell', tags: ['quokka-edition'] }) });
    expect(edited.status).toBe(200);
    const after = await eventually(() => f.query<{ product: { title: string; tags: string[] } }>(TITLE, { handle: product.handle }), (r) => r.data?.product?.title === 'Quokka Expedition Shell');
    expect(after.data!.product).toEqual({ title: 'Quokka Expedition Shell', tags: ['quokka-edition'] });
    expect((await f.query<{ products: { nodes: { handle: string }[] } }>(FIND, { q: 'quokka expedition' })).data!.products.nodes[0]!.handle).toBe(product.handle);
    const tagged = await f.query<{ products: { totalCount: number } }>('{ products(filters: [{ tag: "quokka-edition" }]) { totalCount } }');
    expect(tagged.data!.products.totalCount).toBe(1);
    const calls = await f.calls();
    // The edited product is read once (its SKUs are known: no ERP look-up).
    expect(calls.webstore.byEndpoint['POST /admin/api/2026-01/graphql.json']).toBe(1);
    expect(calls.erp.total).toBe(0);
  });

  it('a marketplace edit changes a marketplace-only product, and never a product the web store describes', async () => {
    const only = f.index.retailer.products.find((p) => !p.inWebStore)!;
    const both = f.index.retailer.products.find((p) => p.inWebStore && p.inMarketplace)!;
    const idOf = (handle: string) => [...f.standIns.marketplace.store().products.values()].find((p) => p.slug === handle)!.id;

    await woo.client.send('PUT', `products/${idOf(both.handle)}`, { name: 'Marketplace Rename' });
    await woo.client.send('PUT', `products/${idOf(only.handle)}`, { name: 'Wombat Trail Parka' });
    const after = await eventually(() => f.query<{ product: { title: string } }>(TITLE, { handle: only.handle }), (r) => r.data?.product?.title === 'Wombat Trail Parka');
    expect(after.data!.product!.title).toBe('Wombat Trail Parka');
    await f.standIns.marketplace.webhooks.idle();
    expect((await f.query<{ product: { title: string } }>(TITLE, { handle: both.handle })).data!.product!.title).toBe(both.title.en);
  });

  it('refuses forged and unsigned deliveries', async () => {
    const post = (path: string, headers: Record<string, string>) => fetch(`${f.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ id: 1, handle: 'x' }) });
    const forged = await post('/webhooks/webstore', { 'x-shopify-topic': 'products/update', 'x-shopify-hmac-sha256': 'bm9wZQ==', 'x-shopify-triggered-at': new Date().toISOString() });
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([401, 'WEBHOOK_BAD_SIGNATURE']);
    const unsigned = await post('/webhooks/marketplace', { 'x-wc-webhook-topic': 'product.updated' });
    expect([unsigned.status, ((await unsigned.json()) as { code: string }).code]).toEqual([401, 'WEBHOOK_UNSIGNED']);
  });
});

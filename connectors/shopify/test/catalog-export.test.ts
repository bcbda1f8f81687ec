import { describe, expect, it } from 'vitest';
import { verifyShopifyWebhook } from '../src/index.ts';
import { harness, webhookReceiver } from './helpers.ts';

const post = (url: string, path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('catalogue export', () => {
  it('exports every product through one bulk operation, the same content a paged walk reads', async () => {
    const { standIn, connector } = await harness();
    const exported = await connector.exportProducts();
    const walked = await connector.listProducts();
    expect(exported.map((p) => p.handle)).toEqual(standIn.state.products.map((p) => p.seed.handle));
    expect(exported).toEqual(walked);
  });

  it('is not held back by the query-cost bucket: a few requests whatever the shop size', async () => {
    // A bucket that refills one point a second would keep a paged walk busy for hours.
    const { standIn, connector, url } = await harness({}, { bucket: { maximumAvailable: 100, restoreRate: 1 } });
    const started = Date.now();
    const products = await connector.exportProducts();
    expect(products).toHaveLength(standIn.state.products.length);
    expect(Date.now() - started).toBeLessThan(5000);
    const calls = ((await (await fetch(`${url}/__sandbox/calls`)).json()) as { byEndpoint: Record<string, number> }).byEndpoint;
    expect(calls['GET /__bulk/:id/result.jsonl']).toBe(1);
    // The mutation and a handful of status polls.
    expect(calls['POST /admin/api/2026-01/graphql.json']).toBeLessThanOrEqual(8);
  });

  it('fails with the web store\'s stable code when the shop answers outages', async () => {
    const { connector, url } = await harness({ maxRetries: 0 });
    await post(url, '/__sandbox/faults', { errorRate: 1 });
    await expect(connector.exportProducts()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'webstore' });
  });

  it('lists collections with their titles', async () => {
    const { standIn, connector } = await harness();
    expect(await connector.collections()).toEqual(standIn.state.collections.map((c) => ({ nativeId: `gid://shopify/Collection/${c.legacyId}`, handle: c.handle, title: c.title })));
  });
});

describe('products/update webhook', () => {
  it('subscribes PRODUCTS_UPDATE and reads the edited product named by the delivery', async () => {
    const { standIn, connector, url } = await harness();
    const receiver = await webhookReceiver();
    expect(await connector.registerWebhook('PRODUCTS_UPDATE', receiver.url)).toMatchObject({ topic: 'PRODUCTS_UPDATE', uri: receiver.url });
    const product = standIn.state.products[2]!;
    await post(url, '/__sandbox/products', { handle: product.seed.handle, title: 'Edited Title' });
    const delivery = await receiver.next('products/update');
    const event = verifyShopifyWebhook(delivery.rawBody, delivery.headers, 'shpss_ucg_dev');
    expect(event).toMatchObject({ type: 'PRODUCT_UPDATED', handle: product.seed.handle, productNativeId: `gid://shopify/Product/${product.legacyId}`, meta: { topic: 'products/update' } });
    if (event.type !== 'PRODUCT_UPDATED') throw new Error('unexpected event');
    expect((await connector.productsByHandles([event.handle]))[0]!.title).toBe('Edited Title');
  });
});

import { describe, expect, it } from 'vitest';
import { adminCalls, harness } from './helpers.ts';

describe('products', () => {
  it('reads a product by handle with images, collections and priced variants', async () => {
    const { standIn, connector } = await harness();
    const seed = standIn.state.products.find((p) => p.seed.images.length > 1 && p.variants.length > 1)!;
    const product = await connector.productByHandle(seed.seed.handle);
    expect(product).toMatchObject({
      system: 'webstore', handle: seed.seed.handle, title: seed.seed.title.en, vendor: seed.seed.vendor,
      collections: [seed.collection.handle], productType: seed.productType,
    });
    expect(product!.images.map((i) => i.url)).toEqual(seed.seed.images.map((i) => i.url));
    expect(product!.variants.map((v) => v.sku)).toEqual(seed.variants.map((v) => v.sku));
    // Shopify's Money scalar drops trailing zeros ("29.9"); the connector normalises to the currency's scale.
    expect(product!.variants[0]!.price).toEqual({ amount: (seed.variants[0]!.priceCents / 100).toFixed(2), currencyCode: 'USD' });
    expect(await connector.productByHandle('no-such-handle')).toBeNull();
  });

  it('reads a product page, all 50 variants included, in one request', async () => {
    const { standIn, connector, url } = await harness();
    const big = standIn.state.products.find((p) => p.variants.length >= 50)!;
    const before = await adminCalls(url);
    const product = await connector.productByHandle(big.seed.handle);
    expect(product!.variants).toHaveLength(big.variants.length);
    expect(await adminCalls(url)).toBe(before + 1);
  });

  it('fetches many handles in one request, in the order asked', async () => {
    const { standIn, connector, url } = await harness();
    const handles = standIn.state.products.slice(0, 5).map((p) => p.seed.handle);
    const before = await adminCalls(url);
    const products = await connector.productsByHandles([handles[3]!, 'missing', handles[0]!, handles[1]!]);
    expect(await adminCalls(url)).toBe(before + 1);
    expect(products.map((p) => p?.handle ?? null)).toEqual([handles[3], null, handles[0], handles[1]]);
  });

  it('splits a batch Shopify refuses with MAX_COST_EXCEEDED into queries under the limit', async () => {
    const { standIn, connector, requests } = await harness({}, { bucket: { maxQueryCost: 400 } });
    const handles = standIn.state.products.filter((p) => p.variants.length <= 20).slice(0, 12).map((p) => p.seed.handle);
    const products = await connector.productsByHandles(handles);
    expect(products.map((p) => p?.handle)).toEqual(handles);
    // One refused batch, then parts that each fit under 400 points.
    expect(requests.filter((r) => r.maxCost)).toHaveLength(1);
    expect(requests.filter((r) => !r.maxCost).length).toBeGreaterThanOrEqual(2);
  });

  it('walks every page of the catalogue', async () => {
    const { standIn, connector, requests } = await harness();
    const products = await connector.listProducts();
    expect(products).toHaveLength(standIn.state.products.length);
    expect(new Set(products.map((p) => p.nativeId)).size).toBe(products.length);
    const pages = requests.filter((r) => !r.maxCost && !r.throttled).length;
    expect(pages).toBeGreaterThan(3);
    const withSale = standIn.state.products.flatMap((p) => p.variants).find((v) => v.compareAtCents !== null);
    if (withSale) {
      const variant = products.flatMap((p) => p.variants).find((v) => v.sku === withSale.sku)!;
      expect(variant.compareAtPrice).toEqual({ amount: (withSale.compareAtCents! / 100).toFixed(2), currencyCode: 'USD' });
    }
    // The page size it learnt is kept: a second walk is not refused again.
    const refusedBefore = requests.filter((r) => r.maxCost).length;
    await connector.listProducts('tag:new-arrival');
    expect(requests.filter((r) => r.maxCost).length).toBe(refusedBefore);
  });

  it('looks variants up by SKU', async () => {
    const { standIn, connector } = await harness();
    const skus = standIn.state.products.slice(2, 6).map((p) => p.variants[0]!.sku);
    const found = await connector.variantsBySkus([...skus, 'NOPE-1']);
    expect(found.map((v) => v.sku).sort()).toEqual([...skus].sort());
    expect(found[0]!.inventoryItemNativeId).toMatch(/^gid:\/\/shopify\/InventoryItem\/\d+$/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.ts';

describe('marketplace catalogue through the connector', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('finds whole products from any of their variant SKUs, each product once', async () => {
    const { retailer } = h.woo;
    const [a, b] = retailer.products.filter((p) => p.inMarketplace);
    const variantsOf = (id: string) => retailer.variants.filter((v) => v.productId === id);
    const products = await h.connector().productsBySkus([variantsOf(a!.id)[0]!.sku, variantsOf(a!.id).at(-1)!.sku, b!.id, 'NO-SUCH-SKU']);
    expect(products.map((p) => p.variants.map((v) => v.sku).sort()).sort()).toEqual([variantsOf(a!.id).map((v) => v.sku).sort(), variantsOf(b!.id).map((v) => v.sku).sort()].sort());
    const product = products.find((p) => p.variants.some((v) => v.sku.startsWith(a!.id)))!;
    expect(product).toMatchObject({ system: 'marketplace', handle: a!.handle, title: a!.title.en, vendor: a!.vendor, description: a!.description.en, tags: a!.tags });
    expect(product.images.map((i) => i.url)).toEqual(a!.images.map((i) => i.url));
    const seedVariant = variantsOf(a!.id)[0]!;
    const price = retailer.prices.find((p) => p.sku === seedVariant.sku && p.currency === 'USD' && p.customerGroup === '01')!;
    expect(product.variants[0]).toMatchObject({ sku: seedVariant.sku, title: seedVariant.title, options: seedVariant.options, gtin: seedVariant.gtin, price: { amount: price.amount, currencyCode: 'USD' } });
  });

  it('decodes what WordPress escapes (Lumen &amp; Oak) and strips wpautop markup', async () => {
    const lumen = h.woo.retailer.products.find((p) => p.inMarketplace && p.vendor === 'Lumen & Oak')!;
    const [product] = await h.connector().productsBySkus([lumen.id]);
    expect(product!.vendor).toBe('Lumen & Oak');
    expect(product!.description).toBe(lumen.description.en);
    expect(product!.description).not.toContain('<p>');
  });

  it('walks every page of the catalogue, fetching the variations of each product', async () => {
    const connector = h.connector({ perPage: 7 });
    const before = h.arrivals.length;
    const all = await connector.listProducts();
    const store = h.woo.store();
    expect(all.map((p) => p.nativeId).sort()).toEqual([...store.products.keys()].map(String).sort());
    expect(all.reduce((n, p) => n + p.variants.length, 0)).toBe(store.variations.size);
    const listCalls = h.arrivals.slice(before).filter((a) => /\/products\?/.test(a.url) && !a.url.includes('/variations'));
    expect(listCalls).toHaveLength(Math.ceil(store.products.size / 7));
  });
});

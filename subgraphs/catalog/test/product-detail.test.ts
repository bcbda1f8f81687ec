import { convertMoney, money } from '@ucg/connector-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type CatalogFixture } from './harness.ts';

const DETAIL = /* GraphQL */ `
  query Detail($handle: String!) {
    product(handle: $handle) {
      id handle title description vendor tags
      images { url altText }
      featuredImage { url }
      categories { id name }
      priceRange { min { amount currencyCode } max { amount currencyCode } }
      variants(first: 50) {
        nodes { sku title gtin options { name value } price { amount currencyCode } compareAtPrice { amount currencyCode } }
        pageInfo { hasNextPage }
      }
    }
  }
`;

interface Money { amount: string; currencyCode: string }
interface Detail {
  product: {
    id: string; handle: string; title: string; description: string; vendor: string; tags: string[];
    images: { url: string; altText: string | null }[]; featuredImage: { url: string } | null; categories: { id: string; name: string }[];
    priceRange: { min: Money; max: Money } | null;
    variants: { nodes: { sku: string; title: string; gtin: string; options: { name: string; value: string }[]; price: Money | null; compareAtPrice: Money | null }[]; pageInfo: { hasNextPage: boolean } };
  } | null;
}

const minOf = (amounts: string[]) => amounts.reduce((a, b) => (Number(b) < Number(a) ? b : a));
const maxOf = (amounts: string[]) => amounts.reduce((a, b) => (Number(b) > Number(a) ? b : a));

describe('product detail', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalog();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('answers a 50-variant product from the index and its prices with one ERP call, however many variants', async () => {
    const { index } = f;
    const product = index.retailer.products.find((p) => p.inWebStore && index.variantsByProduct.get(p.id)!.length >= 50)!;
    const variants = index.variantsByProduct.get(product.id)!;
    f.resetCalls();
    const res = await f.query<Detail>(DETAIL, { handle: product.handle });
    expect(res.errors).toBeUndefined();
    const got = res.data!.product!;
    expect(got).toMatchObject({
      id: `gid://ucg/Product/${product.id}`, handle: product.handle, title: product.title.en, description: product.description.en, vendor: product.vendor,
      tags: [...product.tags].sort(), images: product.images, featuredImage: { url: product.images[0]!.url },
      categories: [{ id: `gid://ucg/Category/${product.categoryId}`, name: index.retailer.categories.find((c) => c.id === product.categoryId)!.name.en }],
    });
    expect(got.variants.nodes.map((v) => [v.sku, v.title, v.gtin, v.options])).toEqual(variants.map((v) => [v.sku, v.title, v.gtin, v.options]));
    for (const v of got.variants.nodes) expect(v.price).toEqual({ amount: index.price(v.sku, 'USD')!.amount, currencyCode: 'USD' });
    const amounts = variants.map((v) => index.price(v.sku, 'USD')!.amount);
    expect(got.priceRange).toEqual({ min: { amount: minOf(amounts), currencyCode: 'USD' }, max: { amount: maxOf(amounts), currencyCode: 'USD' } });

    const calls = await f.calls();
    // Content from the index: no store is asked. Prices: one ERP request for all 50 variants.
    expect(calls.webstore.total).toBe(0);
    expect(calls.marketplace.total).toBe(0);
    expect(calls.erp.byEndpoint).toEqual({ 'GET /sap/opu/odata/sap/API_SLSPRICINGCONDITIONRECORD_SRV/A_SlsPrcgCndnRecdValidity': 1 });

    // Within the price TTL the page costs no legacy call at all.
    f.resetCalls();
    expect((await f.query<Detail>(DETAIL, { handle: product.handle })).data!.product!.variants.nodes).toHaveLength(50);
    expect((await f.calls()).erp.total).toBe(0);
  });

  it('keeps marketplace-only products in the catalogue, described by the marketplace', async () => {
    const { index } = f;
    const product = index.retailer.products.find((p) => !p.inWebStore)!;
    const res = await f.query<Detail>(DETAIL, { handle: product.handle });
    expect(res.errors).toBeUndefined();
    expect(res.data!.product).toMatchObject({ id: `gid://ucg/Product/${product.id}`, title: product.title.en, vendor: product.vendor, images: product.images.map((i) => ({ url: i.url, altText: i.altText })) });
    expect(res.data!.product!.variants.nodes.map((v) => ({ sku: v.sku, options: v.options, price: v.price }))).toEqual(
      index.variantsByProduct.get(product.id)!.map((v) => ({ sku: v.sku, options: v.options, price: { amount: index.price(v.sku, 'USD')!.amount, currencyCode: 'USD' } })),
    );
    expect(res.data!.product!.categories.map((c) => c.id)).toEqual([`gid://ucg/Category/${product.categoryId}`]);
  });

  it('speaks the shopper\'s language (ERP names) and falls back to English', async () => {
    const { index } = f;
    const translated = index.retailer.products.find((p) => p.inWebStore && p.title.de)!;
    const english = index.retailer.products.find((p) => p.inWebStore && !p.title.de)!;
    const de = { language: 'de', country: 'DE', currency: 'EUR' };
    expect((await f.query<Detail>(DETAIL, { handle: translated.handle }, de)).data!.product!.title).toBe(translated.title.de);
    expect((await f.query<Detail>(DETAIL, { handle: english.handle }, de)).data!.product!.title).toBe(english.title.en);
    expect((await f.query<Detail>(DETAIL, { handle: translated.handle }, { language: 'fr' })).data!.product!.title).toBe(translated.title.fr);
  });

  it('prices from the EUR price list, and converts at the ERP rate where there is no list (CAD)', async () => {
    const { index } = f;
    const product = index.retailer.products.find((p) => p.inWebStore && index.variantsByProduct.get(p.id)!.length > 1)!;
    const eur = await f.query<Detail>(DETAIL, { handle: product.handle }, { country: 'DE', currency: 'EUR' });
    for (const v of eur.data!.product!.variants.nodes) expect(v.price).toEqual({ amount: index.price(v.sku, 'EUR')!.amount, currencyCode: 'EUR' });
    const rate = index.retailer.exchangeRates.find((r) => r.from === 'USD' && r.to === 'CAD')!.rate;
    const cad = await f.query<Detail>(DETAIL, { handle: product.handle }, { country: 'CA', currency: 'CAD' });
    for (const v of cad.data!.product!.variants.nodes) expect(v.price).toEqual(convertMoney(money(index.price(v.sku, 'USD')!.amount, 'USD'), 'CAD', rate));
  });

  it('shows the strike-through price of a product on sale', async () => {
    const { index } = f;
    const sale = index.retailer.prices.find((p) => p.compareAtAmount && p.currency === 'USD' && index.productById.get(index.variantBySku.get(p.sku)!.productId)!.inWebStore)!;
    const product = index.productById.get(index.variantBySku.get(sale.sku)!.productId)!;
    const res = await f.query<Detail>(DETAIL, { handle: product.handle });
    const variant = res.data!.product!.variants.nodes.find((v) => v.sku === sale.sku)!;
    expect(variant).toMatchObject({ price: { amount: sale.amount, currencyCode: 'USD' }, compareAtPrice: { amount: sale.compareAtAmount, currencyCode: 'USD' } });
  });

  it('answers null for an unknown handle and BAD_USER_INPUT for an empty one', async () => {
    expect((await f.query<Detail>(DETAIL, { handle: 'no-such-product' })).data!.product).toBeNull();
    const empty = await f.query<Detail>(DETAIL, { handle: ' ' });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('resolves product, variant and category references as the gateway sends them', async () => {
    const { index } = f;
    const product = index.retailer.products.find((p) => p.inWebStore)!;
    const sku = index.variantsByProduct.get(product.id)![0]!.sku;
    const res = await f.query<{ _entities: unknown[] }>(
      'query Refs($r: [_Any!]!) { _entities(representations: $r) { ... on Product { handle skus } ... on Variant { sku title product { handle } } ... on Category { name } } }',
      { r: [{ __typename: 'Product', id: `gid://ucg/Product/${product.id}` }, { __typename: 'Product', handle: product.handle }, { __typename: 'Variant', sku }, { __typename: 'Variant', sku: 'NOPE' }, { __typename: 'Category', id: `gid://ucg/Category/${product.categoryId}` }] },
    );
    const skus = index.variantsByProduct.get(product.id)!.map((v) => v.sku);
    expect(res.data!._entities).toEqual([
      { handle: product.handle, skus },
      { handle: product.handle, skus },
      { sku, title: index.variantBySku.get(sku)!.title, product: { handle: product.handle } },
      null,
      { name: index.retailer.categories.find((c) => c.id === product.categoryId)!.name.en },
    ]);
  });
});

describe('when the ERP is down', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalog();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('products still answer with their content; prices are null with an error naming the ERP', async () => {
    const product = f.index.retailer.products.find((p) => p.inWebStore && f.index.variantsByProduct.get(p.id)!.length > 1)!;
    await f.faults('erp', { down: true });
    const res = await f.query<Detail>(DETAIL, { handle: product.handle });
    expect(res.data!.product).toMatchObject({ handle: product.handle, title: product.title.en, priceRange: null });
    expect(res.data!.product!.variants.nodes.every((v) => v.price === null)).toBe(true);
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const e of res.errors!) expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp' });
    expect(res.errors!.map((e) => e.path!.at(-1))).toContain('priceRange');
    await f.faults('erp', { down: false });
  });
});

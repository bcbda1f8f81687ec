import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertMoney, money } from '@ucg/connector-core';
import { devPartnerKey, hashApiKey } from '@ucg/gateway';
import { RetailerIndex, generateRetailer, type Product } from '@ucg/legacy-seed';
import { gql, sandboxCalls, startTestStack, type CallCount, type TestStack } from '../src/index.ts';

type Manifest = { operations: { id: string; name: string; body: string }[] };
const manifest = (client: string) => JSON.parse(readFileSync(new URL(`../../schema/manifests/${client}.json`, import.meta.url), 'utf8')) as Manifest;
const storefront = manifest('storefront');
const operation = (name: string) => storefront.operations.find((o) => o.name === name)!.body;
const stockFeed = manifest('partner').operations.find((o) => o.name === 'PartnerStockFeed')!;

/** A partner key of the same company without `prices:b2b`. */
const noPricesKey = 'ucg-partner-test-no-prices';

interface Money { amount: string; currencyCode: string }
interface Detail {
  product: {
    id: string; handle: string; title: string; description: string; images: { url: string; altText: string | null }[]; categories: { id: string; name: string }[];
    priceRange: { min: Money; max: Money } | null;
    variants: { nodes: { sku: string; title: string; gtin: string; options: { name: string; value: string }[]; price: Money | null; compareAtPrice: Money | null }[] };
  } | null;
}
interface Search {
  products: {
    totalCount: number;
    facets: { name: string; label: string; values: { label: string; count: number; input: string }[] }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: { handle: string; title: string; priceRange: { min: Money } | null }[];
  };
}
interface Feed { variants: ({ sku: string; title: string; partnerPrice: Money | null } | null)[] }

const legacy = ['webstore', 'marketplace', 'erp', '3pl-us', 'crm'] as const;
const PRICES = 'GET /sap/opu/odata/sap/API_SLSPRICINGCONDITIONRECORD_SRV/A_SlsPrcgCndnRecdValidity';

describe('catalog through the gateway: product pages, search with facets, partner prices', () => {
  let stack: TestStack;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const variantsOf = (p: Product) => index.variantsByProduct.get(p.id)!;
  const fifty = retailer.products.find((p) => p.inWebStore && variantsOf(p).length >= 50 && p.title.de) ?? retailer.products.find((p) => p.inWebStore && variantsOf(p).length >= 50)!;
  const counts = async () => Object.fromEntries(await Promise.all(legacy.map(async (s) => [s, await sandboxCalls(stack.urls[s])] as const))) as Record<(typeof legacy)[number], CallCount>;
  const diff = (before: Record<string, CallCount>, after: Record<string, CallCount>) =>
    Object.fromEntries(legacy.map((s) => [s, { total: after[s]!.total - before[s]!.total, prices: (after[s]!.byEndpoint[PRICES] ?? 0) - (before[s]!.byEndpoint[PRICES] ?? 0) }]));
  const search = async (variables: Record<string, unknown>) => {
    const res = await gql<Search>(stack.gatewayUrl, operation('ProductSearch'), variables);
    expect(res.body.errors?.filter((e) => e.path?.at(-1) !== 'availableForSale')).toBeFalsy();
    return res.body.data!.products;
  };

  beforeAll(async () => {
    stack = await startTestStack({
      env: {
        // Price sorts and facets are asserted from the first search: the catalogue waits for the ERP price list.
        CATALOG_PRICE_WAIT_MS: '40000',
        PARTNER_KEYS: JSON.stringify([
          { keySha256: hashApiKey(devPartnerKey), companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b', 'orders:read'] },
          { keySha256: hashApiKey(noPricesKey), companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read'] },
        ]),
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('ProductDetail of a 50-variant product: German title, EUR list prices, one price call to the ERP and no more than one call to any system', async () => {
    const before = await counts();
    const res = await gql<Detail>(stack.gatewayUrl, operation('ProductDetail'), { handle: fifty.handle, country: 'DE', language: 'DE' });
    const calls = diff(before, await counts());
    expect(res.status).toBe(200);
    const product = res.body.data!.product!;
    expect(product).toMatchObject({ id: `gid://ucg/Product/${fifty.id}`, handle: fifty.handle, title: fifty.title.de ?? fifty.title.en, description: fifty.description.en, images: fifty.images });
    expect(product.variants.nodes.map((v) => v.sku)).toEqual(variantsOf(fifty).map((v) => v.sku));
    for (const v of product.variants.nodes) expect(v.price).toEqual({ amount: index.price(v.sku, 'EUR')!.amount, currencyCode: 'EUR' });
    expect(product.priceRange!.min.currencyCode).toBe('EUR');
    // Catalogue fields answer without errors (stock and pickup are the inventory subgraph's).
    expect(res.body.errors?.filter((e) => !e.path?.some((p) => p === 'availability' || p === 'pickupAvailability'))).toBeFalsy();

    // Content from the catalogue's index, prices in one ERP read for all 50 variants. (The ERP's other
    // endpoints are read by the inventory subgraph's background sync, never by a request.)
    expect(calls.erp!.prices).toBe(1);
    expect(calls.marketplace!.total).toBe(0);
    for (const system of legacy.filter((s) => s !== 'erp')) expect(calls[system]!.total, system).toBeLessThanOrEqual(1);

    // The count does not grow with variants: a one-variant product costs the same single price read.
    const single = retailer.products.find((p) => p.inWebStore && variantsOf(p).length === 1)!;
    const again = await counts();
    await gql<Detail>(stack.gatewayUrl, operation('ProductDetail'), { handle: single.handle, country: 'DE', language: 'DE' });
    expect(diff(again, await counts()).erp!.prices).toBe(1);
  });

  it('ProductDetail in a currency without a price list (CAD): converted at the ERP rate; English where the ERP has no translation', async () => {
    const product = retailer.products.find((p) => p.inWebStore && !p.title.de && variantsOf(p).length > 1)!;
    const rate = retailer.exchangeRates.find((r) => r.from === 'USD' && r.to === 'CAD')!.rate;
    const res = await gql<Detail>(stack.gatewayUrl, operation('ProductDetail'), { handle: product.handle, country: 'CA', language: 'DE' });
    expect(res.body.data!.product!.title).toBe(product.title.en);
    for (const v of res.body.data!.product!.variants.nodes) expect(v.price).toEqual(convertMoney(money(index.price(v.sku, 'USD')!.amount, 'USD'), 'CAD', rate));
  });

  it('ProductSearch: facet values narrow the result to exactly their count when passed back', async () => {
    const all = await search({ first: 24 });
    expect(all.totalCount).toBe(retailer.products.length);
    for (const name of ['category', 'brand', 'color', 'price', 'tag']) {
      const value = all.facets.find((f) => f.name === name)!.values[0]!;
      const narrowed = await search({ filters: [JSON.parse(value.input)], first: 24 });
      expect(narrowed.totalCount, `${name}: ${value.label}`).toBe(value.count);
      expect(narrowed.totalCount).toBeLessThan(all.totalCount);
    }
    const brand = all.facets.find((f) => f.name === 'brand')!.values.find((v) => v.label === 'Lumen & Oak')!;
    expect(brand.count).toBe(retailer.products.filter((p) => p.vendor === 'Lumen & Oak').length);
  });

  it('ProductSearch: pages walk a filtered result completely, in EUR price order', async () => {
    const category = `gid://ucg/Category/${retailer.products[0]!.categoryId}`;
    const expected = retailer.products.filter((p) => `gid://ucg/Category/${p.categoryId}` === category);
    const seen: Search['products']['nodes'] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res = await gql<Search>(stack.gatewayUrl, operation('ProductSearch'), { filters: [{ category }], first: 24, after, sort: 'PRICE_ASC', country: 'DE' });
      const products: Search['products'] = res.body.data!.products;
      expect(products.totalCount).toBe(expected.length);
      seen.push(...products.nodes);
      if (!products.pageInfo.hasNextPage) break;
      after = products.pageInfo.endCursor;
    }
    expect(new Set(seen.map((n) => n.handle))).toEqual(new Set(expected.map((p) => p.handle)));
    expect(seen).toHaveLength(expected.length);
    const amounts = seen.map((n) => Number(n.priceRange!.min.amount));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(seen.every((n) => n.priceRange!.min.currencyCode === 'EUR')).toBe(true);
  });

  it('PartnerStockFeed (persisted, partner key): 500 SKUs with the B2 group\'s prices', async () => {
    const skus = retailer.variants.slice(0, 500).map((v) => v.sku);
    // A partner may only run persisted operations.
    const freeForm = await gql<Feed>(stack.gatewayUrl, 'query Own($skus: [ID!]!) { variants(skus: $skus) { sku partnerPrice { amount } } }', { skus }, { 'x-api-key': devPartnerKey });
    expect([freeForm.status, freeForm.body.errors?.[0]?.extensions?.code]).toEqual([400, 'PERSISTED_QUERY_NOT_ALLOWED']);
    const feed = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': devPartnerKey },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: stockFeed.id } }, variables: { skus } }),
    });
    const body = (await feed.json()) as { data: Feed; errors?: { path?: (string | number)[] }[] };
    expect(body.data.variants).toHaveLength(500);
    expect(body.data.variants.map((v) => v && { sku: v.sku, title: v.title, partnerPrice: v.partnerPrice })).toEqual(
      skus.map((sku) => ({ sku, title: index.variantBySku.get(sku)!.title, partnerPrice: { amount: index.price(sku, 'USD', 'B2')!.amount, currencyCode: 'USD' } })),
    );
    expect(body.errors?.filter((e) => e.path?.includes('partnerPrice'))).toBeFalsy();
  });

  it('PartnerStockFeed without prices:b2b: partnerPrice refused, the rest answered', async () => {
    const skus = retailer.variants.slice(0, 3).map((v) => v.sku);
    const feed = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': noPricesKey },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: stockFeed.id } }, variables: { skus } }),
    });
    const body = (await feed.json()) as { data: Feed; errors?: { path?: (string | number)[]; extensions?: { code?: string } }[] };
    expect(body.data.variants.map((v) => v && { sku: v.sku, title: v.title, partnerPrice: v.partnerPrice ?? null })).toEqual(skus.map((sku) => ({ sku, title: index.variantBySku.get(sku)!.title, partnerPrice: null })));
    expect(body.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }), path: expect.arrayContaining(['partnerPrice']) }));
  });
});

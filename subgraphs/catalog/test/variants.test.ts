import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type CatalogFixture } from './harness.ts';

const FEED = 'query Feed($skus: [ID!]!) { variants(skus: $skus) { sku title partnerPrice { amount currencyCode } } }';
const VARIANTS = 'query Variants($skus: [ID!]!) { variants(skus: $skus) { sku title product { handle } price { amount } } }';

interface Feed { variants: ({ sku: string; title: string; partnerPrice: { amount: string; currencyCode: string } | null } | null)[] }

const acme = { partner: { companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b'] } };

describe('variants by SKU and partner prices', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalog();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('answers in the order asked, with null for an unknown SKU', async () => {
    const [a, b] = f.index.retailer.variants;
    const res = await f.query<{ variants: unknown[] }>(VARIANTS, { skus: [b!.sku, 'NO-SUCH-SKU', a!.sku] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.variants).toEqual([
      { sku: b!.sku, title: b!.title, product: { handle: f.index.productById.get(b!.productId)!.handle }, price: { amount: f.index.price(b!.sku, 'USD')!.amount } },
      null,
      { sku: a!.sku, title: a!.title, product: { handle: f.index.productById.get(a!.productId)!.handle }, price: { amount: f.index.price(a!.sku, 'USD')!.amount } },
    ]);
  });

  it('refuses more than 500 SKUs with BAD_USER_INPUT', async () => {
    const res = await f.query(VARIANTS, { skus: Array.from({ length: 501 }, (_, i) => `SKU-${i}`) });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'skus' });
  });

  it('gives a partner its customer group\'s B2B prices for hundreds of SKUs in one ERP $batch', async () => {
    const skus = f.index.retailer.variants.slice(0, 500).map((v) => v.sku);
    f.resetCalls();
    const res = await f.query<Feed>(FEED, { skus }, acme);
    expect(res.errors).toBeUndefined();
    expect(res.data!.variants.map((v) => v!.partnerPrice)).toEqual(skus.map((sku) => ({ amount: f.index.price(sku, 'USD', 'B2')!.amount, currencyCode: 'USD' })));
    // B2B prices are lower than retail: the group's own prices, not the shop's.
    expect(skus.every((sku) => Number(f.index.price(sku, 'USD', 'B2')!.amount) < Number(f.index.price(sku, 'USD')!.amount))).toBe(true);
    const erp = (await f.calls()).erp.byEndpoint;
    expect(erp['POST /sap/opu/odata/sap/API_SLSPRICINGCONDITIONRECORD_SRV/$batch']).toBe(1);
  });

  it('refuses partnerPrice without the prices:b2b scope, or to a caller who is no partner, and still answers the rest', async () => {
    const sku = f.index.retailer.variants[3]!.sku;
    const cases = [{}, { partner: { ...acme.partner, scopes: ['inventory:read'] } }, { staff: { subject: 'ops-1', scopes: ['prices:b2b'] } }];
    for (const context of cases) {
      const res = await f.query<Feed>(FEED, { skus: [sku] }, context);
      expect(res.data!.variants).toEqual([{ sku, title: f.index.variantBySku.get(sku)!.title, partnerPrice: null }]);
      expect(res.errors).toEqual([expect.objectContaining({ path: ['variants', 0, 'partnerPrice'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    }
  });
});

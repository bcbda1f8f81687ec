import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startErp, type ErpFixture } from './harness.ts';

let erp: ErpFixture;

beforeAll(async () => {
  erp = await startErp({ pageSize: 50 });
});
afterAll(() => erp.close());
beforeEach(async () => {
  await erp.sandbox('reset');
});

describe('SapConnector catalogue reads', () => {
  it('listProducts walks every page of the material master (generic and variant articles)', async () => {
    const { products, variants } = erp.standIn.retailer;
    const materials = await erp.connector().listProducts();
    const total = products.length + variants.length;
    expect(materials).toHaveLength(total);
    expect(new Set(materials.map((m) => m.material)).size).toBe(total);
    expect((await erp.calls())[`GET ${ROOT}/API_PRODUCT_SRV/A_Product`]).toBe(Math.ceil(total / 50));
    const generic = materials.find((m) => m.material === products[0]!.id)!;
    expect(generic).toMatchObject({ kind: 'GENERIC', genericMaterial: null, gtin: null });
    const translated = products.find((p) => p.title.de)!;
    const variant = variants.find((v) => v.productId === translated.id)!;
    const record = materials.find((m) => m.material === variant.sku)!;
    expect(record).toMatchObject({ system: 'erp', kind: 'VARIANT', genericMaterial: translated.id, gtin: variant.gtin, grossWeightGrams: variant.weightGrams, baseUnit: 'PC' });
    expect(record.names.map((n) => n.language).sort()).toEqual(['de', 'en', 'fr']);
    expect(record.names.find((n) => n.language === 'de')!.value).toBe(`${translated.title.de} ${variant.title}`.slice(0, 40).trimEnd());
  });

  it('products(skus) returns just those materials, many SKUs in one $batch', async () => {
    const skus = erp.standIn.retailer.variants.slice(0, 130).map((v) => v.sku);
    const materials = await erp.connector({ keysPerRequest: 50 }).products(skus);
    expect(materials.map((m) => m.material).sort()).toEqual([...skus].sort());
    const calls = await erp.calls();
    expect(calls[`POST ${ROOT}/API_PRODUCT_SRV/$batch`]).toBe(1);
    expect(calls[`GET ${ROOT}/API_PRODUCT_SRV/A_Product`]).toBeUndefined();
  });

  it('salesPrices gives the PPR0 price, the ZSTP strike-through price, and falls back to the retail group', async () => {
    const { prices } = erp.standIn.retailer;
    const onSale = prices.find((p) => p.compareAtAmount && p.currency === 'EUR')!;
    const regular = prices.find((p) => !p.compareAtAmount && p.currency === 'EUR' && p.customerGroup === '01')!;
    const connector = erp.connector();
    const retail = await connector.salesPrices([onSale.sku, regular.sku, 'NOT-A-SKU'], 'EUR', '01');
    expect(retail).toEqual([
      { sku: onSale.sku, customerGroup: '01', price: { amount: onSale.amount, currencyCode: 'EUR' }, compareAtPrice: { amount: onSale.compareAtAmount, currencyCode: 'EUR' } },
      { sku: regular.sku, customerGroup: '01', price: { amount: regular.amount, currencyCode: 'EUR' }, compareAtPrice: null },
    ]);
    const b3 = prices.find((p) => p.sku === onSale.sku && p.currency === 'EUR' && p.customerGroup === 'B3')!;
    expect(await connector.salesPrices([onSale.sku], 'EUR', 'B3')).toEqual([{ sku: onSale.sku, customerGroup: 'B3', price: { amount: b3.amount, currencyCode: 'EUR' }, compareAtPrice: null }]);
    const fallback = await connector.salesPrices([regular.sku], 'EUR', 'Z9');
    expect(fallback[0]).toMatchObject({ customerGroup: '01', price: { amount: regular.amount } });
    expect(await connector.salesPrices([regular.sku], 'JPY', '01')).toEqual([]);
  });

  it('salesPrices for a page of SKUs is one filtered read (all its pages); more SKUs than fit one filter go out as one $batch', async () => {
    const skus = erp.standIn.retailer.variants.slice(0, 150).map((v) => v.sku);
    const connector = erp.connector({ keysPerRequest: 60 });
    await connector.salesPrices(skus.slice(0, 40), 'USD', 'B2');
    // Condition rows for 40 SKUs in groups B2 and 01 (PPR0 + ZSTP): the ERP pages them by 50.
    const wanted = new Set(skus.slice(0, 40));
    const rows = erp.standIn.retailer.prices.filter((p) => wanted.has(p.sku) && p.currency === 'USD' && (p.customerGroup === 'B2' || p.customerGroup === '01'));
    const conditionRows = rows.length + rows.filter((p) => p.compareAtAmount).length;
    let calls = await erp.calls();
    expect(calls[`GET ${ROOT}/API_SLSPRICINGCONDITIONRECORD_SRV/A_SlsPrcgCndnRecdValidity`]).toBe(Math.ceil(conditionRows / 50));
    expect(calls[`POST ${ROOT}/API_SLSPRICINGCONDITIONRECORD_SRV/$batch`]).toBeUndefined();
    const all = await connector.salesPrices(skus, 'USD', 'B2');
    expect(all).toHaveLength(150);
    calls = await erp.calls();
    expect(calls[`POST ${ROOT}/API_SLSPRICINGCONDITIONRECORD_SRV/$batch`]).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, ROOT, startErp, type Erp } from './harness.ts';

const PRODUCTS = `${ROOT}/API_PRODUCT_SRV`;
let erp: Erp;

beforeAll(async () => {
  erp = await startErp({ pageSize: 100 });
});
afterAll(() => erp.close());

describe('SAP Gateway OData v2 wire format', () => {
  it('refuses a wrong password the way ICF does: 401, Basic challenge, HTML body', async () => {
    const res = await fetch(`${erp.url}${PRODUCTS}/A_Product`, { headers: { authorization: `Basic ${Buffer.from('UCG_DEV:wrong').toString('base64')}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="SAP NetWeaver Application Server/);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('serves the service document and EDMX $metadata for every entity set it serves', async () => {
    const doc = await erp.json(`${PRODUCTS}/`);
    expect(doc.d.EntitySets).toEqual(['A_Product', 'A_ProductDescription', 'A_ProductPlant', 'A_ProductSupplyPlanning']);
    const res = await erp.call('GET', `${PRODUCTS}/$metadata`);
    expect(res.headers.get('content-type')).toMatch(/application\/xml/);
    const xml = await res.text();
    expect(xml).toContain('<edmx:DataServices m:DataServiceVersion="2.0">');
    expect(xml).toContain('<EntityType Name="A_ProductType"');
    expect(xml).toContain('<Key><PropertyRef Name="Product"/></Key>');
    expect(xml).toContain('<Property Name="ReorderThresholdQuantity" Type="Edm.Decimal" Precision="13" Scale="3"');
    expect(xml).toMatch(/<NavigationProperty Name="to_Description" Relationship="API_PRODUCT_SRV\.(\w+)" FromRole="FromRole_\1" ToRole="ToRole_\1"\/>/);
    expect(xml).toContain('<EntitySet Name="A_ProductSupplyPlanning" EntityType="API_PRODUCT_SRV.A_ProductSupplyPlanningType"');
  });

  it('pages server-side: __next with $skiptoken until every entity was sent exactly once', async () => {
    const expected = erp.standIn.retailer.products.length + erp.standIn.retailer.variants.length;
    const first = await erp.json(`${PRODUCTS}/A_Product?$format=json&$inlinecount=allpages&$select=Product`);
    expect(first.d.__count).toBe(String(expected));
    expect(first.d.results).toHaveLength(100);
    expect(first.d.__next).toBe(`${erp.url}${PRODUCTS}/A_Product?$format=json&$inlinecount=allpages&$select=Product&$skiptoken=100`);
    const seen: string[] = [];
    let page = first;
    for (;;) {
      seen.push(...page.d.results.map((r: { Product: string }) => r.Product));
      if (!page.d.__next) break;
      page = await erp.json(new URL(page.d.__next).pathname + new URL(page.d.__next).search);
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it('keeps $top/$skip as the window the pages walk through', async () => {
    const first = await erp.json(`${PRODUCTS}/A_Product?$top=250&$skip=10&$select=Product`);
    const at = async (skip: number) => (await erp.json(`${PRODUCTS}/A_Product?$skip=${skip}&$top=1&$select=Product`)).d.results[0].Product;
    expect(first.d.results[0].Product).toBe(await at(10));
    const second = await erp.json(new URL(first.d.__next).pathname + new URL(first.d.__next).search);
    const third = await erp.json(new URL(second.d.__next).pathname + new URL(second.d.__next).search);
    expect([first.d.results.length, second.d.results.length, third.d.results.length]).toEqual([100, 100, 50]);
    expect(third.d.__next).toBeUndefined();
    expect(third.d.results.at(-1).Product).toBe(await at(259));
  });

  it('writes entities as SAP does: __metadata, decimals as strings with scale, /Date(ms)/, deferred or expanded navigation', async () => {
    const variant = erp.standIn.retailer.variants[0]!;
    const one = await erp.json(`${PRODUCTS}/A_Product('${variant.sku}')?$expand=to_Description,to_Plant/to_ProductSupplyPlanning`);
    expect(one.d.__metadata).toEqual({ id: `${erp.url}${PRODUCTS}/A_Product('${variant.sku}')`, uri: `${erp.url}${PRODUCTS}/A_Product('${variant.sku}')`, type: 'API_PRODUCT_SRV.A_ProductType' });
    expect(one.d.GrossWeight).toBe(`${variant.weightGrams}.000`);
    expect(one.d.CreationDate).toMatch(/^\/Date\(\d+\)\/$/);
    expect(one.d.LastChangeDateTime).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    expect(one.d.CrossPlantConfigurableProduct).toBe(variant.productId);
    expect(one.d.to_Description.results.map((d: { Language: string }) => d.Language)).toContain('EN');
    const policy = erp.standIn.retailer.reorderPolicies.find((r) => r.sku === variant.sku)!;
    expect(one.d.to_Plant.results[0].to_ProductSupplyPlanning.ReorderThresholdQuantity).toBe(`${policy.reorderPoint}.000`);
    const plain = await erp.json(`${PRODUCTS}/A_Product('${variant.sku}')`);
    expect(plain.d.to_Description).toEqual({ __deferred: { uri: `${erp.url}${PRODUCTS}/A_Product('${variant.sku}')/to_Description` } });
  });

  it('reads composite keys, navigation paths, $count and $orderby', async () => {
    const product = erp.standIn.retailer.products[0]!;
    const desc = await erp.json(`${PRODUCTS}/A_ProductDescription(Product='${product.id}',Language='EN')`);
    expect(desc.d.ProductDescription).toBe(product.title.en.slice(0, 40).trimEnd());
    const variants = await erp.json(`${PRODUCTS}/A_Product?$filter=CrossPlantConfigurableProduct eq '${product.id}'&$orderby=Product desc`);
    const skus = erp.standIn.retailer.variants.filter((v) => v.productId === product.id).map((v) => v.sku).sort().reverse();
    expect(variants.d.results.map((r: { Product: string }) => r.Product)).toEqual(skus);
    const count = await erp.call('GET', `${PRODUCTS}/A_Product/$count?$filter=ProductIsConfigurable eq true`);
    expect(await count.text()).toBe(String(erp.standIn.retailer.products.length));
    const nav = await erp.json(`${PRODUCTS}/A_Product('${product.id}')/to_Description`);
    expect(nav.d.results.length).toBe(Object.keys(product.title).length);
  });

  it('answers errors with the OData error body: code, message {lang, value}, innererror', async () => {
    const missing = await erp.call('GET', `${PRODUCTS}/A_Product('NOPE')`);
    expect(missing.status).toBe(404);
    const body = await readJson(missing);
    expect(body.error.code).toBe('/IWBEP/CM_MGW_RT/020');
    expect(body.error.message).toEqual({ lang: 'en', value: "Resource not found for segment 'A_Product('NOPE')'" });
    expect(body.error.innererror.application).toMatchObject({ service_id: 'API_PRODUCT_SRV', component_id: 'LO-MD-MM-API' });
    const badFilter = await erp.call('GET', `${PRODUCTS}/A_Product?$filter=Colour eq 'red'`);
    expect(badFilter.status).toBe(400);
    expect((await readJson(badFilter)).error.code).toBe('/IWBEP/CM_MGW_RT/021');
    const noService = await erp.call('GET', `${ROOT}/API_NOPE_SRV/A_Thing`);
    expect(noService.status).toBe(404);
    expect((await readJson(noService)).error.code).toBe('/IWFND/MED/170');
    const readOnly = await erp.call('POST', `${PRODUCTS}/A_Product`, { headers: { 'content-type': 'application/json', ...(await erp.csrf('API_PRODUCT_SRV').then((c) => ({ 'x-csrf-token': c.token, cookie: c.cookie }))) }, body: '{}' });
    expect(readOnly.status).toBe(405);
  });

  it('answers a planned outage with 503 and Retry-After, then serves again', async () => {
    await fetch(`${erp.url}/__sandbox/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests: 1, retryAfterSeconds: 2 }) });
    const down = await erp.call('GET', `${PRODUCTS}/A_Product?$top=1`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    expect((await readJson(down)).error.code).toBe('/IWFND/CM_BEC/026');
    expect((await erp.call('GET', `${PRODUCTS}/A_Product?$top=1`)).status).toBe(200);
  });
});

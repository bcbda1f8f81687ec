import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sapOrg } from '../src/index.ts';
import { readJson, ROOT, startErp, type Erp } from './harness.ts';

const SO = `${ROOT}/API_SALES_ORDER_SRV`;
let erp: Erp;
let now = Date.parse('2026-11-20T12:00:00Z');

beforeAll(async () => {
  erp = await startErp({ csrfTtlMs: 60_000, clock: () => now });
});
afterAll(() => erp.close());
beforeEach(async () => {
  await fetch(`${erp.url}/__sandbox/reset`, { method: 'POST' });
});

function order(sku: string, reference = 'PO-TEST-1', extra: Record<string, unknown> = {}) {
  return JSON.stringify({ SalesOrderType: 'OR', SalesOrganization: '1710', DistributionChannel: '10', OrganizationDivision: '00', SoldToParty: '10000001', PurchaseOrderByCustomer: reference, to_Item: { results: [{ Material: sku, RequestedQuantity: '3' }] }, ...extra });
}

describe('CSRF protection of writes', () => {
  it('refuses a write without a token: 403, X-CSRF-Token: Required, nothing created', async () => {
    const before = erp.standIn.state().sales.orders.length;
    const res = await erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json' }, body: order(erp.standIn.retailer.variants[0]!.sku) });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-csrf-token')).toBe('Required');
    expect(await res.text()).toBe('CSRF token validation failed');
    expect(erp.standIn.state().sales.orders).toHaveLength(before);
  });

  it('issues a token with a session cookie on a GET with X-CSRF-Token: Fetch, and needs both for a write', async () => {
    const { token, cookie } = await erp.csrf();
    expect(token).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(cookie).toMatch(/^SAP_SESSIONID_S4H_100=[^;]+; sap-usercontext=sap-client=100$/);
    const sku = erp.standIn.retailer.variants[0]!.sku;
    const tokenOnly = await erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: order(sku) });
    expect(tokenOnly.status).toBe(403);
    const ok = await erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie }, body: order(sku) });
    expect(ok.status).toBe(201);
    const again = await erp.call('GET', `${SO}/`, { headers: { 'x-csrf-token': 'Fetch', cookie } });
    expect(again.headers.get('x-csrf-token')).toBe(token);
  });

  it('expires tokens after their lifetime and on POST /__sandbox/csrf/expire', async () => {
    const sku = erp.standIn.retailer.variants[0]!.sku;
    const write = (c: { token: string; cookie: string }, ref: string) => erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json', 'x-csrf-token': c.token, cookie: c.cookie }, body: order(sku, ref) });
    const first = await erp.csrf();
    now += 61_000;
    expect((await write(first, 'A')).status).toBe(403);
    const second = await erp.csrf();
    expect(second.token).not.toBe(first.token);
    expect((await write(second, 'B')).status).toBe(201);
    expect(await readJson(await fetch(`${erp.url}/__sandbox/csrf/expire`, { method: 'POST' }))).toEqual({ expired: 1 });
    const refused = await write(second, 'C');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-csrf-token')).toBe('Required');
  });
});

describe('sales orders (API_SALES_ORDER_SRV)', () => {
  it('holds the seed B2B orders, sold to the company customer numbers', async () => {
    const seedOrders = erp.standIn.retailer.orders.filter((o) => o.system === 'erp');
    const acme = erp.standIn.retailer.companies.find((c) => c.id === 'acme')!;
    const res = await erp.json(`${SO}/A_SalesOrder?$filter=SoldToParty eq '${acme.erpCustomerId}'&$inlinecount=allpages&$top=0`);
    expect(res.d.__count).toBe(String(seedOrders.filter((o) => o.companyId === 'acme').length));
    const first = seedOrders[0]!;
    const one = await erp.json(`${SO}/A_SalesOrder('${first.number}')?$expand=to_Item`);
    expect(one.d.TotalNetAmount).toBe(first.subtotal);
    expect(one.d.to_Item.results.map((i: { Material: string; RequestedQuantity: string }) => [i.Material, Number(i.RequestedQuantity)])).toEqual(first.lines.map((l) => [l.sku, l.quantity]));
  });

  it('creates by deep insert, prices from the customer group price list or a manual PMP0 price, and answers 201 with Location', async () => {
    const { token, cookie } = await erp.csrf();
    const [a, b] = erp.standIn.retailer.variants;
    const body = JSON.stringify({
      SoldToParty: '10000001', PurchaseOrderByCustomer: 'PO-DEEP', TransactionCurrency: 'USD',
      to_Item: { results: [{ Material: a!.sku, RequestedQuantity: '2' }, { Material: b!.sku, RequestedQuantity: '1', to_PricingElement: { results: [{ ConditionType: 'PMP0', ConditionRateValue: '10.5', ConditionCurrency: 'USD' }] } }] },
    });
    const res = await erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie }, body });
    expect(res.status).toBe(201);
    const created = (await readJson(res)).d;
    expect(res.headers.get('location')).toBe(`${erp.url}${SO}/A_SalesOrder('${created.SalesOrder}')`);
    const b2 = erp.standIn.retailer.prices.find((p) => p.sku === a!.sku && p.currency === 'USD' && p.customerGroup === 'B2')!;
    expect(created.to_Item.results.map((i: { NetAmount: string }) => i.NetAmount)).toEqual([(Number(b2.amount) * 2).toFixed(2), '10.50']);
    expect(created.SalesOrder).toBe(String(Math.max(...erp.standIn.retailer.orders.filter((o) => o.system === 'erp').map((o) => Number(o.number))) + 1));
  });

  it('refuses unknown sold-to parties and materials with SD messages, and (like SAP) does not de-duplicate customer references', async () => {
    const { token, cookie } = await erp.csrf();
    const post = (body: string) => erp.call('POST', `${SO}/A_SalesOrder`, { headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie }, body });
    const unknownCustomer = await post(order(erp.standIn.retailer.variants[0]!.sku, 'X', { SoldToParty: '99999999' }));
    expect(unknownCustomer.status).toBe(400);
    expect((await readJson(unknownCustomer)).error.code).toBe('V1/391');
    const unknownMaterial = await post(order('NOPE-1'));
    expect((await readJson(unknownMaterial)).error).toMatchObject({ code: 'V1/392', message: { value: expect.stringContaining('Material NOPE-1 is not defined') } });
    const sku = erp.standIn.retailer.variants[0]!.sku;
    expect((await post(order(sku, 'SAME-REF'))).status).toBe(201);
    expect((await post(order(sku, 'SAME-REF'))).status).toBe(201);
    const same = await erp.json(`${SO}/A_SalesOrder?$filter=PurchaseOrderByCustomer eq 'SAME-REF'`);
    expect(same.d.results).toHaveLength(2);
  });
});

describe('$batch', () => {
  function batchBody(parts: string[]): string {
    return `${parts.map((p) => `--b1\r\n${p}`).join('\r\n')}\r\n--b1--\r\n`;
  }
  const get = (url: string) => `content-type: application/http\r\ncontent-transfer-encoding: binary\r\n\r\nGET ${url} HTTP/1.1\r\naccept: application/json\r\n\r\n`;
  const changeset = (ops: string[]) => `content-type: multipart/mixed; boundary=c1\r\n\r\n${ops.map((o) => `--c1\r\ncontent-type: application/http\r\ncontent-transfer-encoding: binary\r\n\r\nPOST A_SalesOrder HTTP/1.1\r\ncontent-type: application/json\r\n\r\n${o}`).join('\r\n')}\r\n--c1--\r\n`;

  it('needs the CSRF token for the outer POST', async () => {
    const res = await erp.call('POST', `${SO}/$batch`, { headers: { 'content-type': 'multipart/mixed; boundary=b1' }, body: batchBody([get('A_SalesOrder?$top=1')]) });
    expect(res.status).toBe(403);
  });

  it('answers reads and a changeset in one multipart/mixed response (202)', async () => {
    const { token, cookie } = await erp.csrf();
    const sku = erp.standIn.retailer.variants[1]!.sku;
    const res = await erp.call('POST', `${SO}/$batch`, {
      headers: { 'content-type': 'multipart/mixed; boundary=b1', 'x-csrf-token': token, cookie },
      body: batchBody([get('A_SalesOrder?$top=2'), get('A_SalesOrderItem?$top=3'), changeset([order(sku, 'BATCH-1'), order(sku, 'BATCH-2')])]),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=batch_/);
    const text = await res.text();
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(text.match(/HTTP\/1\.1 201 Created/g)).toHaveLength(2);
    expect(text).toMatch(/content-type: multipart\/mixed; boundary=changeset_/);
    expect(erp.standIn.state().sales.orders.filter((o) => String(o.PurchaseOrderByCustomer).startsWith('BATCH-'))).toHaveLength(2);
  });

  it('rolls a failing changeset back completely and answers its error alone', async () => {
    const { token, cookie } = await erp.csrf();
    const before = erp.standIn.state().sales.orders.length;
    const res = await erp.call('POST', `${SO}/$batch`, {
      headers: { 'content-type': 'multipart/mixed; boundary=b1', 'x-csrf-token': token, cookie },
      body: batchBody([changeset([order(erp.standIn.retailer.variants[1]!.sku, 'OK-1'), order('NOPE-2', 'BAD-2')])]),
    });
    expect(res.status).toBe(202);
    const text = await res.text();
    expect(text).toContain('HTTP/1.1 400 Bad Request');
    expect(text).not.toContain('201 Created');
    expect(text).toContain('"code":"V1/392"');
    expect(erp.standIn.state().sales.orders).toHaveLength(before);
  });
});

describe('POST /__sandbox/stock (plant stock, no notification)', () => {
  const move = (body: unknown) => fetch(`${erp.url}/__sandbox/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const stockOf = async (sku: string) => (await erp.json(`${ROOT}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=Material eq '${sku}' and Plant eq '1000'`)).d.results;

  it('moves unrestricted stock by delta or to an absolute count, as A_MatlStkInAcctMod then shows', async () => {
    const row = erp.standIn.retailer.stock.find((s) => s.system === 'erp' && s.onHand > 5)!;
    const res = await move({ sku: row.sku, location: sapOrg.PLANT, delta: -5 });
    expect(await readJson(res)).toMatchObject({ sku: row.sku, location: '1000', onHand: row.onHand - 5, available: row.onHand - 5 });
    const [stock] = await stockOf(row.sku);
    expect(stock).toMatchObject({ StorageLocation: '0001', InventoryStockType: '01', MatlWrhsStkQtyInMatlBaseUnit: `${row.onHand - 5}.00000000000000` });
    await move({ sku: row.sku, location: '1000', onHand: 3 });
    expect((await stockOf(row.sku))[0].MatlWrhsStkQtyInMatlBaseUnit).toBe('3.00000000000000');
    await fetch(`${erp.url}/__sandbox/reset`, { method: 'POST' });
    expect((await stockOf(row.sku))[0].MatlWrhsStkQtyInMatlBaseUnit).toBe(`${row.onHand}.00000000000000`);
  });

  it('refuses bad movements with stable codes', async () => {
    const sku = erp.standIn.retailer.variants[0]!.sku;
    const codes = await Promise.all([
      move({ sku, location: '1000' }),
      move({ sku: 'NOPE', location: '1000', delta: 1 }),
      move({ sku, location: '70001', delta: 1 }),
      move({ sku, location: '1000', onHand: 0 }).then(() => move({ sku, location: '1000', delta: -1 })),
    ].map(async (p) => { const r = await p; return [r.status, (await readJson(r)).code]; }));
    expect(codes).toEqual([[400, 'SANDBOX_BAD_STOCK'], [400, 'SANDBOX_UNKNOWN_SKU'], [400, 'SANDBOX_UNKNOWN_LOCATION'], [400, 'SANDBOX_NEGATIVE_STOCK']]);
  });
});

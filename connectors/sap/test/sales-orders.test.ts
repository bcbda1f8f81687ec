import type { SalesOrderInput } from '@ucg/connector-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startErp, type ErpFixture } from './harness.ts';

const SO = `${ROOT}/API_SALES_ORDER_SRV`;
let erp: ErpFixture;

beforeAll(async () => {
  erp = await startErp();
});
afterAll(() => erp.close());
beforeEach(async () => {
  await erp.sandbox('reset');
});

function webOrder(reference: string, skuIndex = 0): SalesOrderInput {
  const sku = erp.standIn.retailer.variants[skuIndex]!.sku;
  return { externalReference: reference, currency: 'USD', orderedAt: '2026-11-20T10:00:00Z', lines: [{ sku, quantity: 2, unitPrice: { amount: '24.50', currencyCode: 'USD' } }] };
}
const ordersWithReference = (ref: string) => erp.standIn.state().sales.orders.filter((o) => o.PurchaseOrderByCustomer === ref);

describe('SapConnector sales orders', () => {
  it('posts a web order as a sales order to the one-time customer, at the agreed price', async () => {
    const { order, created } = await erp.connector().createSalesOrder(webOrder('WEB-1'));
    expect(created).toBe(true);
    expect(order).toMatchObject({ system: 'erp', externalReference: 'WEB-1', soldToParty: '10100000', currency: 'USD', netAmount: { amount: '49.00', currencyCode: 'USD' }, status: 'OPEN', deliveryStatus: 'NOT_DELIVERED' });
    expect(order.lines).toEqual([{ item: '10', sku: erp.standIn.retailer.variants[0]!.sku, description: expect.any(String), quantity: 2, netAmount: { amount: '49.00', currencyCode: 'USD' } }]);
  });

  it('is idempotent by external reference: a second create returns the first order and posts nothing', async () => {
    const connector = erp.connector();
    const first = await connector.createSalesOrder(webOrder('WEB-2'));
    const second = await connector.createSalesOrder(webOrder('WEB-2'));
    const other = await erp.connector().createSalesOrder(webOrder('WEB-2'));
    expect(second).toEqual({ order: first.order, created: false });
    expect(other.created).toBe(false);
    expect(ordersWithReference('WEB-2')).toHaveLength(1);
    expect((await erp.calls())[`POST ${SO}/A_SalesOrder`]).toBe(1);
  });

  it('coalesces concurrent creates of one reference into one order', async () => {
    const connector = erp.connector();
    const results = await Promise.all([1, 2, 3, 4].map(() => connector.createSalesOrder(webOrder('WEB-3'))));
    expect(new Set(results.map((r) => r.order.number)).size).toBe(1);
    expect(ordersWithReference('WEB-3')).toHaveLength(1);
  });

  it('survives CSRF token expiry: re-fetches the token once and writes exactly once', async () => {
    const connector = erp.connector();
    await connector.createSalesOrder(webOrder('WEB-4a'));
    await erp.sandbox('csrf/expire');
    const before = erp.standIn.requests.length;
    const { created } = await connector.createSalesOrder(webOrder('WEB-4b'));
    expect(created).toBe(true);
    expect(ordersWithReference('WEB-4b')).toHaveLength(1);
    const trail = erp.standIn.requests.slice(before).map((r) => `${r.method} ${r.path.replace(SO, '')}`);
    // look-up, refused write (403 Required), token fetch, accepted write
    expect(trail).toEqual(['GET /A_SalesOrder', 'POST /A_SalesOrder', 'GET /', 'POST /A_SalesOrder']);
  });

  it('gives up after one re-fetch when Gateway keeps refusing the token', async () => {
    const connector = erp.connector();
    await connector.createSalesOrder(webOrder('WEB-5a'));
    erp.standIn.csrf.validate = () => false;
    try {
      await expect(connector.createSalesOrder(webOrder('WEB-5b'))).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', system: 'erp', statusCode: 403, vendorCode: 'CSRF_TOKEN_REQUIRED' });
    } finally {
      delete (erp.standIn.csrf as { validate?: unknown }).validate;
    }
    expect(ordersWithReference('WEB-5b')).toHaveLength(0);
  });

  it('maps a refused order to UPSTREAM_REJECTED with the SD message as vendorCode', async () => {
    const error = await erp.connector().createSalesOrder({ externalReference: 'WEB-6', currency: 'USD', lines: [{ sku: 'NOT-A-SKU', quantity: 1 }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'ConnectorError', code: 'UPSTREAM_REJECTED', system: 'erp', statusCode: 400, vendorCode: 'V1/392' });
  });

  it('createSalesOrders: one look-up $batch, one changeset for the missing orders, existing ones returned', async () => {
    const connector = erp.connector();
    const existing = await connector.createSalesOrder(webOrder('WEB-7a'));
    const results = await connector.createSalesOrders([webOrder('WEB-7a'), webOrder('WEB-7b', 1), webOrder('WEB-7c', 2)]);
    expect(results.map((r) => [r.order.externalReference, r.created])).toEqual([['WEB-7a', false], ['WEB-7b', true], ['WEB-7c', true]]);
    expect(results[0]!.order.number).toBe(existing.order.number);
    expect(['WEB-7a', 'WEB-7b', 'WEB-7c'].map((r) => ordersWithReference(r).length)).toEqual([1, 1, 1]);
    expect((await erp.calls())[`POST ${SO}/$batch`]).toBe(1);
  });

  it('createSalesOrders: a changeset with one bad order creates none and reports the SD error', async () => {
    const error = await erp.connector().createSalesOrders([webOrder('WEB-8a'), { ...webOrder('WEB-8b'), soldToParty: '99999999' }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', statusCode: 400, vendorCode: 'V1/391' });
    expect(ordersWithReference('WEB-8a')).toHaveLength(0);
  });

  it('salesOrders reads the seed B2B orders by sold-to party and by number', async () => {
    const { orders, companies } = erp.standIn.retailer;
    const alpenhaus = companies.find((c) => c.id === 'alpenhaus')!;
    const expected = orders.filter((o) => o.system === 'erp' && o.companyId === 'alpenhaus');
    const connector = erp.connector();
    const found = await connector.salesOrders({ soldToParty: alpenhaus.erpCustomerId });
    expect(found.map((o) => o.number).sort()).toEqual(expected.map((o) => o.number).sort());
    const one = expected[0]!;
    const [record] = await connector.salesOrders({ numbers: [one.number] });
    expect(record).toMatchObject({ number: one.number, soldToParty: alpenhaus.erpCustomerId, currency: one.currency, netAmount: { amount: one.subtotal, currencyCode: one.currency } });
    expect(record!.status).toBe(one.status === 'DELIVERED' ? 'COMPLETED' : 'OPEN');
    expect(record!.lines.map((l) => [l.sku, l.quantity])).toEqual(one.lines.map((l) => [l.sku, l.quantity]));
    expect(await connector.salesOrders({ numbers: [] })).toEqual([]);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, startErp, type ErpFixture } from './harness.ts';

let erp: ErpFixture;

beforeAll(async () => {
  erp = await startErp({ pageSize: 20 });
});
afterAll(() => erp.close());
beforeEach(async () => {
  await erp.sandbox('reset');
});

describe('SapConnector purchase orders', () => {
  it('reads the seed purchase orders with items and receipt status', async () => {
    const seed = erp.standIn.retailer.purchaseOrders;
    const all = await erp.connector().purchaseOrders();
    expect(all.map((p) => p.number).sort()).toEqual(seed.map((p) => p.number).sort());
    const one = seed.find((p) => p.status === 'RECEIVED')!;
    const [record] = await erp.connector().purchaseOrders({ numbers: [one.number] });
    expect(record).toMatchObject({ number: one.number, status: 'RECEIVED', currency: 'USD' });
    expect(record!.lines.map((l) => [l.sku, l.quantity, l.netPrice.amount, l.locationNativeId])).toEqual(one.lines.map((l) => [l.sku, l.quantity, l.netPrice, '1000']));
  });

  it('creates a purchase order (with CSRF) and reads it back', async () => {
    const connector = erp.connector();
    const sku = erp.standIn.retailer.variants[3]!.sku;
    const po = await connector.createPurchaseOrder({ supplier: '17301002', currency: 'USD', lines: [{ sku, quantity: 120, netPrice: { amount: '12.40', currencyCode: 'USD' } }] });
    expect(po).toMatchObject({ system: 'erp', supplier: '17301002', status: 'OPEN', lines: [{ item: '10', sku, quantity: 120, netPrice: { amount: '12.40', currencyCode: 'USD' }, locationNativeId: '1000', received: false }] });
    expect((await connector.purchaseOrders({ numbers: [po.number] }))[0]).toEqual(po);
    await expect(connector.createPurchaseOrder({ supplier: '99', currency: 'USD', lines: [{ sku, quantity: 1, netPrice: { amount: '1.00', currencyCode: 'USD' } }] })).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', vendorCode: '06/025' });
  });
});

describe('SapConnector.batch', () => {
  it('reads several entity sets in one $batch call and follows each one’s pages', async () => {
    const { retailer } = erp.standIn;
    const [orders, items, elements] = await erp.connector().batch('API_SALES_ORDER_SRV', [
      { path: 'A_SalesOrder', query: { $select: 'SalesOrder' } },
      { path: 'A_SalesOrderItem', query: { $top: 45 } },
      { path: 'A_SalesOrderItemPrElement', query: { $top: 5 } },
    ]);
    expect(orders).toHaveLength(retailer.orders.filter((o) => o.system === 'erp').length);
    expect(items).toHaveLength(45);
    expect(elements).toHaveLength(5);
    const calls = await erp.calls();
    expect(calls[`POST ${ROOT}/API_SALES_ORDER_SRV/$batch`]).toBe(1);
    // Later pages are plain GETs of __next: orders have ceil(n/20)-1 more pages, items 2.
    expect(calls[`GET ${ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`]).toBe(Math.ceil(orders!.length / 20) - 1);
    expect(calls[`GET ${ROOT}/API_SALES_ORDER_SRV/A_SalesOrderItem`]).toBe(2);
  });
});

describe('SapConnector privacy (business partners)', () => {
  const buyer = () => erp.standIn.retailer.people.find((p) => p.companyId)!;

  it('exports the contact person the ERP holds, found case-insensitively', async () => {
    const person = buyer();
    const exported = await erp.connector().exportPerson(person.email.toUpperCase());
    expect(exported.system).toBe('erp');
    expect(exported.recordCount).toBe(1);
    const [record] = exported.records as Record<string, any>[];
    expect(record).toMatchObject({ FirstName: person.firstName, LastName: person.lastName, BusinessPartnerCategory: '1' });
    expect(record!.__metadata).toBeUndefined();
    expect(record!.to_BusinessPartnerAddress[0].to_EmailAddress[0].EmailAddress).toBe(person.email);
    expect(record!.to_BusinessPartnerAddress[0].to_PhoneNumber[0].PhoneNumber).toBe(person.phone);
    expect(record!.to_BusinessPartnerContact[0].BusinessPartnerCompany).toBe(erp.standIn.retailer.companies.find((c) => c.id === person.companyId)!.erpCustomerId);
    expect(await erp.connector().exportPerson('nobody@nowhere.example')).toEqual({ system: 'erp', recordCount: 0, records: [] });
  });

  it('erasure blocks the business partner and reports RETAINED (SAP keeps it for its retention period)', async () => {
    const person = buyer();
    const result = await erp.connector().erasePerson(person.email);
    expect(result).toMatchObject({ system: 'erp', status: 'RETAINED', detail: expect.stringContaining('blocked') });
    const partner = erp.standIn.state().partners.partners.find((p) => p.FirstName === person.firstName && p.LastName === person.lastName)!;
    expect(partner.BusinessPartnerIsBlocked).toBe(true);
    expect(await erp.connector().erasePerson('nobody@nowhere.example')).toEqual({ system: 'erp', status: 'NOT_FOUND' });
  });
});

import { executeHttpRequest } from '@sap-cloud-sdk/http-client';
import { setGlobalLogLevel } from '@sap-cloud-sdk/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startErp, type Erp } from './harness.ts';

/**
 * SAP's own client against the stand-in, used as its docs show: a destination with URL and
 * Basic-auth credentials; the SDK fetches CSRF tokens itself for writes.
 */
let erp: Erp;
let destination: { url: string; username: string; password: string };

beforeAll(async () => {
  setGlobalLogLevel('error');
  erp = await startErp({ pageSize: 100 });
  destination = { url: erp.url, username: 'UCG_DEV', password: 'ucg-dev-secret' };
});
afterAll(() => erp.close());

describe('SAP Cloud SDK (@sap-cloud-sdk/http-client) against the stand-in', () => {
  it('reads an entity set', async () => {
    const res = await executeHttpRequest(destination, { method: 'get', url: `${ROOT}/API_PRODUCT_SRV/A_Product`, params: { $top: 5, $format: 'json', $expand: 'to_Description' } });
    expect(res.status).toBe(200);
    expect(res.data.d.results).toHaveLength(5);
    expect(res.data.d.results[0].to_Description.results[0]).toHaveProperty('ProductDescription');
  });

  it('pages through a whole entity set by following __next', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${ROOT}/API_PRODUCT_SRV/A_Product?$format=json&$select=Product`;
    let pages = 0;
    while (url) {
      const res: { data: { d: { results: { Product: string }[]; __next?: string } } } = await executeHttpRequest(destination, { method: 'get', url });
      seen.push(...res.data.d.results.map((r) => r.Product));
      url = res.data.d.__next ? new URL(res.data.d.__next).pathname + new URL(res.data.d.__next).search : undefined;
      pages++;
    }
    const total = erp.standIn.retailer.products.length + erp.standIn.retailer.variants.length;
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 100));
  });

  it('creates a sales order, fetching the CSRF token on its own', async () => {
    const sku = erp.standIn.retailer.variants[0]!.sku;
    const res = await executeHttpRequest(destination, {
      method: 'post',
      url: `${ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`,
      data: { SalesOrderType: 'OR', SalesOrganization: '1710', DistributionChannel: '10', OrganizationDivision: '00', SoldToParty: '10000002', PurchaseOrderByCustomer: 'SDK-1', to_Item: { results: [{ Material: sku, RequestedQuantity: '4' }] } },
    });
    expect(res.status).toBe(201);
    expect(res.data.d.to_Item.results[0]).toMatchObject({ Material: sku, RequestedQuantity: '4.000' });
    expect(erp.standIn.state().sales.orders.filter((o) => o.PurchaseOrderByCustomer === 'SDK-1')).toHaveLength(1);
  });

  it('is refused (403 X-CSRF-Token: Required) when told not to fetch a token', async () => {
    const error = await executeHttpRequest(destination, { method: 'post', url: `${ROOT}/API_SALES_ORDER_SRV/A_SalesOrder`, data: {} }, { fetchCsrfToken: false }).catch((e: unknown) => e);
    type WithResponse = { response?: { status: number; headers: Record<string, string> }; cause?: WithResponse };
    const response = (error as WithResponse).response ?? (error as WithResponse).cause?.response;
    expect(response?.status).toBe(403);
    expect(response?.headers['x-csrf-token']).toBe('Required');
  });
});

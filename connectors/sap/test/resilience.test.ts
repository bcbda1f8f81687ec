import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SapConnector } from '../src/index.ts';
import { ROOT, startErp, type ErpFixture } from './harness.ts';

let erp: ErpFixture;

beforeAll(async () => {
  erp = await startErp();
});
afterAll(() => erp.close());
beforeEach(async () => {
  await erp.sandbox('reset');
});

describe('SapConnector resilience and error mapping', () => {
  it('a dead ERP opens the breaker; then calls fail fast without reaching it', async () => {
    const connector = erp.connector({ maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000, timeoutMs: 1000 });
    const sku = erp.standIn.retailer.variants[0]!.sku;
    await erp.sandbox('faults', { down: true });
    try {
      for (let i = 0; i < 3; i++) await expect(connector.plantStock([sku])).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp', circuitOpen: false });
      const reached = erp.standIn.requests.length;
      const started = Date.now();
      await expect(connector.salesPrices([sku], 'USD')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp', circuitOpen: true });
      // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
      expect(Date.now() - started).toBeLessThan(1000);
      expect(erp.standIn.requests.length).toBe(reached);
    } finally {
      await erp.sandbox('faults', { down: false });
    }
  });

  it('honours 503 + Retry-After: nothing is sent to the ERP inside the wait window', async () => {
    const connector = erp.connector({ maxRetries: 2 });
    await erp.sandbox('outage', { requests: 1, retryAfterSeconds: 1 });
    const sku = erp.standIn.retailer.variants[0]!.sku;
    const before = erp.standIn.requests.length;
    const first = connector.products([sku]);
    // A second, unrelated call issued during the window must wait too.
    await new Promise((r) => setTimeout(r, 100));
    const second = connector.reorderPoints([sku]);
    const [materials, points] = await Promise.all([first, second]);
    expect(materials).toHaveLength(1);
    expect(points).toHaveLength(1);
    const [refused, ...later] = erp.standIn.requests.slice(before);
    expect(later).toHaveLength(2);
    for (const r of later) expect(r.at - refused!.at).toBeGreaterThanOrEqual(990);
  });

  it('maps Gateway errors to ConnectorError with the OData error code as vendorCode', async () => {
    const connector = erp.connector();
    const badFilter = await connector.client.list('API_PRODUCT_SRV', 'A_Product', { $filter: "Colour eq 'red'" }).catch((e: unknown) => e);
    expect(badFilter).toMatchObject({ code: 'UPSTREAM_REJECTED', system: 'erp', statusCode: 400, vendorCode: '/IWBEP/CM_MGW_RT/021' });
    const missingSet = await connector.client.list('API_PRODUCT_SRV', 'A_Nothing').catch((e: unknown) => e);
    expect(missingSet).toMatchObject({ code: 'UPSTREAM_NOT_FOUND', vendorCode: '/IWBEP/CM_MGW_RT/020' });
    expect(await connector.client.get('API_PRODUCT_SRV', "A_Product('NOPE')")).toBeUndefined();
    const wrongPassword = new SapConnector({ baseUrl: erp.url, user: 'UCG_DEV', password: 'wrong', maxRetries: 0 });
    await expect(wrongPassword.plantStock(['X'])).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', statusCode: 401 });
    await wrongPassword.close();
  });

  it('maps a failed read inside a $batch like the same failure outside one', async () => {
    const error = await erp.connector().batch('API_PRODUCT_SRV', [{ path: 'A_Product', query: { $top: 1 } }, { path: 'A_Product', query: { $filter: 'Nope eq 1' } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_REJECTED', statusCode: 400, vendorCode: '/IWBEP/CM_MGW_RT/021' });
    expect((await erp.calls())[`POST ${ROOT}/API_PRODUCT_SRV/$batch`]).toBe(1);
  });
});

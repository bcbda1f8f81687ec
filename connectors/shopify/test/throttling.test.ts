import { isConnectorError } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { adminCalls, harness, rawQuery } from './helpers.ts';

describe('calculated-cost throttling', () => {
  it('after THROTTLED, sends nothing until the bucket holds the query cost again', async () => {
    const { standIn, connector, url, requests } = await harness({}, { bucket: { maximumAvailable: 300, restoreRate: 150, maxQueryCost: 300 } });
    const handle = standIn.state.products[0]!.seed.handle;
    // Another process of the app spends the shared bucket (252 points, all of them used).
    await rawQuery(url, '{ productVariants(first: 250) { nodes { id } } }');
    const product = await connector.productByHandle(handle);
    expect(product?.handle).toBe(handle);

    const mine = requests.slice(1);
    const throttled = mine.findIndex((r) => r.throttled);
    expect(throttled).toBe(0);
    const refused = mine[throttled]!;
    const retry = mine[throttled + 1]!;
    expect(retry.throttled).toBe(false);
    // Shopify refills restoreRate points a second: the retry may not arrive before the shortfall is restored.
    const neededMs = ((refused.requested! - refused.available!) / refused.restoreRate!) * 1000;
    expect(neededMs).toBeGreaterThan(100);
    expect(retry.at - refused.at).toBeGreaterThanOrEqual(neededMs - 5);
    expect(mine).toHaveLength(2);
  });

  it('holds back the next page when the bucket could not pay for it, instead of being throttled', async () => {
    const { connector, requests } = await harness({}, { bucket: { maximumAvailable: 1000, restoreRate: 1000, maxQueryCost: 1000 } });
    await connector.listProducts();
    const pages = requests.filter((r) => !r.maxCost);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.filter((r) => r.throttled)).toEqual([]);
  });

  it('fails at once with UPSTREAM_RATE_LIMITED when the refill would take longer than it may wait', async () => {
    const { standIn, connector, url } = await harness({ maxThrottleWaitMs: 2000 }, { bucket: { maximumAvailable: 300, restoreRate: 1, maxQueryCost: 300 } });
    await rawQuery(url, '{ productVariants(first: 250) { nodes { id } } }');
    const started = performance.now();
    const error = await connector.productByHandle(standIn.state.products[0]!.seed.handle).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe('UPSTREAM_RATE_LIMITED');
    expect(isConnectorError(error) && error.vendorCode).toBe('THROTTLED');
    expect(isConnectorError(error) && error.retryAfterMs).toBeGreaterThan(2000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await adminCalls(url)).toBe(2);
  });
});

import { isConnectorError } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { adminCalls, harness } from './helpers.ts';

describe('resilience', () => {
  it('a dead store opens the breaker, then calls fail fast without reaching it', async () => {
    const { connector, url } = await harness({ maxRetries: 1, breakerThreshold: 2, breakerHalfOpenAfterMs: 60_000, timeoutMs: 1000 });
    await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }) });
    const first = await connector.productByHandle('anything').catch((e: unknown) => e);
    expect(isConnectorError(first) && first.code).toBe('UPSTREAM_UNAVAILABLE');
    const reached = await adminCalls(url);
    const started = performance.now();
    const fast = await connector.productByHandle('anything').catch((e: unknown) => e);
    expect(isConnectorError(fast) && fast.circuitOpen).toBe(true);
    expect(isConnectorError(fast) && fast.code).toBe('UPSTREAM_UNAVAILABLE');
    // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await adminCalls(url)).toBe(reached);
  });

  it('maps a refused token to UPSTREAM_AUTH_FAILED without retrying', async () => {
    const { connector, url } = await harness({ accessToken: 'shpat_wrong' });
    const error = await connector.productByHandle('anything').catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(await adminCalls(url)).toBe(1);
  });

  it('retries an outage answer from Shopify and succeeds', async () => {
    // The first call gets Shopify's 503; the shop recovers right after it.
    const { standIn, connector, url } = await harness({}, {}, (s) => {
      s.sandbox.faults = { ...s.sandbox.faults, errorRate: 1 };
      s.app.addHook('onResponse', async (_request, reply) => {
        if (reply.statusCode === 503) s.sandbox.faults = { ...s.sandbox.faults, errorRate: 0 };
      });
    });
    const handle = standIn.state.products[0]!.seed.handle;
    expect((await connector.productByHandle(handle))?.handle).toBe(handle);
    expect(await adminCalls(url)).toBe(2);
  });
});

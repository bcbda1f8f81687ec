import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '@ucg/connector-core';
import { WooCommerceConnector, signOAuth1 } from '../src/index.ts';
import { startHarness, type Harness } from './helpers.ts';

describe('connector resilience against the WooCommerce stand-in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await fetch(`${h.url}/__sandbox/reset`, { method: 'POST' });
  });
  afterAll(() => h.close());

  const nonceOf = (url: string) => new URL(url, 'http://x').searchParams.get('oauth_nonce');

  it('is accepted with its OAuth 1.0a signature; a wrong signature, a replayed nonce and a stale timestamp are refused with Woo’s 401', async () => {
    const url = new URL(`${h.url}/wp-json/wc/v3/orders?per_page=1`);
    signOAuth1('GET', url, { consumerKey: 'ck_ucg_dev', consumerSecret: 'cs_ucg_dev' }, { nonce: 'fixed-nonce-1' });
    expect((await fetch(url)).status).toBe(200);
    const replay = await fetch(url);
    expect([replay.status, ((await replay.json()) as { message: string }).message]).toEqual([401, 'Invalid nonce - nonce has already been used.']);

    const stale = new URL(`${h.url}/wp-json/wc/v3/orders`);
    signOAuth1('GET', stale, { consumerKey: 'ck_ucg_dev', consumerSecret: 'cs_ucg_dev' }, { timestamp: Math.floor(Date.now() / 1000) - 16 * 60 });
    expect(await (await fetch(stale)).json()).toEqual({ code: 'woocommerce_rest_authentication_error', message: 'Invalid timestamp.', data: { status: 401 } });

    const wrong = h.connector({ consumerSecret: 'cs_wrong' });
    const error = await wrong.orderByNumber('50001').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', system: 'marketplace', statusCode: 401, vendorCode: 'woocommerce_rest_authentication_error' });
  });

  it('refuses Basic/query auth on a plain-HTTP base URL, where WooCommerce would ignore it', () => {
    expect(() => new WooCommerceConnector({ baseUrl: h.url, consumerKey: 'k', consumerSecret: 's', auth: 'basic' })).toThrow(/needs an https/);
  });

  it('honours the host’s 429 Retry-After: nothing is sent inside the window, and the retry is signed afresh', async () => {
    await h.sandbox('rate-limit', { limit: 2, windowMs: 1000 });
    const connector = h.connector();
    const start = h.arrivals.length;
    const answers = await Promise.all([1, 2, 3].map(() => connector.client.get<unknown[]>('products', { per_page: 1 })));
    expect(answers.every((a) => a.length === 1)).toBe(true);
    const calls = h.arrivals.slice(start);
    expect(calls).toHaveLength(4);
    // The third call was refused; the retry came a full Retry-After (1 s) later and nothing in between.
    const refusedAt = calls[2]!.at;
    expect(calls[3]!.at - refusedAt).toBeGreaterThanOrEqual(990);
    expect(new Set(calls.map((c) => nonceOf(c.url))).size).toBe(4);
  });

  it('waits out WordPress maintenance (503 + Retry-After) and then succeeds', async () => {
    await h.sandbox('maintenance', { on: true, retryAfterSec: 1 });
    setTimeout(() => void h.sandbox('maintenance', { on: false }), 300);
    const start = h.arrivals.length;
    const order = await h.connector().orderByNumber('50001');
    expect(order?.number).toBe('50001');
    const calls = h.arrivals.slice(start);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('opens the breaker on a dead store and then fails fast without calling it', async () => {
    const connector = h.connector({ maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    await h.sandbox('faults', { down: true });
    for (let i = 0; i < 3; i++) await expect(connector.orderByNumber('50001')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'marketplace' });
    const calls = async () => ((await (await fetch(`${h.url}/__sandbox/calls`)).json()) as { total: number }).total;
    const before = await calls();
    const started = Date.now();
    const error = await connector.orderByNumber('50001').catch((e: unknown) => e);
    expect(isConnectorError(error) && error.circuitOpen).toBe(true);
    // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await calls()).toBe(before);
  });

  it('maps WooCommerce errors to ConnectorErrors with the vendor code', async () => {
    const connector = h.connector();
    await expect(connector.client.get('products/99999999')).rejects.toMatchObject({ code: 'UPSTREAM_NOT_FOUND', statusCode: 404, vendorCode: 'woocommerce_rest_product_invalid_id' });
    await expect(connector.client.get('orders', { per_page: 101 })).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', statusCode: 400, vendorCode: 'rest_invalid_param' });
  });
});

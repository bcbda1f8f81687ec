import { afterEach, describe, expect, it } from 'vitest';
import { harness, TOKEN, type Harness } from './helpers.ts';

describe('ShipBobConnector: throttling, outages and error mapping', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('honours x-retry-after: after a 429 it sends nothing to ShipBob until the wait is over', async () => {
    h = await harness({ rateLimit: { limit: 2, windowMs: 1500 } });
    const connector = h.connector();
    // Another client of the same account spends the window first.
    for (let i = 0; i < 2; i++) await fetch(`${h.url}/2026-01/channel`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const locations = await connector.locations();
    expect(locations).toHaveLength(4);
    const log = h.standIn.requests.filter((r) => r.url.startsWith('/2026-01/location'));
    const refused = log.findIndex((r) => r.status === 429);
    expect(refused).toBe(0);
    const retryAfterMs = 2 * 1000; // ceil(1500 ms) as ShipBob states it, in whole seconds
    const next = log[refused + 1]!;
    expect(next.status).toBe(200);
    expect(next.at - log[refused]!.at).toBeGreaterThanOrEqual(retryAfterMs);
  });

  it('holds every call, not just the retried one, while ShipBob asks it to wait', async () => {
    h = await harness({ rateLimit: { limit: 1, windowMs: 1000 } });
    const connector = h.connector();
    await fetch(`${h.url}/2026-01/channel`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const first = connector.locations();
    await new Promise((r) => setTimeout(r, 100));
    const second = connector.order('240000001');
    await Promise.all([first, second]);
    const log = h.standIn.requests.filter((r) => !r.url.startsWith('/2026-01/channel'));
    const refusedAt = log.find((r) => r.status === 429)!.at;
    const windowEnd = refusedAt + 1000;
    expect(log.filter((r) => r.at > refusedAt && r.at < windowEnd)).toEqual([]);
  });

  it('paces itself with x-remaining-calls so a burst never meets a 429', async () => {
    h = await harness({ rateLimit: { limit: 3, windowMs: 800 } });
    const connector = h.connector({ rateLimit: { limit: 3, windowMs: 800 } });
    const started = Date.now();
    for (let i = 0; i < 7; i++) await connector.locations();
    const log = h.standIn.requests;
    expect(log.filter((r) => r.status === 429)).toEqual([]);
    expect(log.filter((r) => r.status === 200)).toHaveLength(7);
    // 7 calls at 3 per 800 ms need at least two full windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1600);
  });

  it('opens the breaker on a dead ShipBob and then fails fast without calling it', async () => {
    h = await harness();
    const connector = h.connector({ maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    await h.sandbox('/__sandbox/faults', { down: true });
    for (let i = 0; i < 3; i++) await expect(connector.locations()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: '3pl-us' });
    const calls = (await h.calls()).total;
    const started = Date.now();
    const error = await connector.inventoryLevels(['NW100001-OCH-M']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', circuitOpen: true, system: '3pl-us' });
    // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await h.calls()).total).toBe(calls);
  });

  it('maps ShipBob’s outage answer (503) to UPSTREAM_UNAVAILABLE after retrying', async () => {
    h = await harness();
    await h.sandbox('/__sandbox/faults', { errorRate: 1 });
    await expect(h.connector({ maxRetries: 1 }).locations()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', statusCode: 503 });
    expect((await h.calls()).byEndpoint['GET /2026-01/location']).toBe(2);
  });

  it('maps a refused token to UPSTREAM_AUTH_FAILED', async () => {
    h = await harness();
    await expect(h.connector({ token: 'expired' }).locations()).rejects.toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', statusCode: 401, system: '3pl-us' });
  });
});

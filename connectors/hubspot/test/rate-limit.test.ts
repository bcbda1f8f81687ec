import { isConnectorError } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { crmCalls, harness } from './helpers.ts';

/** Largest number of calls that arrived within any `windowMs` (the stand-in's clock). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) most = Math.max(most, times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length);
  return most;
}

describe('HubSpot rate limits', () => {
  it('slows down before the ten-second window runs out, from the rate-limit headers alone', async () => {
    const { standIn, connector } = await harness({ pageSize: 20 }, { limits: { max: 5, intervalMs: 1000 } });
    const started = Date.now();
    const contacts = await connector.listContacts();
    expect(contacts).toHaveLength(standIn.store.list('contacts').length);
    const calls = crmCalls(standIn);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(busiestWindow(calls.map((c) => c.at), 1000)).toBeLessThanOrEqual(5);
    // Twelve-odd calls at five a second cannot take less than two seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(Math.floor((calls.length - 1) / 5) * 1000);
  });

  it('after a 429 sends nothing, from any caller, until the window has passed', async () => {
    const { standIn, url, connector } = await harness({}, { limits: { max: 3, intervalMs: 1000 } });
    // Another integration of the same portal spends the whole budget.
    for (let i = 0; i < 3; i++) await fetch(`${url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: 'Bearer pat-ucg-dev' } });
    const first = connector.contactById('51');
    await new Promise((r) => setTimeout(r, 50));
    const second = connector.contactsByEmail(['ava.chen@example.com']);
    expect((await first)?.email).toBe('ava.chen@example.com');
    expect(await second).toHaveLength(1);

    const calls = crmCalls(standIn).slice(3);
    const refused = calls.filter((c) => c.status === 429);
    expect(refused).toHaveLength(1);
    const after = calls.slice(calls.indexOf(refused[0]!) + 1);
    expect(after.map((c) => c.status)).toEqual([200, 200]);
    for (const call of after) expect(call.at - refused[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('fails fast on the daily limit instead of waiting until midnight', async () => {
    const { standIn, connector } = await harness({}, { limits: { daily: 2 } });
    await connector.contactById('51');
    await connector.contactById('54');
    const started = Date.now();
    const error = await connector.contactById('57').catch((e: unknown) => e);
    expect(isConnectorError(error) && { code: error.code, vendorCode: error.vendorCode, retryable: error.retryable }).toEqual({ code: 'UPSTREAM_RATE_LIMITED', vendorCode: 'DAILY', retryable: false });
    expect(Date.now() - started).toBeLessThan(500);
    expect(crmCalls(standIn).map((c) => c.status)).toEqual([200, 200, 429]);
  });

  it('paces search to its own per-second limit, which sends no headers to read', async () => {
    const { standIn, connector } = await harness({ searchRequestsPerSecond: 2, searchPageSize: 10 }, { limits: { searchPerSecond: 2 } });
    const expected = standIn.store.list('contacts').filter((c) => Number(c.properties.loyalty_points) >= 3000).length;
    expect(expected).toBeGreaterThan(40);
    const found = await connector.searchContacts({ minPoints: 3000 });
    expect(found).toHaveLength(expected);
    const calls = crmCalls(standIn);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    expect(busiestWindow(calls.map((c) => c.at), 1000)).toBeLessThanOrEqual(2);
  });
});

import { isConnectorError } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { HubSpotConnector } from '../src/index.ts';
import { crmCalls, harness } from './helpers.ts';

async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return { code: error.code, system: error.system, statusCode: error.statusCode, vendorCode: error.vendorCode, circuitOpen: error.circuitOpen };
}

describe('HubSpot failures', () => {
  it('opens the breaker when the CRM is dead and then fails fast without calling it', async () => {
    const { standIn, url, connector } = await harness({ maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }) });
    for (let i = 0; i < 3; i++) {
      expect(await failure(connector.contactsByEmail(['ava.chen@example.com']))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm', circuitOpen: false });
    }
    const attempts = standIn.sandbox.snapshot().total;
    const started = Date.now();
    expect(await failure(connector.contactById('51'))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm', circuitOpen: true });
    // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
    expect(Date.now() - started).toBeLessThan(1000);
    expect(standIn.sandbox.snapshot().total).toBe(attempts);
  });

  it('retries an outage answer on reads and gets through once the CRM recovers', async () => {
    const { standIn, connector } = await harness({ maxRetries: 5, baseDelayMs: 20, breakerThreshold: 10 });
    standIn.sandbox.faults = { ...standIn.sandbox.faults, errorRate: 1 };
    const read = connector.contactsByEmail(['ava.chen@example.com']);
    while (standIn.sandbox.snapshot().total < 2) await new Promise((r) => setTimeout(r, 1));
    standIn.sandbox.faults = { ...standIn.sandbox.faults, errorRate: 0 };
    expect(await read).toHaveLength(1);
    expect(standIn.sandbox.snapshot().total).toBeGreaterThanOrEqual(3);
  });

  it('maps a refused token to UPSTREAM_AUTH_FAILED with HubSpot’s category', async () => {
    const { url } = await harness();
    const wrong = new HubSpotConnector({ baseUrl: url, token: 'pat-wrong' });
    expect(await failure(wrong.contactById('51'))).toMatchObject({ code: 'UPSTREAM_AUTH_FAILED', statusCode: 401, vendorCode: 'INVALID_AUTHENTICATION' });
    await wrong.close();
  });

  it('maps HubSpot validation errors to UPSTREAM_REJECTED and does not resend the write', async () => {
    const { standIn, connector } = await harness();
    const write = connector.client.json({ method: 'PATCH', path: '/crm/v3/objects/contacts/51', body: { properties: { loyalty_tier: 'diamond' } } });
    expect(await failure(write)).toMatchObject({ code: 'UPSTREAM_REJECTED', statusCode: 400, vendorCode: 'VALIDATION_ERROR' });
    expect(crmCalls(standIn)).toHaveLength(1);
  });
});

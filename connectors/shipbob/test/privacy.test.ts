import { demoCustomerEmail, generateRetailer } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';

// A tenth of the retailer: the export walks every order page, and fewer pages keep the suite quick.
const seed = { scale: 0.1 };
const retailer = generateRetailer(seed);

describe('ShipBobConnector: privacy requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ seed });
  });
  afterAll(() => h.close());

  const ordersShippedTo = (email: string) => retailer.orders.filter((o) => o.fulfilledBy === '3pl-us' && o.email?.toLowerCase() === email.toLowerCase());

  it('exports every order ShipBob holds for a person, found by walking all order pages', async () => {
    const email = demoCustomerEmail;
    const expected = ordersShippedTo(email);
    expect(expected.length).toBeGreaterThan(0);
    const exported = await h.connector().exportPerson(email.toUpperCase());
    expect(exported.system).toBe('3pl-us');
    expect(exported.recordCount).toBe(expected.length);
    expect(exported.records.map((r) => (r as { referenceId: string }).referenceId).sort()).toEqual(expected.map((o) => o.number).sort());
    expect(exported.records[0]).toMatchObject({ kind: 'fulfilment-order', recipient: { email: expect.stringMatching(new RegExp(email, 'i')), address: expect.any(Object) } });
    const pages = (await h.calls()).byEndpoint['GET /2026-01/order']!;
    expect(pages).toBe(Math.ceil(retailer.orders.filter((o) => o.fulfilledBy === '3pl-us').length / 250));
  });

  it('answers an erasure with RETAINED and says what ShipBob holds, since its API cannot erase recipients', async () => {
    const result = await h.connector().erasePerson(demoCustomerEmail);
    expect(result.status).toBe('RETAINED');
    expect(result.detail).toContain(`${ordersShippedTo(demoCustomerEmail).length} fulfilment order(s)`);
    expect(result.detail).toMatch(/cannot delete or anonymise/);
  });

  it('reports NOT_FOUND for someone ShipBob never shipped to', async () => {
    const connector = h.connector();
    expect(await connector.erasePerson('nobody@example.invalid')).toEqual({ system: '3pl-us', status: 'NOT_FOUND' });
    expect(await connector.exportPerson('nobody@example.invalid')).toEqual({ system: '3pl-us', recordCount: 0, records: [] });
  });
});

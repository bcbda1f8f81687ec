import { describe, expect, it } from 'vitest';
import { crmCalls, harness } from './helpers.ts';

describe('HubSpot contacts', () => {
  it('reads contacts by email case-insensitively, in one batch, leaving unknown emails out', async () => {
    const { standIn, connector } = await harness();
    const ava = standIn.store.find('contacts', 'ava.chen@example.com', 'email')!;
    const contacts = await connector.contactsByEmail(['Ava.Chen@EXAMPLE.com', ' ava.chen@example.com', 'nobody@example.org']);
    expect(contacts).toEqual([{
      system: 'crm', nativeId: ava.id, email: 'ava.chen@example.com', firstName: 'Ava', lastName: 'Chen',
      loyaltyPoints: Number(ava.properties.loyalty_points), loyaltyTier: 'GOLD',
      storeCredit: { amount: '25.00', currencyCode: 'USD' }, companyId: null,
    }]);
    // Partly found is HubSpot's 207 Multi-Status: still a success for the found ones.
    expect(crmCalls(standIn).map((c) => `${c.method} ${c.url} ${c.status}`)).toEqual(['POST /crm/v3/objects/contacts/batch/read 207']);
  });

  it('splits more than 100 emails into batches of 100', async () => {
    const { standIn, connector } = await harness();
    const emails = standIn.store.list('contacts').slice(0, 150).map((c) => c.properties.email!.toUpperCase());
    const contacts = await connector.contactsByEmail(emails);
    expect(contacts).toHaveLength(150);
    expect(crmCalls(standIn)).toHaveLength(2);
  });

  it('reads one contact by id and answers null for an unknown id', async () => {
    const { standIn, connector } = await harness();
    const record = standIn.store.list('contacts')[3]!;
    expect((await connector.contactById(record.id))?.email).toBe(record.properties.email);
    expect(await connector.contactById('999999999')).toBeNull();
  });

  it('walks every page of the contact list', async () => {
    const { standIn, connector } = await harness({ pageSize: 20 });
    const expected = standIn.store.list('contacts').map((c) => c.id);
    const contacts = await connector.listContacts();
    expect(contacts.map((c) => c.nativeId)).toEqual(expected);
    expect(crmCalls(standIn)).toHaveLength(Math.ceil(expected.length / 20));
  });

  it('walks every page of a search', async () => {
    const { standIn, connector } = await harness({ searchPageSize: 5, searchRequestsPerSecond: 50 }, { limits: { searchPerSecond: 50 } });
    const expected = standIn.store.list('contacts').filter((c) => ['gold', 'platinum'].includes(c.properties.loyalty_tier!) && Number(c.properties.loyalty_points) >= 6000).map((c) => c.id);
    expect(expected.length).toBeGreaterThan(10);
    const found = await connector.searchContacts({ tiers: ['GOLD', 'PLATINUM'], minPoints: 6000 });
    expect(found.map((c) => c.nativeId)).toEqual(expected);
    expect(crmCalls(standIn, '/crm/v3/objects/contacts/search')).toHaveLength(Math.ceil(expected.length / 5));
  });

  it('searches past the result cap by restarting after the last id, never following a refused cursor', async () => {
    // HubSpot caps a search at 10,000 results; the stand-in's cap is lowered so the small seed crosses it.
    const { standIn, connector } = await harness(
      { searchPageSize: 10, searchMaxResults: 30, searchRequestsPerSecond: 100 },
      { limits: { searchMaxTotal: 30, searchPerSecond: 100 } },
    );
    const all = standIn.store.list('contacts').map((c) => c.id);
    expect(all.length).toBeGreaterThan(100);
    const found = await connector.searchContacts({});
    expect(found.map((c) => c.nativeId)).toEqual(all);
    expect(crmCalls(standIn).every((c) => c.status === 200)).toBe(true);
  });

  it('finds the buyers of one partner company and contacts changed since a date', async () => {
    const { standIn, connector } = await harness({ searchRequestsPerSecond: 50 }, { limits: { searchPerSecond: 50 } });
    const company = standIn.store.list('companies')[1]!;
    const buyers = await connector.searchContacts({ companyId: company.id });
    expect(buyers).toHaveLength(3);
    expect(buyers.every((b) => b.companyId === company.id && b.email.endsWith(`@${company.properties.domain}`))).toBe(true);
    expect((await connector.searchContacts({ emailDomain: company.properties.domain! })).map((c) => c.nativeId)).toEqual(buyers.map((b) => b.nativeId));

    const before = new Date().toISOString();
    await connector.setLoyalty('ava.chen@example.com', { points: 8000 });
    expect((await connector.searchContacts({ updatedSince: before })).map((c) => c.email)).toEqual(['ava.chen@example.com']);
  });
});

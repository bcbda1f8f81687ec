import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('HubSpot privacy', () => {
  it('exports every property the CRM holds about a person, custom loyalty ones and associations included', async () => {
    const { standIn, connector } = await harness();
    const buyer = standIn.retailer.people.find((p) => p.companyId === 'acme')!;
    await connector.updateLoyalty(buyer.email, { operationId: 'order-9:earn', pointsDelta: 5 });
    const exported = await connector.exportPerson(buyer.email.toUpperCase());
    expect(exported).toMatchObject({ system: 'crm', recordCount: 1 });
    const record = exported.records[0] as { properties: Record<string, string>; associatedCompanyIds: string[] };
    expect(record.properties).toMatchObject({
      email: buyer.email, firstname: buyer.firstName, phone: buyer.phone, loyalty_points: '5', loyalty_tier: 'bronze', store_credit_balance: '0.00',
    });
    expect(record.properties.loyalty_ledger).toContain('order-9:earn');
    expect(record.associatedCompanyIds).toEqual([standIn.store.list('companies').find((c) => c.properties.partner_key === 'acme')!.id]);
    expect(await connector.exportPerson('nobody@example.org')).toEqual({ system: 'crm', recordCount: 0, records: [] });
  });

  it('erases a person permanently with HubSpot GDPR delete, and reports an unknown email as not found', async () => {
    const { standIn, connector } = await harness();
    expect(await connector.erasePerson('Ava.Chen@example.com')).toMatchObject({ system: 'crm', status: 'ERASED' });
    expect(await connector.contactsByEmail(['ava.chen@example.com'])).toEqual([]);
    expect(standIn.store.blocklist.has('ava.chen@example.com')).toBe(true);
    expect(await connector.erasePerson('ava.chen@example.com')).toEqual({ system: 'crm', status: 'NOT_FOUND' });
    // Not found: the address is not blocklisted on a stranger's behalf.
    expect(await connector.erasePerson('stranger@example.org')).toEqual({ system: 'crm', status: 'NOT_FOUND' });
    expect(standIn.store.blocklist.has('stranger@example.org')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('HubSpot partner companies', () => {
  it('lists every partner company with its customer group and contact count', async () => {
    const { standIn, connector } = await harness({ pageSize: 4 });
    const companies = await connector.companies();
    expect(companies.map((c) => c.partnerKey)).toEqual(standIn.retailer.companies.map((c) => c.partnerKey));
    const acme = standIn.retailer.companies.find((c) => c.id === 'acme')!;
    expect(companies.find((c) => c.partnerKey === 'acme')).toMatchObject({
      system: 'crm', name: acme.name, domain: acme.domain, countryCode: 'US', customerGroup: acme.customerGroup, erpCustomerId: acme.erpCustomerId, contactCount: 3,
    });
  });

  it('reads one company, its buyers, and the company of a buyer', async () => {
    const { standIn, connector } = await harness();
    const record = standIn.store.list('companies').find((c) => c.properties.partner_key === 'alpenhaus')!;
    const company = await connector.companyById(record.id);
    expect(company).toMatchObject({ nativeId: record.id, customerGroup: 'B3', countryCode: 'DE' });
    expect(await connector.companyById('1')).toBeNull();

    const buyers = await connector.contactsOfCompany(record.id);
    const seeded = standIn.retailer.people.filter((p) => p.companyId === 'alpenhaus').map((p) => p.email);
    expect(buyers.map((b) => b.email).sort()).toEqual(seeded.sort());
    expect(buyers.every((b) => b.companyId === record.id)).toBe(true);

    expect(await connector.companyForContact(seeded[0]!.toUpperCase())).toEqual(company);
    expect(await connector.companyForContact('ava.chen@example.com')).toBeNull();
    expect(await connector.companyForContact('nobody@example.org')).toBeNull();
  });
});

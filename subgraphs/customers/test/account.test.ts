import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail, type Person } from '@ucg/legacy-seed';
import { customerIdForEmail } from '@ucg/request-context';
import { expectedChannels, expectedPointsValue } from './expectations.ts';
import { errorsAt, startWorld, type World } from './harness.ts';

const ME = /* GraphQL */ `
  query Me {
    me {
      id email firstName lastName channels
      loyalty { points tier pointsValue { amount currencyCode } }
      storeCredit { amount currencyCode }
      company { id name }
    }
  }
`;

interface MeData {
  me: {
    id: string;
    email: string;
    firstName: string | null;
    lastName: string | null;
    channels: string[] | null;
    loyalty: { points: number; tier: string | null; pointsValue: { amount: string; currencyCode: string } | null } | null;
    storeCredit: { amount: string; currencyCode: string } | null;
    company: { id: string; name: string } | null;
  } | null;
}

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Customer { id email firstName loyalty { points } storeCredit { amount } } }
  }
`;

describe('me: one person across the CRM, the web store and the marketplace', () => {
  let w: World;
  let ava: Person;
  beforeAll(async () => {
    w = await startWorld();
    ava = w.index.personByEmail.get(demoCustomerEmail)!;
  });
  afterAll(() => w?.close());

  it('answers MyAccount\'s fields for the demo customer from the seed, calling each system once', async () => {
    await w.resetCalls();
    const res = await w.gql<MeData>(ME, {}, { customer: demoCustomerEmail });
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({
      id: customerIdForEmail(demoCustomerEmail),
      email: demoCustomerEmail,
      firstName: ava.firstName,
      lastName: ava.lastName,
      channels: expectedChannels(w.index, ava),
      loyalty: { points: ava.crm!.loyaltyPoints, tier: ava.crm!.tier, pointsValue: expectedPointsValue(w.retailer, ava.crm!.loyaltyPoints, 'USD') },
      storeCredit: { amount: ava.crm!.storeCreditUsd, currencyCode: 'USD' },
      company: null,
    });
    // She is in every channel, POS included (the seed rings up one of her orders at a store).
    expect(res.data!.me!.channels).toEqual(['WEB', 'MARKETPLACE', 'POS']);
    // CRM: one batch read. Web store: accounts + newest orders. Marketplace: one lookup. No ERP call for USD.
    expect(await w.calls()).toEqual({ crm: 1, webstore: 2, marketplace: 1, erp: 0, '3pl-us': 0, '3pl-eu': 0 });
  });

  it('values points in the shopper\'s currency at the ERP\'s rates (read once, then shared through the Store)', async () => {
    await w.resetCalls();
    const eur = await w.gql<MeData>('{ me { loyalty { pointsValue { amount currencyCode } } } }', {}, { customer: demoCustomerEmail, country: 'DE', currency: 'EUR' });
    expect(eur.errors).toBeUndefined();
    expect(eur.data!.me!.loyalty!.pointsValue).toEqual(expectedPointsValue(w.retailer, ava.crm!.loyaltyPoints, 'EUR'));
    const gbp = await w.gql<MeData>('{ me { loyalty { pointsValue { amount currencyCode } } } }', {}, { customer: demoCustomerEmail, country: 'GB', currency: 'GBP' });
    expect(gbp.data!.me!.loyalty!.pointsValue).toEqual(expectedPointsValue(w.retailer, ava.crm!.loyaltyPoints, 'GBP'));
    expect((await w.calls()).erp).toBe(1);
  });

  it('matches a web-store account kept with a capitalised email, whatever case the token carries', async () => {
    const person = w.retailer.people.find((p) => p.webStore && p.webStore.emailAsStored !== p.email && p.crm)!;
    expect(person, 'the seed has people who typed their email capitalised in the web store').toBeDefined();
    const res = await w.gql<MeData>('{ me { id email channels firstName } }', {}, { customer: person.email.toUpperCase() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ id: customerIdForEmail(person.email), email: person.email, channels: expectedChannels(w.index, person), firstName: person.firstName });
    expect(res.data!.me!.channels).toContain('WEB');
  });

  it('names people the CRM does not know from their store accounts', async () => {
    const person = w.retailer.people.find((p) => !p.crm && (p.webStore || p.marketplace))!;
    const res = await w.gql<MeData>('{ me { firstName lastName loyalty { points } storeCredit { amount } channels } }', {}, { customer: person.email });
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ firstName: person.firstName, lastName: person.lastName, loyalty: null, storeCredit: null, channels: expectedChannels(w.index, person) });
  });

  it('shows a partner company\'s buyer their company and the B2B channel', async () => {
    const buyer = w.retailer.people.find((p) => p.companyId)!;
    const company = w.retailer.companies.find((c) => c.id === buyer.companyId)!;
    const res = await w.gql<MeData>('{ me { channels company { id name } } }', {}, { customer: buyer.email });
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ channels: expectedChannels(w.index, buyer), company: { id: company.partnerKey, name: company.name } });
    expect(res.data!.me!.channels).toContain('B2B');
  });

  it('never resolves someone else\'s id, and resolves the owner\'s (what @requires(fields: "email") needs)', async () => {
    const other = w.retailer.people.find((p) => p.crm && p.email !== demoCustomerEmail)!;
    const avaRef = { __typename: 'Customer', id: customerIdForEmail(demoCustomerEmail) };
    const asOther = await w.gql<{ _entities: unknown[] }>(ENTITIES, { representations: [avaRef] }, { customer: other.email });
    expect(asOther.errors).toBeUndefined();
    expect(asOther.data!._entities).toEqual([null]);
    const anonymous = await w.gql<{ _entities: unknown[] }>(ENTITIES, { representations: [avaRef] });
    expect(anonymous.data!._entities).toEqual([null]);
    const staff = await w.gql<{ _entities: unknown[] }>(ENTITIES, { representations: [avaRef] }, { staffScopes: ['privacy:read'] });
    expect(staff.data!._entities).toEqual([null]);

    const own = await w.gql<{ _entities: unknown[] }>(ENTITIES, { representations: [avaRef] }, { customer: demoCustomerEmail });
    expect(own.data!._entities).toEqual([{ id: avaRef.id, email: demoCustomerEmail, firstName: 'Ava', loyalty: { points: ava.crm!.loyaltyPoints }, storeCredit: { amount: ava.crm!.storeCreditUsd } }]);

    const mine = await w.gql<MeData>('{ me { email loyalty { points } } }', {}, { customer: other.email });
    expect(mine.data!.me).toEqual({ email: other.email, loyalty: { points: other.crm!.loyaltyPoints } });
  });

  it('answers an anonymous `me` with UNAUTHENTICATED', async () => {
    const res = await w.gql<MeData>('{ me { email } }');
    expect(res.data?.me ?? null).toBeNull();
    expect(errorsAt(res, 'me')[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a partner resolve its own company and no other', async () => {
    const acme = w.retailer.companies.find((c) => c.partnerKey === 'acme')!;
    const query = 'query C($r: [_Any!]!) { _entities(representations: $r) { ... on Company { id name } } }';
    const r = [{ __typename: 'Company', id: 'acme' }, { __typename: 'Company', id: 'alpenhaus' }];
    const res = await w.gql<{ _entities: unknown[] }>(query, { r }, { partner: { companyId: 'acme' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: 'acme', name: acme.name }, null]);
  });
});

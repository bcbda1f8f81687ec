import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail, type Person } from '@ucg/legacy-seed';
import { expectedChannels, expectedPointsValue } from './expectations.ts';
import { errorsAt, startWorld, type LegacySystem, type World } from './harness.ts';

const ME = '{ me { email firstName lastName channels loyalty { points tier } storeCredit { amount currencyCode } } }';

interface MeData {
  me: { email: string; firstName: string | null; lastName: string | null; channels: string[] | null; loyalty: { points: number; tier: string } | null; storeCredit: { amount: string; currencyCode: string } | null } | null;
}

/**
 * One system down at a time (each test brings its system back): the answer keeps what the others
 * can give, and the error at the missing field names the system with a stable code. Each test asks
 * for a person this world has not read yet: a person already cached answers from the cache (see
 * cache.test.ts), which would hide the outage.
 */
describe('me while a legacy system is down', () => {
  let w: World;
  let ava: Person;
  const read = new Set<string>([demoCustomerEmail]);
  /** The first seeded person matching `test` that no earlier test asked for. */
  const uncached = (test: (p: Person) => boolean): Person => {
    const person = w.retailer.people.find((p) => !read.has(p.email) && test(p))!;
    read.add(person.email);
    return person;
  };
  beforeAll(async () => {
    w = await startWorld();
    ava = w.index.personByEmail.get(demoCustomerEmail)!;
  });
  afterAll(() => w?.close());

  async function whileDown<T>(system: LegacySystem, run: () => Promise<T>): Promise<T> {
    await w.faults(system, { down: true });
    try {
      return await run();
    } finally {
      await w.faults(system, { down: false });
    }
  }

  it('CRM down: loyalty and store credit are null with errors naming crm; email, names and channels come from the stores', async () => {
    const person = uncached((p) => !!p.crm && !!p.webStore && !p.companyId);
    const res = await whileDown('crm', () => w.gql<MeData>(ME, {}, { customer: person.email }));
    expect(res.data!.me).toEqual({ email: person.email.toLowerCase(), firstName: person.firstName, lastName: person.lastName, channels: expectedChannels(w.index, person), loyalty: null, storeCredit: null });
    for (const field of ['loyalty', 'storeCredit']) {
      const [error] = errorsAt(res, 'me', field);
      expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm' });
      expect(error?.message).toBe('crm is unavailable');
    }
  });

  it('marketplace down: channels are null with an error naming marketplace', async () => {
    const person = uncached((p) => !!p.crm && !!p.marketplace);
    const res = await whileDown('marketplace', () => w.gql<MeData>('{ me { email channels loyalty { points } } }', {}, { customer: person.email }));
    expect(res.data!.me).toEqual({ email: person.email.toLowerCase(), channels: null, loyalty: { points: person.crm!.loyaltyPoints } });
    expect(errorsAt(res, 'me', 'channels')[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'marketplace' });
  });

  it('ERP down: points stay, only their value in a foreign currency is null with an error naming erp', async () => {
    const query = '{ me { loyalty { points pointsValue { amount currencyCode } } } }';
    const res = await whileDown('erp', () => w.gql<{ me: { loyalty: unknown } }>(query, {}, { customer: demoCustomerEmail, country: 'FR', currency: 'EUR' }));
    expect(res.data!.me.loyalty).toEqual({ points: ava.crm!.loyaltyPoints, pointsValue: null });
    expect(errorsAt(res, 'me', 'loyalty', 'pointsValue')[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp' });
    // A US shopper's points need no rate: the ERP is not asked.
    const usd = await whileDown('erp', () => w.gql<{ me: { loyalty: unknown } }>(query, {}, { customer: demoCustomerEmail }));
    expect(usd.errors).toBeUndefined();
    expect(usd.data!.me.loyalty).toEqual({ points: ava.crm!.loyaltyPoints, pointsValue: expectedPointsValue(w.retailer, ava.crm!.loyaltyPoints, 'USD') });
  });

  // Last: Shopify's retries trip its circuit breaker, which then fails fast for a while.
  it('web store down: the CRM\'s golden record still answers; channels are null with an error naming webstore', async () => {
    const person = uncached((p) => !!p.crm && !!p.webStore);
    const res = await whileDown('webstore', () => w.gql<MeData>(ME, {}, { customer: person.email }));
    expect(res.data!.me).toEqual({
      email: person.email.toLowerCase(),
      firstName: person.firstName,
      lastName: person.lastName,
      channels: null,
      loyalty: { points: person.crm!.loyaltyPoints, tier: person.crm!.tier },
      storeCredit: { amount: person.crm!.storeCreditUsd, currencyCode: 'USD' },
    });
    expect(errorsAt(res, 'me', 'channels').map((e) => e.extensions?.system)).toEqual(['webstore']);
    expect(res.errors).toHaveLength(1);
  });
});

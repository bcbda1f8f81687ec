import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail, type Person } from '@ucg/legacy-seed';
import { customerIdForEmail } from '@ucg/request-context';
import { PERSON_ERASED_CHANNEL } from '../src/privacy/erased-channel.ts';
import { expectedChannels } from './expectations.ts';
import { startWorld, type World } from './harness.ts';

const ME = '{ me { id email firstName lastName channels loyalty { points tier } storeCredit { amount currencyCode } } }';

interface MeData {
  me: { id: string; email: string; firstName: string | null; lastName: string | null; channels: string[] | null; loyalty: { points: number; tier: string } | null; storeCredit: { amount: string; currencyCode: string } | null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `done` holds (or `withinMs` passes); resolves with the last answer and how long it took. */
async function until<T>(ask: () => Promise<T>, done: (answer: T) => boolean, withinMs: number): Promise<{ answer: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() - started > withinMs) return { answer, ms: Date.now() - started };
    await sleep(25);
  }
}

const expectedMe = (w: World, p: Person): MeData['me'] => ({
  id: customerIdForEmail(p.email),
  email: p.email.toLowerCase(),
  firstName: p.firstName,
  lastName: p.lastName,
  channels: expectedChannels(w.index, p),
  loyalty: p.crm ? { points: p.crm.loyaltyPoints, tier: p.crm.tier } : null,
  storeCredit: p.crm ? { amount: p.crm.storeCreditUsd, currencyCode: 'USD' } : null,
});

describe('me from the Store cache, kept current by pushes', () => {
  let w: World;
  let ava: Person;
  beforeAll(async () => {
    w = await startWorld();
    ava = w.index.personByEmail.get(demoCustomerEmail)!;
  });
  afterAll(() => w?.close());

  it('answers a second MyAccount without any legacy call; Store keys carry customer ids, never e-mails', async () => {
    await w.resetCalls();
    const cold = await w.gql<MeData>(ME, {}, { customer: demoCustomerEmail });
    expect(cold.errors).toBeUndefined();
    expect(cold.data!.me).toEqual(expectedMe(w, ava));
    expect(await w.calls()).toEqual({ crm: 1, webstore: 2, marketplace: 1, erp: 0, '3pl-us': 0, '3pl-eu': 0 });

    await w.resetCalls();
    const warm = await w.gql<MeData>(ME, {}, { customer: demoCustomerEmail.toUpperCase() });
    expect(warm).toEqual(cold);
    expect(await w.calls()).toEqual({ crm: 0, webstore: 0, marketplace: 0, erp: 0, '3pl-us': 0, '3pl-eu': 0 });

    const keys = [...w.writtenKeys];
    expect(keys.filter((k) => k.includes(customerIdForEmail(demoCustomerEmail)))).not.toEqual([]);
    expect(keys.filter((k) => k.includes('@') || k.toLowerCase().includes('ava.chen'))).toEqual([]);
  });

  it("never gives another customer's token Ava's cached answer", async () => {
    await w.gql<MeData>(ME, {}, { customer: demoCustomerEmail });
    const others = w.retailer.people.filter((p) => p.crm && p.email !== demoCustomerEmail && p.crm.loyaltyPoints !== ava.crm!.loyaltyPoints).slice(0, 3);
    for (const other of others) {
      await w.resetCalls();
      const res = await w.gql<MeData>(ME, {}, { customer: other.email });
      expect(res.errors).toBeUndefined();
      expect(res.data!.me).toEqual(expectedMe(w, other));
      expect(JSON.stringify(res)).not.toContain(customerIdForEmail(demoCustomerEmail));
      // Read from the CRM for them, not answered from Ava's copy.
      expect((await w.calls()).crm).toBe(1);
    }
    expect((await w.gql<MeData>(ME, {}, { customer: demoCustomerEmail })).data!.me).toEqual(expectedMe(w, ava));
  });

  it('shows a new till sale in channels within a second: the web store pushes orders/create', async () => {
    const person = w.retailer.people.find((p) => p.webStore && p.crm && !expectedChannels(w.index, p).includes('POS'))!;
    const channels = async () => (await w.gql<MeData>('{ me { channels } }', {}, { customer: person.email })).data!.me.channels;
    expect(await channels()).toEqual(expectedChannels(w.index, person));
    const store = w.retailer.locations.find((l) => l.system === 'webstore' && l.type === 'STORE')!;
    const sku = w.retailer.orders.find((o) => o.system === 'webstore')!.lines[0]!.sku;
    const sale = await fetch(`${w.urls.webstore}/__sandbox/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'pos', location: store.nativeId, email: person.email, lines: [{ sku, quantity: 1 }] }),
    });
    expect(sale.status).toBe(201);
    // The channels stay cached for a minute (WEB_ORDERS_CACHE_TTL_MS): only the push can make this quick.
    const { answer, ms } = await until(channels, (c) => c?.includes('POS') ?? false, 1000);
    expect(answer).toContain('POS');
    expect(ms).toBeLessThan(1000);
  });

  it('shows new loyalty points within a second: the CRM pushes the property change', async () => {
    const person = w.retailer.people.find((p) => p.crm && p.email !== demoCustomerEmail)!;
    const points = async () => (await w.gql<MeData>('{ me { loyalty { points } } }', {}, { customer: person.email })).data!.me.loyalty?.points;
    expect(await points()).toBe(person.crm!.loyaltyPoints);
    await w.systems.crm.setLoyalty(person.email, { points: person.crm!.loyaltyPoints + 250 });
    const { answer, ms } = await until(points, (p) => p === person.crm!.loyaltyPoints + 250, 1000);
    expect(answer).toBe(person.crm!.loyaltyPoints + 250);
    expect(ms).toBeLessThan(1000);
  });

  it('drops the cached copies of an erased person and tells the other subgraphs', async () => {
    const person = w.retailer.people.find((p) => p.crm && p.marketplace && !p.companyId && p.email !== demoCustomerEmail && !p.webStore)!;
    const before = await w.gql<MeData>(ME, {}, { customer: person.email });
    expect(before.data!.me).toEqual(expectedMe(w, person));
    const announced: string[] = [];
    const unsubscribe = await w.store.subscribe(PERSON_ERASED_CHANNEL, (m) => announced.push(m));
    try {
      const erased = await w.gql<{ customerErase: { request: { status: string } } }>('mutation E($e: String!) { customerErase(email: $e) { request { status } } }', { e: person.email }, { staffScopes: ['privacy:erase'] });
      expect(erased.errors).toBeUndefined();
      const after = await w.gql<MeData>(ME, {}, { customer: person.email });
      // The CRM and the marketplace no longer know the person: nothing of theirs is served from a copy.
      expect(after.data!.me).toMatchObject({ loyalty: null, storeCredit: null });
      expect(after.data!.me.channels ?? []).not.toContain('MARKETPLACE');
      await until(async () => announced.length, (n) => n > 0, 1000);
      expect(announced).toEqual([customerIdForEmail(person.email)]);
    } finally {
      await unsubscribe();
    }
  });
});

describe('me while a system is down, after the person was read', () => {
  let w: World;
  beforeAll(async () => {
    // Expired copies a moment after reading: what the last known value does once its TTL is over.
    w = await startWorld({ env: { CRM_CACHE_TTL_MS: '100', ACCOUNTS_CACHE_TTL_MS: '100', WEB_ORDERS_CACHE_TTL_MS: '100' } });
  });
  afterAll(() => w?.close());

  it('answers with the last known values (no error) when their systems are down past the TTL', async () => {
    const person = w.retailer.people.find((p) => p.crm && p.webStore && p.marketplace && !p.companyId)!;
    const fresh = await w.gql<MeData>(ME, {}, { customer: person.email });
    expect(fresh.data!.me).toEqual(expectedMe(w, person));
    await sleep(400);
    for (const system of ['crm', 'marketplace'] as const) await w.faults(system, { down: true });
    try {
      const res = await w.gql<MeData>(ME, {}, { customer: person.email });
      expect(res.errors).toBeUndefined();
      expect(res.data!.me).toEqual(expectedMe(w, person));
      // Someone never read has no last known value: the outage shows as before.
      const stranger = w.retailer.people.find((p) => p.crm && p.email !== person.email)!;
      const theirs = await w.gql<MeData>('{ me { loyalty { points } } }', {}, { customer: stranger.email });
      expect(theirs.data!.me.loyalty).toBeNull();
      expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm' });
    } finally {
      for (const system of ['crm', 'marketplace'] as const) await w.faults(system, { down: false });
    }
  });
});

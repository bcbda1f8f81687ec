import { demoCustomerEmail } from '@ucg/legacy-seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.ts';

describe('privacy requests against the marketplace', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const seedOrders = () => h.woo.retailer.orders.filter((o) => o.system === 'marketplace' && o.email === demoCustomerEmail);

  it('exports the customer account and every order of the person', async () => {
    const exported = await h.connector().exportPerson(demoCustomerEmail.toUpperCase());
    expect(exported.system).toBe('marketplace');
    expect(exported.recordCount).toBe(1 + seedOrders().length);
    expect(exported.records.filter((r) => (r as { type: string }).type === 'customer')).toHaveLength(1);
  });

  it('erases: deletes the customer, anonymises the orders WooCommerce keeps, and is safe to repeat', async () => {
    const connector = h.connector();
    const customerId = (await connector.customersByEmail([demoCustomerEmail]))[0]!.nativeId;
    const result = await connector.erasePerson(demoCustomerEmail);
    expect(result).toMatchObject({ system: 'marketplace', status: 'ERASED' });
    expect(result.detail).toContain(`${seedOrders().length} orders`);
    expect(await connector.customersByEmail([demoCustomerEmail])).toEqual([]);
    expect(h.woo.store().customers.has(Number(customerId))).toBe(false);
    expect((await connector.ordersByEmail(demoCustomerEmail)).nodes).toEqual([]);
    const kept = h.woo.store().orders.get(Number(seedOrders()[0]!.number))!;
    expect(kept).toMatchObject({ customer_id: 0, billing: { email: 'deleted@site.invalid', first_name: '[deleted]' }, total: seedOrders()[0]!.total });
    expect(await connector.erasePerson(demoCustomerEmail)).toEqual({ system: 'marketplace', status: 'NOT_FOUND' });
  });

  it('reports RETAINED when configured to leave the orders as accounting records', async () => {
    const person = h.woo.retailer.people.find((p) => p.marketplace && p.email !== demoCustomerEmail && h.woo.retailer.orders.some((o) => o.system === 'marketplace' && o.personKey === p.key && o.email))!;
    const result = await h.connector({ eraseOrders: 'retain' }).erasePerson(person.email);
    expect(result.status).toBe('RETAINED');
    expect(await h.connector().customersByEmail([person.email])).toEqual([]);
  });
});

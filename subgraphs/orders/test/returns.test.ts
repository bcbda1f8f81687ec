import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money } from '@ucg/connector-core';
import { demoCustomerEmail, type Order } from '@ucg/legacy-seed';
import { startLegacy, startSubgraph, type Caller, type LegacyWorld, type SubgraphUnderTest } from './harness.ts';

const RETURN = /* GraphQL */ `
  mutation Return($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { id status method location { id } lines { sku quantity reason } refund { amount currencyCode } }
      userErrors { code field message }
    }
  }
`;

interface ReturnAnswer {
  returnRequest: {
    return: { id: string; status: string; method: string; location: { id: string } | null; lines: { sku: string; quantity: number; reason: string }[]; refund: { amount: string; currencyCode: string } } | null;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
}

describe('returnRequest: buy anywhere, return anywhere', () => {
  let world: LegacyWorld;
  let orders: SubgraphUnderTest;
  let delivered: Order;
  let marketplace: Order;

  beforeAll(async () => {
    world = await startLegacy();
    orders = await startSubgraph(world);
    const ava = world.index.ordersByPerson.get(world.index.personByEmail.get(demoCustomerEmail)!.key)!;
    delivered = ava.find((o) => o.channel === 'WEB' && o.status === 'DELIVERED')!;
    marketplace = ava.find((o) => o.channel === 'MARKETPLACE')!;
  }, 120_000);
  afterAll(async () => {
    await orders?.close();
    await world?.close();
  });

  const file = async (input: Record<string, unknown>, caller: Caller = {}) => (await orders.query<ReturnAnswer>(RETURN, { input }, caller)).data!.returnRequest;
  const refundOf = (order: Order, sku: string, quantity: number) => money(new Big(order.lines.find((l) => l.sku === sku)!.unitPrice).times(quantity), order.currency);

  it('files a return by mail for the signed-in customer, refunding the prices paid, once per idempotency key', async () => {
    const line = delivered.lines[0]!;
    const input = { orderNumber: delivered.number, method: 'MAIL', lines: [{ sku: line.sku, quantity: 1, reason: 'DOES_NOT_FIT' }], idempotencyKey: 'ret-mail-1' };
    const first = await file(input, { customer: demoCustomerEmail });
    expect(first.userErrors).toEqual([]);
    expect(first.return).toMatchObject({ status: 'REQUESTED', method: 'MAIL', location: null, lines: [{ sku: line.sku, quantity: 1, reason: 'DOES_NOT_FIT' }], refund: refundOf(delivered, line.sku, 1) });
    const again = await file(input, { customer: demoCustomerEmail });
    expect(again.return!.id).toBe(first.return!.id);
    const reused = await file({ ...input, lines: [{ sku: line.sku, quantity: 1, reason: 'DAMAGED' }] }, { customer: demoCustomerEmail });
    expect(reused.userErrors.map((e) => e.code)).toEqual(['RETURN_IDEMPOTENCY_KEY_REUSED']);
  });

  it('never files more units than were bought, even when returns race', async () => {
    const line = delivered.lines[0]!;
    // One unit of the first line went back in the previous test.
    const left = line.quantity - 1;
    const attempts = await Promise.all(Array.from({ length: left + 3 }, (_, i) => file({ orderNumber: delivered.number, email: demoCustomerEmail, method: 'MAIL', lines: [{ sku: line.sku, quantity: 1, reason: 'CHANGED_MIND' }], idempotencyKey: `race-${i}` })));
    expect(attempts.filter((a) => a.return).length).toBe(left);
    const refused = attempts.filter((a) => !a.return);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.userErrors).toEqual([expect.objectContaining({ code: 'RETURN_QUANTITY_EXCEEDED', field: ['lines', '0', 'quantity'] })]);
  });

  it('takes a marketplace order back in a web-store shop, by the email it was placed with', async () => {
    const line = marketplace.lines.at(-1)!;
    const res = await file({ orderNumber: marketplace.number, email: demoCustomerEmail.toUpperCase(), method: 'IN_STORE', locationId: 'webstore:70001', lines: [{ sku: line.sku, quantity: line.quantity, reason: 'NOT_AS_DESCRIBED' }] });
    expect(res.userErrors).toEqual([]);
    expect(res.return).toMatchObject({ method: 'IN_STORE', location: { id: 'webstore:70001' }, refund: refundOf(marketplace, line.sku, line.quantity) });
  });

  it('explains every refusal with a stable code, and never hints that an order exists', async () => {
    const line = delivered.lines[0]!;
    const base = { orderNumber: delivered.number, email: demoCustomerEmail, method: 'MAIL', lines: [{ sku: line.sku, quantity: 1, reason: 'OTHER' }] };
    const codes = async (input: Record<string, unknown>, caller?: Caller) => (await file(input, caller)).userErrors.map((e) => e.code);
    expect(await codes({ ...base, email: 'someone.else@example.com' })).toEqual(['ORDER_NOT_FOUND']);
    expect(await codes({ ...base, email: undefined }, { customer: 'someone.else@example.com' })).toEqual(['ORDER_NOT_FOUND']);
    expect(await codes({ ...base, orderNumber: '999998' })).toEqual(['ORDER_NOT_FOUND']);
    expect(await codes({ ...base, method: 'IN_STORE' })).toEqual(['RETURN_LOCATION_REQUIRED']);
    expect(await codes({ ...base, method: 'IN_STORE', locationId: '3pl-us:156' })).toEqual(['RETURN_LOCATION_INVALID']);
    expect(await codes({ ...base, lines: [{ sku: 'NOT-IN-ORDER', quantity: 1, reason: 'OTHER' }] })).toEqual(['RETURN_LINE_NOT_IN_ORDER']);
    expect(await codes({ ...base, lines: [{ sku: line.sku, quantity: 0, reason: 'OTHER' }] })).toEqual(['RETURN_QUANTITY_INVALID']);
    expect(await codes({ ...base, lines: [] })).toEqual(['RETURN_LINES_REQUIRED']);
    const cancelled = world.retailer.orders.find((o) => o.channel === 'WEB' && o.status === 'CANCELLED' && o.email)!;
    expect(await codes({ orderNumber: cancelled.number, email: cancelled.email, method: 'MAIL', lines: [{ sku: cancelled.lines[0]!.sku, quantity: 1, reason: 'OTHER' }] })).toEqual(['ORDER_NOT_RETURNABLE']);
  });
});

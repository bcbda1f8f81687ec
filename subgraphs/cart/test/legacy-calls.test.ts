import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail } from '@ucg/legacy-seed';
import { Pricing } from '@ucg/pricing';
import { RedisStore } from '@ucg/store';
import { ADDRESS, OPS, startCart, type CartHarness } from './harness.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const delta = (after: Record<string, number>, before: Record<string, number>) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k]!]));

describe('legacy calls per request (redis)', () => {
  let h: CartHarness;
  beforeAll(async () => {
    h = await startCart(new RedisStore({ url, keyPrefix: `ucg-test:cart:${Date.now().toString(36)}:` }));
  });
  afterAll(async () => {
    await h.close();
    await h.store.close();
  });

  it('prices a 25-line cart with one ERP call when nothing is cached, and none when it is; other systems are not called', async () => {
    const skus = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD')).slice(0, 25).map((v) => v.sku);
    for (const sku of skus) await h.stock(sku, { '3pl-us:156': 5 });
    const cartId = (await h.gql(OPS.create, { input: { lines: skus.map((sku) => ({ sku, quantity: 1 })) } })).data.cartCreate.cart.id;
    // A price-change event makes the ERP's prices for these SKUs unknown to the shared cache.
    await new Pricing({ source: h.prices, store: h.store }).invalidate(skus, 'USD');
    const cold = await h.calls();
    const read = (await h.gql(OPS.read, { id: cartId })).data.cart;
    expect(read.lines.nodes).toHaveLength(25);
    expect(delta(await h.calls(), cold)).toEqual({ erp: 1, crm: 0, webstore: 0 });
    const warm = await h.calls();
    await h.gql(OPS.read, { id: cartId });
    expect(delta(await h.calls(), warm)).toEqual({ erp: 0, crm: 0, webstore: 0 });
  });

  it('checks out with one card authorisation, one CRM read and write per redemption, and at most one ERP call for line titles', async () => {
    const sku = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD'))[30]!.sku;
    await h.stock(sku, { '3pl-us:156': 5 });
    const cartId = (await h.gql(OPS.create, { input: { lines: [{ sku, quantity: 1 }] } }, { email: demoCustomerEmail })).data.cartCreate.cart.id;
    const before = await h.calls();
    const done = await h.gql(OPS.checkout, { cartId, idempotencyKey: `calls-${Date.now()}`, payment: { cardToken: 'tok_visa', loyaltyPoints: 10 }, shippingAddress: ADDRESS }, { email: demoCustomerEmail });
    expect(done.data.checkoutComplete.userErrors).toEqual([]);
    // Web store: the authorisation. CRM: the contact read and the write of the redemption. ERP: material names
    // for the order lines (prices were cached when the line was added).
    expect(delta(await h.calls(), before)).toEqual({ erp: 1, crm: 2, webstore: 1 });
  });
});

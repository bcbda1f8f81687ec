import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerIdForEmail } from '@ucg/request-context';
import { RedisStore } from '@ucg/store';
import { OPS, reservedUnits, startCart, type CartHarness } from './harness.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ACTIVE_CART = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { activeCart { id totalQuantity } } } }';

interface Line { id: string; quantity: number; variant: { sku: string }; fulfillment: { mode: string; location: { id: string } | null } }
const bySku = (lines: Line[]) => Object.fromEntries(lines.map((l) => [l.variant.sku, l.quantity]));

describe('pickup in store and sign-in merges (redis)', () => {
  let h: CartHarness;
  let next = 0;
  let person = 10;
  const freshSku = async (byLocation: Record<string, number>) => {
    const variant = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD'))[next++]!;
    await h.stock(variant.sku, byLocation);
    return variant.sku;
  };
  const newCustomer = () => h.retailer.people[person++]!.email.toLowerCase();
  const cartWith = async (lines: { sku: string; quantity: number }[], email?: string) => {
    const created = await h.gql(OPS.create, { input: {} }, { email });
    const id = created.data.cartCreate.cart.id as string;
    if (lines.length) expect((await h.gql(OPS.add, { cartId: id, lines }, { email })).data.cartLinesAdd.userErrors).toEqual([]);
    return id;
  };
  const activeCart = async (email: string, as = email) =>
    (await h.gql(ACTIVE_CART, { r: [{ __typename: 'Customer', id: customerIdForEmail(email), email }] }, { email: as })).data._entities[0].activeCart;

  beforeAll(async () => {
    h = await startCart(new RedisStore({ url, keyPrefix: `ucg-test:cart:${Date.now().toString(36)}:` }));
  });
  afterAll(async () => {
    await h.close();
    await h.store.close();
  });

  it('moves a line\'s reservation to a store for pickup, only as far as the store holds stock', async () => {
    const sku = await freshSku({ 'webstore:70001': 2, '3pl-us:156': 5 });
    const cartId = await cartWith([{ sku, quantity: 3 }]);
    const shipping = (await h.gql(OPS.read, { id: cartId })).data.cart.lines.nodes[0] as Line;

    const short = await h.gql(OPS.fulfillment, { cartId, lineIds: [shipping.id], mode: 'PICKUP', locationId: 'webstore:70001' });
    expect(short.data.cartFulfillmentSet.userErrors).toEqual([{ code: 'CART_INSUFFICIENT_STOCK', field: ['lineIds', '0'], message: `only 2 of ${sku} can be reserved at webstore:70001` }]);
    expect(short.data.cartFulfillmentSet.cart.lines.nodes).toEqual([shipping]);
    expect(await reservedUnits(h.ledger, sku)).toBe(3);

    await h.gql(OPS.update, { cartId, lines: [{ id: shipping.id, quantity: 2 }] });
    for (let i = 0; i < 2; i++) {
      // The second call is a retry with the line's old id: it finds the moved line and changes nothing.
      const moved = await h.gql(OPS.fulfillment, { cartId, lineIds: [shipping.id], mode: 'PICKUP', locationId: 'webstore:70001' });
      expect(moved.data.cartFulfillmentSet.userErrors).toEqual([]);
      const [line] = moved.data.cartFulfillmentSet.cart.lines.nodes as Line[];
      expect(line).toMatchObject({ quantity: 2, fulfillment: { mode: 'PICKUP', location: { id: 'webstore:70001' } } });
      expect(line!.id).not.toBe(shipping.id);
    }
    const [stock] = await h.ledger.available([sku]);
    expect(stock!.locations.find((l) => l.locationId === 'webstore:70001')).toMatchObject({ held: 2, reserved: 2, available: 0 });
    expect(stock!.reserved).toBe(2);
    // The old id still reaches the line.
    const updated = await h.gql(OPS.update, { cartId, lines: [{ id: shipping.id, quantity: 1 }] });
    expect(updated.data.cartLinesUpdate.cart.lines.nodes[0]).toMatchObject({ quantity: 1, fulfillment: { mode: 'PICKUP' } });

    const back = await h.gql(OPS.fulfillment, { cartId, lineIds: [updated.data.cartLinesUpdate.cart.lines.nodes[0].id], mode: 'SHIPPING' });
    expect(back.data.cartFulfillmentSet.cart.lines.nodes).toEqual([expect.objectContaining({ id: shipping.id, quantity: 1, fulfillment: { mode: 'SHIPPING', location: null } })]);
    expect(await reservedUnits(h.ledger, sku)).toBe(1);
  });

  it('refuses pickup without a store, or at a place that is not a pickup store', async () => {
    const sku = await freshSku({ 'webstore:70002': 5 });
    const cartId = await cartWith([{ sku, quantity: 1 }]);
    const lineId = (await h.gql(OPS.read, { id: cartId })).data.cart.lines.nodes[0].id;
    const codes = async (locationId: string | null) =>
      (await h.gql(OPS.fulfillment, { cartId, lineIds: [lineId], mode: 'PICKUP', locationId })).data.cartFulfillmentSet.userErrors.map((e: { code: string }) => e.code);
    expect(await codes(null)).toEqual(['CART_PICKUP_LOCATION_REQUIRED']);
    expect(await codes('3pl-us:156')).toEqual(['CART_PICKUP_LOCATION_INVALID']);
    expect(await codes('webstore:99999')).toEqual(['CART_PICKUP_LOCATION_INVALID']);
    expect(await codes('webstore:70002')).toEqual([]);
  });

  it('makes a guest cart the customer\'s at sign-in when they have none, and only theirs from then on', async () => {
    const email = newCustomer();
    const sku = await freshSku({ '3pl-us:156': 5 });
    const cartId = await cartWith([{ sku, quantity: 2 }]);
    expect((await h.gql(OPS.signIn, { cartId })).data.cartBuyerIdentityUpdate.userErrors[0].code).toBe('CART_SIGN_IN_REQUIRED');
    const res = await h.gql(OPS.signIn, { cartId, countryCode: 'US' }, { email });
    expect(res.data.cartBuyerIdentityUpdate).toMatchObject({ userErrors: [], cart: { id: cartId, totalQuantity: 2, buyer: { customer: { id: customerIdForEmail(email) }, countryCode: 'US' } } });
    expect(await activeCart(email)).toEqual({ id: cartId, totalQuantity: 2 });
    expect(await activeCart(email, newCustomer())).toBeNull();
    expect((await h.gql(OPS.read, { id: cartId })).data.cart).toBeNull();
    expect(await reservedUnits(h.ledger, sku)).toBe(2);
  });

  const strategies = [
    ['SUM', { a: 3, b: 2, c: 1 }, { a: 3, b: 2, c: 1 }],
    ['MAX', { a: 2, b: 2, c: 1 }, { a: 2, b: 2, c: 1 }],
    ['USE_GUEST', { a: 2, c: 1 }, { a: 2, b: 0, c: 1 }],
    ['USE_EXISTING', { a: 1, b: 2 }, { a: 1, b: 2, c: 0 }],
  ] as const;
  for (const [strategy, lines, reserved] of strategies) {
    it(`merges a guest cart into the customer's active cart with ${strategy}, moving reservations with the lines`, async () => {
      const email = newCustomer();
      const [a, b, c] = [await freshSku({ '3pl-us:156': 5 }), await freshSku({ '3pl-us:156': 5 }), await freshSku({ '3pl-us:156': 5 })];
      const existing = await cartWith([{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }], email);
      const guest = await cartWith([{ sku: a, quantity: 2 }, { sku: c, quantity: 1 }]);
      for (let i = 0; i < 2; i++) {
        // The second call is a retry: the merge is done, the same cart comes back.
        const res = await h.gql(OPS.signIn, { cartId: guest, mergeStrategy: strategy }, { email });
        expect(res.data.cartBuyerIdentityUpdate.userErrors).toEqual([]);
        const cart = res.data.cartBuyerIdentityUpdate.cart;
        expect(cart.id).toBe(existing);
        const names = { [a]: 'a', [b]: 'b', [c]: 'c' } as Record<string, string>;
        expect(Object.fromEntries(Object.entries(bySku(cart.lines.nodes)).map(([sku, q]) => [names[sku], q]))).toEqual(lines);
        expect(cart.problems).toEqual([]);
      }
      expect({ a: await reservedUnits(h.ledger, a), b: await reservedUnits(h.ledger, b), c: await reservedUnits(h.ledger, c) }).toEqual(reserved);
      expect((await h.gql(OPS.read, { id: guest }, { email })).data.cart).toBeNull();
      expect((await activeCart(email)).id).toBe(existing);
    });
  }
});

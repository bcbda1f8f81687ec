import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money } from '@ucg/connector-core';
import { customerIdForEmail } from '@ucg/request-context';
import type { Store } from '@ucg/store';
import { OPS, reservedUnits, startCart, type CartHarness } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cart's line operations (storefront/Cart.graphql) over one kind of store. */
export function cartSuite(name: string, open: () => Promise<Store> | Store): void {
  describe(`cart lines on ${name}`, () => {
    let h: CartHarness;
    let next = 0;
    /** A SKU no other test touches, with stock set as given. */
    const freshSku = async (byLocation: Record<string, number>) => {
      const variant = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD'))[next++]!;
      await h.stock(variant.sku, byLocation);
      return variant.sku;
    };
    const create = async (shopper = {}, input: Record<string, unknown> = {}) => {
      const res = await h.gql(OPS.create, { input }, shopper);
      expect(res.errors).toBeUndefined();
      return res.data.cartCreate.cart as { id: string; currencyCode: string };
    };

    beforeAll(async () => {
      h = await startCart(await open(), { PRICE_TTL_SECONDS: '0.05' });
    });
    afterAll(async () => {
      await h.close();
      await h.store.close();
    });

    it('creates a cart in the currency of the shopper\'s country or the one given, with nothing reserved', async () => {
      const gb = await h.gql(OPS.create, { input: {} }, { country: 'GB' });
      expect(gb.data.cartCreate).toMatchObject({ userErrors: [], cart: { currencyCode: 'GBP', totalQuantity: 0, reservationExpiresAt: null, buyer: { customer: null, countryCode: 'GB' }, lines: { nodes: [] } } });
      const de = await create({ country: 'US' }, { countryCode: 'DE' });
      expect(de.currencyCode).toBe('EUR');
      const read = await h.gql(OPS.read, { id: de.id });
      expect(read.data.cart).toMatchObject({ id: de.id, currencyCode: 'EUR', cost: { totalAmount: { amount: '0.00', currencyCode: 'EUR' } }, problems: [] });
      expect((await h.gql(OPS.read, { id: 'gid://ucg/Cart/never-made-by-us-1234' })).data.cart).toBeNull();
    });

    it('reserves stock on add in one step, raises a line to the quantity asked, and treats a retry as a no-op', async () => {
      const sku = await freshSku({ '3pl-us:156': 3, 'webstore:70001': 2 });
      const cart = await create();
      const first = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 2 }] });
      const unit = h.index.price(sku, 'USD')!.amount;
      expect(first.data.cartLinesAdd).toMatchObject({ userErrors: [], warnings: [] });
      const line = first.data.cartLinesAdd.cart.lines.nodes[0];
      expect(line).toMatchObject({ quantity: 2, variant: { sku }, fulfillment: { mode: 'SHIPPING', location: null } });
      expect(line.cost).toEqual({ amountPerQuantity: { amount: unit, currencyCode: 'USD' }, totalAmount: money(new Big(unit).times(2), 'USD') });
      expect(await reservedUnits(h.ledger, sku)).toBe(2);
      const until = Date.parse(first.data.cartLinesAdd.cart.reservationExpiresAt);
      expect(until).toBeGreaterThan(Date.now() + 29 * 60_000);

      // The client did not see the answer and sends the same request again: nothing changes.
      const retry = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 2 }] });
      expect(retry.data.cartLinesAdd.userErrors).toEqual([]);
      expect(retry.data.cartLinesAdd.warnings).toEqual([expect.objectContaining({ code: 'CART_QUANTITY_UNCHANGED', target: line.id })]);
      expect(retry.data.cartLinesAdd.cart.lines.nodes).toEqual([line]);
      expect(await reservedUnits(h.ledger, sku)).toBe(2);

      const raised = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 5 }] });
      expect(raised.data.cartLinesAdd.cart.lines.nodes).toEqual([expect.objectContaining({ id: line.id, quantity: 5 })]);
      expect(await reservedUnits(h.ledger, sku)).toBe(5);

      const tooMany = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 6 }] });
      expect(tooMany.data.cartLinesAdd.userErrors).toEqual([{ code: 'CART_INSUFFICIENT_STOCK', field: ['lines', '0', 'quantity'], message: `only 5 of ${sku} can be reserved` }]);
      expect(tooMany.data.cartLinesAdd.cart.lines.nodes[0].quantity).toBe(5);
      expect(await reservedUnits(h.ledger, sku)).toBe(5);
    });

    it('changes several lines all or nothing', async () => {
      const [a, b] = [await freshSku({ '3pl-us:156': 10 }), await freshSku({ '3pl-us:156': 1 })];
      const cart = await create();
      const res = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku: a, quantity: 3 }, { sku: b, quantity: 2 }] });
      expect(res.data.cartLinesAdd.userErrors).toEqual([expect.objectContaining({ code: 'CART_INSUFFICIENT_STOCK', field: ['lines', '1', 'quantity'] })]);
      expect(res.data.cartLinesAdd.cart.lines.nodes).toEqual([]);
      expect([await reservedUnits(h.ledger, a), await reservedUnits(h.ledger, b)]).toEqual([0, 0]);
    });

    it('sets quantities and removes lines, giving stock back; repeats change nothing', async () => {
      const [a, b] = [await freshSku({ '3pl-eu:VEN1': 8 }), await freshSku({ '3pl-eu:VEN1': 8 })];
      const cart = await create();
      const added = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku: a, quantity: 4 }, { sku: b, quantity: 2 }] });
      const [la, lb] = added.data.cartLinesAdd.cart.lines.nodes as { id: string }[];
      for (let i = 0; i < 2; i++) {
        const set = await h.gql(OPS.update, { cartId: cart.id, lines: [{ id: la!.id, quantity: 1 }, { id: lb!.id, quantity: 7 }] });
        expect(set.data.cartLinesUpdate.userErrors).toEqual([]);
        expect(set.data.cartLinesUpdate.cart.lines.nodes.map((l: { quantity: number }) => l.quantity)).toEqual([1, 7]);
        expect([await reservedUnits(h.ledger, a), await reservedUnits(h.ledger, b)]).toEqual([1, 7]);
      }
      const zero = await h.gql(OPS.update, { cartId: cart.id, lines: [{ id: la!.id, quantity: 0 }] });
      expect(zero.data.cartLinesUpdate.cart.lines.nodes.map((l: { id: string }) => l.id)).toEqual([lb!.id]);
      expect(await reservedUnits(h.ledger, a)).toBe(0);
      const unknown = await h.gql(OPS.update, { cartId: cart.id, lines: [{ id: la!.id, quantity: 2 }] });
      expect(unknown.data.cartLinesUpdate.userErrors).toEqual([expect.objectContaining({ code: 'CART_LINE_NOT_FOUND', field: ['lines', '0', 'id'] })]);
      for (let i = 0; i < 2; i++) {
        const removed = await h.gql(OPS.remove, { cartId: cart.id, lineIds: [lb!.id] });
        expect(removed.data.cartLinesRemove).toMatchObject({ userErrors: [], cart: { totalQuantity: 0, reservationExpiresAt: null } });
      }
      expect(await reservedUnits(h.ledger, b)).toBe(0);
    });

    it('refuses bad input with stable codes and leaves the cart as it was', async () => {
      const cart = await create();
      const sku = await freshSku({ '3pl-us:156': 5 });
      const bad = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 0 }, { sku: 'x{y}', quantity: 1 }] });
      expect(bad.data.cartLinesAdd.userErrors.map((e: { code: string }) => e.code)).toEqual(['CART_INVALID_QUANTITY', 'CART_INVALID_SKU']);
      const unknown = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] });
      expect(unknown.data.cartLinesAdd.userErrors).toEqual([expect.objectContaining({ code: 'CART_UNKNOWN_SKU', field: ['lines', '0', 'sku'] })]);
      const missing = await h.gql(OPS.add, { cartId: 'gid://ucg/Cart/AAAAAAAAAAAAAAAAAAAAAA', lines: [{ sku, quantity: 1 }] });
      expect(missing.data.cartLinesAdd).toMatchObject({ cart: null, userErrors: [{ code: 'CART_NOT_FOUND', field: ['cartId'] }] });
      expect((await h.gql(OPS.read, { id: cart.id })).data.cart.totalQuantity).toBe(0);
    });

    it('prices lines in the cart currency with tax by country: added on top in the US, included in the UK', async () => {
      const [a, b] = [await freshSku({ '3pl-us:156': 9 }), await freshSku({ '3pl-us:156': 9 })];
      const us = await create({ country: 'US' });
      const usCart = (await h.gql(OPS.add, { cartId: us.id, lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }] })).data.cartLinesAdd.cart;
      const [pa, pb] = [h.index.price(a, 'USD')!.amount, h.index.price(b, 'USD')!.amount];
      const [ta, tb] = [new Big(pa).times(2), new Big(pb)];
      const tax = money(ta.times('0.0875'), 'USD').amount;
      const taxB = money(tb.times('0.0875'), 'USD').amount;
      const subtotal = money(ta.plus(tb), 'USD');
      const totalTax = money(new Big(tax).plus(taxB), 'USD');
      expect(usCart.cost).toEqual({ subtotalAmount: subtotal, totalTaxAmount: totalTax, totalAmount: money(new Big(subtotal.amount).plus(totalTax.amount), 'USD') });

      const gb = await create({ country: 'GB' });
      const gbCart = (await h.gql(OPS.add, { cartId: gb.id, lines: [{ sku: a, quantity: 1 }] }, { country: 'GB' })).data.cartLinesAdd.cart;
      const gbp = h.index.price(a, 'GBP')!.amount;
      expect(gbCart.cost).toEqual({ subtotalAmount: money(gbp, 'GBP'), totalTaxAmount: money(new Big(gbp).div(6), 'GBP'), totalAmount: money(gbp, 'GBP') });
    });

    it('reports problems: a price changed since the line was added, a location now holding fewer units than reserved', async () => {
      const sku = await freshSku({ '3pl-us:156': 4 });
      const cart = await create();
      await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 3 }] });
      const was = h.index.price(sku, 'USD')!.amount;
      const now = new Big(was).plus(5).toFixed(2);
      h.prices.overrides.set(sku, now);
      try {
        await sleep(150);
        const read = (await h.gql(OPS.read, { id: cart.id })).data.cart;
        const lineId = read.lines.nodes[0].id;
        expect(read.lines.nodes[0].cost.amountPerQuantity).toEqual({ amount: now, currencyCode: 'USD' });
        expect(read.problems).toEqual([{ code: 'PRICE_CHANGED', message: `the price changed from ${was} USD to ${now} USD`, lineId, availableQuantity: null }]);
        // A stock count comes in: the location holds 1 unit, fewer than the 3 reserved.
        await h.ledger.setHeld(sku, '3pl-us:156', 1, { asOf: Date.now() + 1000, source: '3pl-us' });
        const short = (await h.gql(OPS.read, { id: cart.id })).data.cart.problems;
        expect(short).toContainEqual({ code: 'INSUFFICIENT_STOCK', message: `only 1 of ${sku} can be had`, lineId, availableQuantity: 1 });
        // Setting the quantity again takes today's price as the one shown.
        await h.gql(OPS.update, { cartId: cart.id, lines: [{ id: lineId, quantity: 1 }] });
        expect((await h.gql(OPS.read, { id: cart.id })).data.cart.problems).toEqual([]);
      } finally {
        h.prices.overrides.delete(sku);
      }
    });

    it('makes one cart per create idempotency key, and keeps a customer\'s cart from everyone else', async () => {
      const key = `create-${Date.now()}-${Math.random()}`;
      const [a, b] = await Promise.all([create({}, { idempotencyKey: key }), create({}, { idempotencyKey: key })]);
      expect(a.id).toBe(b.id);
      expect((await create({}, { idempotencyKey: `${key}-other` })).id).not.toBe(a.id);

      const email = h.retailer.people[3]!.email.toLowerCase();
      const mine = await create({ email });
      expect((await h.gql(OPS.read, { id: mine.id }, { email })).data.cart.buyer.customer).toEqual({ id: customerIdForEmail(email) });
      // The same customer on another device gets the same cart.
      expect((await create({ email })).id).toBe(mine.id);
      expect((await h.gql(OPS.read, { id: mine.id })).data.cart).toBeNull();
      expect((await h.gql(OPS.read, { id: mine.id }, { email: 'someone.else@example.com' })).data.cart).toBeNull();
      const sku = await freshSku({ '3pl-us:156': 1 });
      expect((await h.gql(OPS.add, { cartId: mine.id, lines: [{ sku, quantity: 1 }] })).data.cartLinesAdd.userErrors[0].code).toBe('CART_NOT_FOUND');
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money } from '@ucg/connector-core';
import { demoCustomerEmail } from '@ucg/legacy-seed';
import { customerIdForEmail } from '@ucg/request-context';
import type { Store } from '@ucg/store';
import { CheckoutRecords } from '../src/checkout/checkout-records.ts';
import { ADDRESS, OPS, reservedUnits, startCart, type CartHarness } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniqueKey = (what: string) => `${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** checkoutComplete (storefront/Checkout.graphql) over one kind of store, against the web store and CRM stand-ins. */
export function checkoutSuite(name: string, open: () => Promise<Store> | Store): void {
  describe(`checkout on ${name}`, () => {
    let h: CartHarness;
    let next = 0;
    const freshSku = async (byLocation: Record<string, number>) => {
      const variant = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD'))[next++]!;
      await h.stock(variant.sku, byLocation);
      return variant.sku;
    };
    const cartWith = async (lines: { sku: string; quantity: number }[], email?: string) => {
      const res = await h.gql(OPS.create, { input: { lines } }, { email });
      expect(res.data.cartCreate.userErrors).toEqual([]);
      return res.data.cartCreate.cart.id as string;
    };
    const checkout = async (cartId: string, idempotencyKey: string, payment: Record<string, unknown>, extra: Record<string, unknown> = {}, email?: string) =>
      (await h.gql(OPS.checkout, { cartId, idempotencyKey, payment, shippingAddress: ADDRESS, ...extra }, { email })).data.checkoutComplete as { order: { number: string } | null; userErrors: { code: string }[] };
    const transactionsOf = (key: string) => h.shop.state.transactions.filter((t) => t.idempotencyKey?.startsWith(CheckoutRecords.reference(key)));
    const balance = async (email: string) => {
      const [contact] = await h.crmConnector.contactsByEmail([email]);
      return { points: contact!.loyaltyPoints, credit: contact!.storeCredit?.amount ?? '0.00' };
    };

    beforeAll(async () => {
      h = await startCart(await open(), { PRICE_TTL_SECONDS: '0.05' });
    });
    afterAll(async () => {
      await h.close();
      await h.store.close();
    });

    it('places a guest order: card authorised, order in the outbox and its stream, reservations allocated, cart closed', async () => {
      const [a, b] = [await freshSku({ '3pl-us:156': 5 }), await freshSku({ 'webstore:70001': 2 })];
      const cartId = await cartWith([{ sku: a, quantity: 2 }, { sku: b, quantity: 1 }]);
      const lines = (await h.gql(OPS.read, { id: cartId })).data.cart.lines.nodes;
      await h.gql(OPS.fulfillment, { cartId, lineIds: [lines[1].id], mode: 'PICKUP', locationId: 'webstore:70001' });
      const key = uniqueKey('guest');
      const email = 'Guest.Shopper@Example.com';

      const placed = await checkout(cartId, key, { cardToken: 'tok_visa' }, { email });
      expect(placed.userErrors).toEqual([]);
      expect(placed.order!.number).toMatch(/^G\d{6}$/);
      const order = (await h.outbox.get(placed.order!.number))!;
      const [pa, pb] = [h.index.price(a, 'USD')!.amount, h.index.price(b, 'USD')!.amount];
      const [ta, tb] = [money(new Big(pa).times(2), 'USD'), money(pb, 'USD')];
      const tax = money(new Big(money(new Big(ta.amount).times('0.0875'), 'USD').amount).plus(money(new Big(tb.amount).times('0.0875'), 'USD').amount), 'USD');
      const subtotal = money(new Big(ta.amount).plus(tb.amount), 'USD');
      const total = money(new Big(subtotal.amount).plus(tax.amount), 'USD');
      expect(order).toMatchObject({
        number: placed.order!.number, id: `gid://ucg/Order/${placed.order!.number}`, status: 'PENDING', channel: 'WEB', email: 'guest.shopper@example.com', customerId: null,
        currencyCode: 'USD', subtotal, tax, total, taxIncluded: false, idempotencyKey: key, loyaltyPointsEarned: Math.floor(Number(subtotal.amount)),
        shippingAddress: expect.objectContaining({ address1: ADDRESS.address1, countryCode: 'US' }),
      });
      expect(order.lines.map((l) => [l.sku, l.quantity, l.unitPrice.amount, l.fulfillment.mode])).toEqual([[a, 2, pa, 'SHIPPING'], [b, 1, pb, 'PICKUP']]);
      // Titled as the ERP names the materials ("Boreal Anorak Ochre / L"), not by SKU.
      expect(order.lines.every((l) => l.title.length > 0 && l.title !== l.sku)).toBe(true);
      const [auth] = transactionsOf(key);
      expect(auth).toMatchObject({ kind: 'AUTHORIZATION', status: 'SUCCESS', voided: false, amountCents: Math.round(Number(total.amount) * 100), currency: 'USD' });
      expect(order.payments).toEqual([{ method: 'CARD', amount: total, system: 'webstore', reference: `gid://shopify/OrderTransaction/${auth!.legacyId}` }]);

      // Reservations became allocations: nothing reserved, the units gone from what the locations hold.
      const [sa, sb] = await h.ledger.available([a, b]);
      expect([sa!.reserved, sa!.held, sb!.reserved, sb!.held]).toEqual([0, 3, 0, 1]);
      expect((await h.outbox.byEmail(email)).orders.map((o) => o.number)).toEqual([placed.order!.number]);
      expect((await h.outbox.consume('delivery', 'test')).map((m) => m.number)).toContain(placed.order!.number);

      // A retry answers the same order and charges nothing more; the cart is closed.
      expect(await checkout(cartId, key, { cardToken: 'tok_visa' }, { email })).toEqual(placed);
      expect(transactionsOf(key)).toHaveLength(1);
      expect((await h.outbox.byEmail(email)).totalCount).toBe(1);
      expect((await h.gql(OPS.add, { cartId, lines: [{ sku: a, quantity: 1 }] })).data.cartLinesAdd.userErrors[0].code).toBe('CART_COMPLETED');
    });

    it('makes one order from concurrent duplicates of one checkout, and from racing checkouts of one cart', async () => {
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 1 }]);
      const key = uniqueKey('dup');
      const results = await Promise.all(Array.from({ length: 8 }, () => checkout(cartId, key, { cardToken: 'tok_visa' }, { email: 'dup@example.com' })));
      expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
      expect(new Set(results.map((r) => r.order!.number)).size).toBe(1);
      expect(transactionsOf(key)).toHaveLength(1);
      expect((await h.outbox.byEmail('dup@example.com')).totalCount).toBe(1);

      const other = await cartWith([{ sku, quantity: 1 }]);
      const keys = Array.from({ length: 5 }, (_, i) => uniqueKey(`race-${i}`));
      const raced = await Promise.all(keys.map((k) => checkout(other, k, { cardToken: 'tok_visa' }, { email: 'race@example.com' })));
      expect(raced.filter((r) => r.order)).toHaveLength(1);
      for (const r of raced.filter((x) => !x.order)) expect(['CART_CHECKOUT_IN_PROGRESS', 'CART_COMPLETED']).toContain(r.userErrors[0]!.code);
      expect((await h.outbox.byEmail('race@example.com')).totalCount).toBe(1);
      expect(await reservedUnits(h.ledger, sku)).toBe(0);
    });

    it('answers a declined card with CHECKOUT_PAYMENT_DECLINED, keeps the reservations, and lets the shopper pay again', async () => {
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 2 }]);
      const key = uniqueKey('declined');
      const declined = await checkout(cartId, key, { cardToken: 'tok_declined' }, { email: 'declined@example.com' });
      expect(declined).toEqual({ order: null, userErrors: [expect.objectContaining({ code: 'CHECKOUT_PAYMENT_DECLINED', field: ['payment', 'cardToken'] })] });
      expect(await reservedUnits(h.ledger, sku)).toBe(2);
      expect(await h.outbox.byIdempotencyKey(key)).toBeNull();
      const cart = (await h.gql(OPS.read, { id: cartId })).data.cart;
      expect(cart).toMatchObject({ totalQuantity: 2, problems: [] });
      expect(Date.parse(cart.reservationExpiresAt)).toBeGreaterThan(Date.now());

      const paid = await checkout(cartId, key, { cardToken: 'tok_visa' }, { email: 'declined@example.com' });
      expect(paid.userErrors).toEqual([]);
      expect(transactionsOf(key).map((t) => t.status)).toEqual(['FAILURE', 'SUCCESS']);
      expect(await reservedUnits(h.ledger, sku)).toBe(0);
    });

    it('redeems loyalty points and store credit in the CRM for a signed-in customer, the card paying the rest', async () => {
      const email = demoCustomerEmail;
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 3 }], email);
      const before = await balance(email);
      const key = uniqueKey('loyalty');
      const placed = await checkout(cartId, key, { cardToken: 'tok_visa', loyaltyPoints: 500, storeCredit: '5.00' }, {}, email);
      expect(placed.userErrors).toEqual([]);
      expect(await balance(email)).toEqual({ points: before.points - 500, credit: money(new Big(before.credit).minus(5), 'USD').amount });
      const order = (await h.outbox.get(placed.order!.number))!;
      const card = money(new Big(order.total.amount).minus('10.00'), 'USD');
      expect(order).toMatchObject({ customerId: customerIdForEmail(email), email });
      expect(order.payments).toEqual([
        expect.objectContaining({ method: 'LOYALTY_POINTS', amount: money('5.00', 'USD'), points: 500, system: 'crm' }),
        expect.objectContaining({ method: 'STORE_CREDIT', amount: money('5.00', 'USD'), system: 'crm' }),
        expect.objectContaining({ method: 'CARD', amount: card, system: 'webstore' }),
      ]);
      expect(transactionsOf(key)[0]!.amountCents).toBe(Math.round(Number(card.amount) * 100));
      // The customer's active cart is gone with the order; a retry does not redeem again.
      expect((await h.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { activeCart { id } } } }',
        { r: [{ __typename: 'Customer', id: customerIdForEmail(email), email }] }, { email })).data._entities[0].activeCart).toBeNull();
      expect(await checkout(cartId, key, { cardToken: 'tok_visa', loyaltyPoints: 500, storeCredit: '5.00' }, {}, email)).toEqual(placed);
      expect(await balance(email)).toEqual({ points: before.points - 500, credit: money(new Big(before.credit).minus(5), 'USD').amount });
    });

    it('gives redeemed points back when the card is then declined, and never touches the card when points run short', async () => {
      const email = demoCustomerEmail;
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 2 }], email);
      const before = await balance(email);
      const declined = await checkout(cartId, uniqueKey('loyalty-declined'), { cardToken: 'tok_declined', loyaltyPoints: 300 }, {}, email);
      expect(declined.userErrors.map((e) => e.code)).toEqual(['CHECKOUT_PAYMENT_DECLINED']);
      expect(await balance(email)).toEqual(before);

      const poor = h.retailer.people.find((p) => p.crm && p.crm.loyaltyPoints > 0 && p.crm.loyaltyPoints < 200)!;
      const poorCart = await cartWith([{ sku, quantity: 1 }], poor.email.toLowerCase());
      const key = uniqueKey('short');
      const short = await checkout(poorCart, key, { cardToken: 'tok_visa', loyaltyPoints: poor.crm!.loyaltyPoints + 1 }, {}, poor.email.toLowerCase());
      expect(short.userErrors.map((e) => e.code)).toEqual(['CHECKOUT_LOYALTY_INSUFFICIENT']);
      expect(transactionsOf(key)).toEqual([]);
    });

    it('voids the card and restores loyalty when recording the order fails after payment; the same key then succeeds once', async () => {
      const email = demoCustomerEmail;
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 1 }], email);
      const before = await balance(email);
      const key = uniqueKey('outbox-down');
      // The order counter holds something that is not a number: the outbox write fails, as a broken store would.
      const counter = await h.store.get(h.outbox.keys.sequence);
      await h.store.set(h.outbox.keys.sequence, 'not-a-number');
      let failed;
      try {
        failed = await checkout(cartId, key, { cardToken: 'tok_visa', loyaltyPoints: 100 }, {}, email);
      } finally {
        if (counter === null) await h.store.del([h.outbox.keys.sequence]);
        else await h.store.set(h.outbox.keys.sequence, counter);
      }
      expect(failed.userErrors.map((e) => e.code)).toEqual(['CHECKOUT_FAILED']);
      expect(transactionsOf(key)).toEqual([expect.objectContaining({ kind: 'AUTHORIZATION', status: 'SUCCESS', voided: true })]);
      expect(h.shop.state.transactions.filter((t) => t.kind === 'VOID' && t.parentLegacyId === transactionsOf(key)[0]!.legacyId)).toHaveLength(1);
      expect(await balance(email)).toEqual(before);
      expect(await reservedUnits(h.ledger, sku)).toBe(1);
      expect(await h.outbox.byIdempotencyKey(key)).toBeNull();

      const placed = await checkout(cartId, key, { cardToken: 'tok_visa', loyaltyPoints: 100 }, {}, email);
      expect(placed.userErrors).toEqual([]);
      expect(transactionsOf(key).filter((t) => t.kind === 'AUTHORIZATION' && !t.voided)).toHaveLength(1);
      expect(await balance(email)).toEqual({ ...before, points: before.points - 100 });
      expect(await reservedUnits(h.ledger, sku)).toBe(0);
    });

    it('stops when prices changed since the shopper saw them, showing the new prices; then charges them', async () => {
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 1 }]);
      const now = new Big(h.index.price(sku, 'USD')!.amount).plus(3).toFixed(2);
      h.prices.overrides.set(sku, now);
      try {
        await sleep(150);
        const key = uniqueKey('repriced');
        const stopped = await checkout(cartId, key, { cardToken: 'tok_visa' }, { email: 'repriced@example.com' });
        expect(stopped.userErrors.map((e) => e.code)).toEqual(['CHECKOUT_PRICES_CHANGED']);
        expect(transactionsOf(key)).toEqual([]);
        const cart = (await h.gql(OPS.read, { id: cartId })).data.cart;
        expect(cart.problems).toEqual([]);
        expect(cart.lines.nodes[0].cost.amountPerQuantity.amount).toBe(now);
        const placed = await checkout(cartId, key, { cardToken: 'tok_visa' }, { email: 'repriced@example.com' });
        expect((await h.outbox.get(placed.order!.number))!.lines[0]!.unitPrice.amount).toBe(now);
      } finally {
        h.prices.overrides.delete(sku);
      }
    });

    it('refuses incomplete checkouts with stable codes, taking nothing', async () => {
      const sku = await freshSku({ '3pl-us:156': 5 });
      const cartId = await cartWith([{ sku, quantity: 1 }]);
      const codes = async (payment: Record<string, unknown>, extra: Record<string, unknown>, key = uniqueKey('bad')) =>
        (await checkout(cartId, key, payment, extra)).userErrors.map((e) => e.code);
      expect(await codes({ cardToken: 'tok_visa' }, {})).toEqual(['CHECKOUT_EMAIL_REQUIRED']);
      expect(await codes({ cardToken: 'tok_visa' }, { email: 'x@example.com', shippingAddress: null })).toEqual(['CHECKOUT_SHIPPING_ADDRESS_REQUIRED']);
      expect(await codes({}, { email: 'x@example.com' })).toEqual(['CHECKOUT_PAYMENT_REQUIRED']);
      expect(await codes({ cardToken: 'tok_visa', loyaltyPoints: 10 }, { email: 'x@example.com' })).toEqual(['CART_SIGN_IN_REQUIRED']);
      expect(await codes({ cardToken: 'tok_visa' }, { email: 'x@example.com' }, '')).toEqual(['CHECKOUT_INVALID_IDEMPOTENCY_KEY']);
      const empty = (await h.gql(OPS.create, { input: {} })).data.cartCreate.cart.id;
      expect((await checkout(empty, uniqueKey('empty'), { cardToken: 'tok_visa' }, { email: 'x@example.com' })).userErrors.map((e) => e.code)).toEqual(['CHECKOUT_CART_EMPTY']);
      const used = uniqueKey('used');
      expect((await checkout(cartId, used, { cardToken: 'tok_visa' }, { email: 'x@example.com' })).order).not.toBeNull();
      const another = await cartWith([{ sku, quantity: 1 }]);
      expect((await checkout(another, used, { cardToken: 'tok_visa' }, { email: 'x@example.com' })).userErrors.map((e) => e.code)).toEqual(['CHECKOUT_IDEMPOTENCY_KEY_REUSED']);
    });
  });
}

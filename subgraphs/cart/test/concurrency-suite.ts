import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@ucg/store';
import { reservedUnits, startCart, type CartHarness } from './harness.ts';

const CREATE = 'mutation { cartCreate(input: {}) { cart { id } } }';
const ADD = 'mutation($cartId: ID!, $lines: [CartLineInput!]!) { cartLinesAdd(cartId: $cartId, lines: $lines) { cart { totalQuantity } userErrors { code } } }';
const READ = 'query($id: ID!) { cart(id: $id) { totalQuantity lines { nodes { quantity } } } }';

/** Reservations under contention, through the subgraph's GraphQL mutation over HTTP. */
export function concurrencySuite(name: string, open: () => Promise<Store> | Store): void {
  describe(`concurrent cartLinesAdd on ${name}`, () => {
    let h: CartHarness;
    beforeAll(async () => {
      h = await startCart(await open());
    });
    afterAll(async () => {
      await h.close();
      await h.store.close();
    });
    const skuAt = (i: number) => h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD'))[i]!.sku;

    it('reserves exactly 10 units when 500 carts add a SKU with 10 available at once', async () => {
      const sku = skuAt(0);
      await h.stock(sku, { '3pl-us:156': 6, 'webstore:70001': 3, '3pl-eu:VEN1': 1 });
      const carts = await Promise.all(Array.from({ length: 500 }, async () => (await h.gql<{ cartCreate: { cart: { id: string } } }>(CREATE)).data.cartCreate.cart.id));
      const results = await Promise.all(carts.map((cartId) => h.gql(ADD, { cartId, lines: [{ sku, quantity: 1 }] })));
      expect(results.every((r) => r.errors === undefined)).toBe(true);
      const won = results.filter((r) => r.data.cartLinesAdd.userErrors.length === 0);
      expect(won).toHaveLength(10);
      expect(results.filter((r) => r.data.cartLinesAdd.userErrors[0]?.code === 'CART_INSUFFICIENT_STOCK')).toHaveLength(490);
      expect(await reservedUnits(h.ledger, sku)).toBe(10);
      expect((await h.ledger.available([sku]))[0]!.available).toBe(0);
      const quantities = await Promise.all(carts.map(async (id) => (await h.gql(READ, { id })).data.cart.totalQuantity as number));
      expect(quantities.reduce((a, b) => a + b, 0)).toBe(10);
    });

    it('keeps one cart\'s line and its reservation equal when many adds race on it', async () => {
      const sku = skuAt(1);
      await h.stock(sku, { '3pl-us:158': 10 });
      const cartId = (await h.gql<{ cartCreate: { cart: { id: string } } }>(CREATE)).data.cartCreate.cart.id;
      const asks = Array.from({ length: 40 }, (_, i) => (i % 20) + 1);
      const results = await Promise.all(asks.map((quantity) => h.gql(ADD, { cartId, lines: [{ sku, quantity }] })));
      // Asks above 10 fail; the line ends at the most that could be held, never more.
      for (const [i, r] of results.entries()) {
        const codes = r.data.cartLinesAdd.userErrors.map((e: { code: string }) => e.code);
        expect(codes).toEqual(asks[i]! > 10 ? ['CART_INSUFFICIENT_STOCK'] : codes.length ? ['CART_BUSY'] : []);
      }
      const line = (await h.gql(READ, { id: cartId })).data.cart.lines.nodes[0];
      expect(line.quantity).toBe(10);
      expect(await reservedUnits(h.ledger, sku)).toBe(10);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '@ucg/store';
import { ADDRESS, OPS, reservedUnits, startCart, type CartHarness } from './harness.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls until `check` holds (what a sweep does happens within an interval or two, later on a busy machine). */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(50);
  }
}
const store = () => new RedisStore({ url, keyPrefix: `ucg-test:cart:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:` });

describe('reservation expiry (redis)', () => {
  let h: CartHarness;
  beforeAll(async () => {
    // Reservations lapse 1.5 s after a cart's last change; the process sweeps every 100 ms.
    h = await startCart(store(), { CART_RESERVATION_MINUTES: String(1.5 / 60) });
  });
  afterAll(async () => {
    await h.close();
    await h.store.close();
  });

  it('gives the stock back when the reservation lapses (the sweeper, not a key TTL), and tells the cart what is left', async () => {
    const [sku, other] = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD')).slice(0, 2).map((v) => v.sku);
    await h.stock(sku!, { '3pl-us:156': 2 });
    await h.stock(other!, { '3pl-us:156': 9 });
    const cartId = (await h.gql(OPS.create, { input: { lines: [{ sku, quantity: 2 }] } })).data.cartCreate.cart.id;
    expect(await reservedUnits(h.ledger, sku!)).toBe(2);
    // No reserve of this SKU runs meanwhile: only the sweeper can return the units.
    await until(async () => (await reservedUnits(h.ledger, sku!)) === 0);
    const lapsed = (await h.gql(OPS.read, { id: cartId })).data.cart;
    expect(Date.parse(lapsed.reservationExpiresAt)).toBeLessThan(Date.now());
    expect(lapsed.problems).toEqual([]);

    // A stock count comes in: one of the two units is gone.
    await h.ledger.setHeld(sku!, '3pl-us:156', 1, { asOf: Date.now() + 1, source: '3pl-us' });
    const lineId = lapsed.lines.nodes[0].id;
    expect((await h.gql(OPS.read, { id: cartId })).data.cart.problems).toEqual([
      { code: 'INSUFFICIENT_STOCK', message: `only 1 of ${sku} can be had`, lineId, availableQuantity: 1 },
    ]);
    // The next change extends the cart's reservations: this line can no longer be held, and the shopper is told.
    const changed = await h.gql(OPS.add, { cartId, lines: [{ sku: other, quantity: 1 }] });
    expect(changed.data.cartLinesAdd.warnings).toEqual([expect.objectContaining({ code: 'CART_RESERVATION_LOST', target: lineId })]);
    expect(Date.parse(changed.data.cartLinesAdd.cart.reservationExpiresAt)).toBeGreaterThan(Date.now());
    expect(changed.data.cartLinesAdd.cart.problems).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', lineId, availableQuantity: 1 })]);
    expect(await reservedUnits(h.ledger, other!)).toBe(1);
    // Fixing the quantity reserves again.
    const fixed = await h.gql(OPS.update, { cartId, lines: [{ id: lineId, quantity: 1 }] });
    expect(fixed.data.cartLinesUpdate).toMatchObject({ userErrors: [], cart: { problems: [] } });
    expect(await reservedUnits(h.ledger, sku!)).toBe(1);
  });

  it('re-reserves lapsed lines at checkout when the stock is still there, and refuses when it is gone', async () => {
    const [sku, scarce] = h.retailer.variants.filter((v) => h.index.price(v.sku, 'USD')).slice(2, 4).map((v) => v.sku);
    await h.stock(sku!, { '3pl-us:156': 3 });
    await h.stock(scarce!, { '3pl-us:156': 1 });
    const lapsed = (await h.gql(OPS.create, { input: { lines: [{ sku, quantity: 2 }] } })).data.cartCreate.cart.id;
    const lost = (await h.gql(OPS.create, { input: { lines: [{ sku: scarce, quantity: 1 }] } })).data.cartCreate.cart.id;
    await until(async () => (await reservedUnits(h.ledger, sku!)) + (await reservedUnits(h.ledger, scarce!)) === 0);
    // The scarce unit is sold elsewhere meanwhile (a POS sale, as the next stock count says).
    await h.ledger.setHeld(scarce!, '3pl-us:156', 0, { asOf: Date.now() + 1, source: '3pl-us' });

    const pay = (cartId: string, key: string) => h.gql(OPS.checkout, { cartId, idempotencyKey: key, payment: { cardToken: 'tok_visa' }, shippingAddress: ADDRESS, email: 'late@example.com' });
    const refused = (await pay(lost, `lost-${Date.now()}`)).data.checkoutComplete;
    expect(refused).toEqual({ order: null, userErrors: [expect.objectContaining({ code: 'CHECKOUT_INSUFFICIENT_STOCK', message: expect.stringContaining(`only 0 of ${scarce}`) })] });
    const placed = (await pay(lapsed, `lapsed-${Date.now()}`)).data.checkoutComplete;
    expect(placed.userErrors).toEqual([]);
    const [stock] = await h.ledger.available([sku!]);
    expect([stock!.held, stock!.reserved]).toEqual([1, 0]);
  });
});

describe('cart expiry (redis)', () => {
  let h: CartHarness;
  beforeAll(async () => {
    h = await startCart(store(), { CART_TTL_HOURS: String(0.5 / 3600) });
  });
  afterAll(async () => {
    await h.close();
    await h.store.close();
  });

  it('forgets an untouched cart after its lifetime: reads answer null, changes CART_EXPIRED', async () => {
    const sku = h.retailer.variants.find((v) => h.index.price(v.sku, 'USD'))!.sku;
    await h.stock(sku, { '3pl-us:156': 3 });
    const cart = (await h.gql(OPS.create, { input: {} })).data.cartCreate.cart;
    expect(Date.parse(cart.expiresAt) - Date.now()).toBeLessThanOrEqual(500);
    await sleep(700);
    expect((await h.gql(OPS.read, { id: cart.id })).data.cart).toBeNull();
    const late = await h.gql(OPS.add, { cartId: cart.id, lines: [{ sku, quantity: 1 }] });
    expect(late.data.cartLinesAdd).toMatchObject({ cart: null, userErrors: [{ code: 'CART_EXPIRED', field: ['cartId'] }] });
    expect(await reservedUnits(h.ledger, sku)).toBe(0);
  });
});

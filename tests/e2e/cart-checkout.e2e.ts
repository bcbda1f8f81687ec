import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money } from '@ucg/connector-core';
import { mintDevToken } from '@ucg/gateway';
import { RetailerIndex, demoCustomerEmail, generateRetailer, type StockLevel } from '@ucg/legacy-seed';
import { OrderOutbox } from '@ucg/order-outbox';
import { customerIdForEmail } from '@ucg/request-context';
import { StockLedger } from '@ucg/stock-ledger';
import { RedisStore } from '@ucg/store';
import { gql, startTestStack, type TestStack } from '../src/index.ts';

const CART = /* GraphQL */ `
  fragment CartParts on Cart {
    id currencyCode expiresAt reservationExpiresAt totalQuantity
    buyer { customer { id email } countryCode }
    lines(first: 100) { nodes { id quantity variant { sku } fulfillment { mode location { id } } cost { amountPerQuantity { amount currencyCode } totalAmount { amount currencyCode } } } }
    cost { subtotalAmount { amount currencyCode } totalTaxAmount { amount currencyCode } totalAmount { amount currencyCode } }
    problems { code lineId availableQuantity }
  }
`;
const CREATE = `mutation Create($input: CartInput!, $country: CountryCode) @inContext(country: $country) { cartCreate(input: $input) { cart { ...CartParts } userErrors { code field message } } } ${CART}`;
const ADD = `mutation Add($cartId: ID!, $lines: [CartLineInput!]!) { cartLinesAdd(cartId: $cartId, lines: $lines) { cart { ...CartParts } userErrors { code field message } warnings { code message target } } } ${CART}`;
const UPDATE = `mutation Update($cartId: ID!, $lines: [CartLineUpdateInput!]!) { cartLinesUpdate(cartId: $cartId, lines: $lines) { cart { ...CartParts } userErrors { code field message } } } ${CART}`;
const REMOVE = `mutation Remove($cartId: ID!, $lineIds: [ID!]!) { cartLinesRemove(cartId: $cartId, lineIds: $lineIds) { cart { ...CartParts } userErrors { code field message } } } ${CART}`;
const FULFILL = `mutation Fulfil($cartId: ID!, $lineIds: [ID!]!, $mode: FulfillmentMode!, $locationId: ID) { cartFulfillmentSet(cartId: $cartId, lineIds: $lineIds, mode: $mode, locationId: $locationId) { cart { ...CartParts } userErrors { code field message } } } ${CART}`;
const SIGN_IN = `mutation SignIn($cartId: ID!, $mergeStrategy: CartMergeStrategy) { cartBuyerIdentityUpdate(cartId: $cartId, mergeStrategy: $mergeStrategy) { cart { ...CartParts } userErrors { code field message } } } ${CART}`;
const CHECKOUT = `mutation Checkout($cartId: ID!, $idempotencyKey: String!, $payment: PaymentInput!, $shippingAddress: MailingAddressInput, $email: String) {
  checkoutComplete(cartId: $cartId, idempotencyKey: $idempotencyKey, payment: $payment, shippingAddress: $shippingAddress, email: $email) { order { number } userErrors { code field message } } }`;
const ADDRESS = { firstName: 'Ava', lastName: 'Chen', address1: '48 Mercer St', city: 'New York', province: 'NY', zip: '10013', countryCode: 'US' };

interface Line { id: string; quantity: number; variant: { sku: string }; fulfillment: { mode: string; location: { id: string } | null } }
type Data = Record<string, any>;

/** Carts, reservations and checkout through the gateway, on the real stack (the ledger seeded here until inventory fills it). */
describe('cart and checkout through the gateway', () => {
  let stack: TestStack;
  let store: RedisStore;
  let ledger: StockLedger;
  let outbox: OrderOutbox;
  let customer: string;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const available = (s: StockLevel) => s.onHand - s.committed;
  // SKUs sold in the web store with a USD price, one with at least 2 units at a store, for pickup.
  const sellable = retailer.variants.filter((v) => index.price(v.sku, 'USD') && index.productById.get(v.productId)!.inWebStore);
  const pickup = sellable.map((v) => ({ sku: v.sku, at: index.stockBySku.get(v.sku)?.find((s) => s.system === 'webstore' && available(s) >= 2) })).find((p) => p.at)!;
  const total = (sku: string) => (index.stockBySku.get(sku) ?? []).reduce((n, s) => n + available(s), 0);
  const shipA = sellable.find((v) => v.sku !== pickup.sku)!.sku;
  const shipB = sellable.find((v) => v.sku !== pickup.sku && v.sku !== shipA && total(v.sku) > 0 && total(v.sku) < 50)!.sku;
  const as = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await gql<Data>(stack.gatewayUrl, query, variables, as(token));
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };
  const reserved = async (sku: string) => (await ledger.available([sku]))[0]!.reserved;

  beforeAll(async () => {
    // Nothing here reads the catalog or inventory subgraphs: the stack runs without them (lighter, and independent of their start-up).
    stack = await startTestStack({ only: ['erp', 'crm', '3pl-us', '3pl-eu', 'webstore', 'marketplace', 'customers', 'orders', 'cart', 'gateway'] });
    store = new RedisStore({ url: stack.env.REDIS_URL, keyPrefix: stack.env.REDIS_KEY_PREFIX });
    ledger = new StockLedger(store);
    outbox = new OrderOutbox(store);
    const asOf = Date.now();
    for (const sku of [shipA, shipB, pickup.sku]) {
      for (const s of index.stockBySku.get(sku) ?? []) await ledger.setHeld(sku, `${s.system}:${s.locationNativeId}`, available(s), { asOf, source: s.system });
    }
    // Enough of shipA at one place for every cart below, whatever the seed holds.
    await ledger.setHeld(shipA, '3pl-us:156', 50, { asOf: asOf + 1, source: '3pl-us' });
    customer = await mintDevToken({ email: demoCustomerEmail });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await stack?.stop();
  });

  it('creates a cart, reserves on add (a retry changes nothing), updates, removes, and moves a line to pickup', async () => {
    const created = (await call(CREATE, { input: {}, country: 'US' })).cartCreate;
    expect(created).toMatchObject({ userErrors: [], cart: { currencyCode: 'USD', totalQuantity: 0, buyer: { customer: null, countryCode: 'US' } } });
    const cartId = created.cart.id;

    const lines = [{ sku: shipA, quantity: 2 }, { sku: pickup.sku, quantity: 1 }];
    const added = (await call(ADD, { cartId, lines })).cartLinesAdd;
    expect(added.userErrors).toEqual([]);
    expect(added.cart.lines.nodes.map((l: Line) => [l.variant.sku, l.quantity])).toEqual([[shipA, 2], [pickup.sku, 1]]);
    const unit = index.price(shipA, 'USD')!.amount;
    expect(added.cart.lines.nodes[0].cost.totalAmount).toEqual(money(new Big(unit).times(2), 'USD'));
    expect(Date.parse(added.cart.reservationExpiresAt)).toBeGreaterThan(Date.now());
    expect([await reserved(shipA), await reserved(pickup.sku)]).toEqual([2, 1]);
    const retry = (await call(ADD, { cartId, lines })).cartLinesAdd;
    expect(retry.cart.lines.nodes).toEqual(added.cart.lines.nodes);
    expect(retry.warnings.map((w: { code: string }) => w.code)).toEqual(['CART_QUANTITY_UNCHANGED', 'CART_QUANTITY_UNCHANGED']);
    expect(await reserved(shipA)).toBe(2);

    const [lineA, lineP] = added.cart.lines.nodes as Line[];
    expect((await call(UPDATE, { cartId, lines: [{ id: lineA!.id, quantity: 3 }] })).cartLinesUpdate.cart.totalQuantity).toBe(4);
    expect(await reserved(shipA)).toBe(3);

    const storeId = `webstore:${pickup.at!.locationNativeId}`;
    const moved = (await call(FULFILL, { cartId, lineIds: [lineP!.id], mode: 'PICKUP', locationId: storeId })).cartFulfillmentSet;
    expect(moved.userErrors).toEqual([]);
    expect(moved.cart.lines.nodes[1]).toMatchObject({ variant: { sku: pickup.sku }, fulfillment: { mode: 'PICKUP', location: { id: storeId } } });
    const atStore = (await ledger.available([pickup.sku]))[0]!.locations.find((l) => l.locationId === storeId)!;
    expect(atStore.reserved).toBeGreaterThanOrEqual(1);

    const removed = (await call(REMOVE, { cartId, lineIds: [lineA!.id] })).cartLinesRemove;
    expect(removed.cart.lines.nodes.map((l: Line) => l.variant.sku)).toEqual([pickup.sku]);
    expect(await reserved(shipA)).toBe(0);
    const insufficient = (await call(ADD, { cartId, lines: [{ sku: shipB, quantity: total(shipB) + 1 }] })).cartLinesAdd;
    expect(insufficient.userErrors).toEqual([{ code: 'CART_INSUFFICIENT_STOCK', field: ['lines', '0', 'quantity'], message: `only ${total(shipB)} of ${shipB} can be reserved` }]);
    expect(await reserved(shipB)).toBe(0);
  });

  it('merges a guest cart into the signed-in customer\'s cart, the same on every device', async () => {
    const mine = (await call(CREATE, { input: { lines: [{ sku: shipA, quantity: 1 }] } }, customer)).cartCreate.cart;
    expect(mine.buyer.customer).toEqual({ id: customerIdForEmail(demoCustomerEmail), email: demoCustomerEmail });
    // Another device of the same customer gets the same cart.
    expect((await call(CREATE, { input: {} }, customer)).cartCreate.cart.id).toBe(mine.id);

    const guest = (await call(CREATE, { input: { lines: [{ sku: shipA, quantity: 2 }] } })).cartCreate.cart;
    const merged = (await call(SIGN_IN, { cartId: guest.id, mergeStrategy: 'SUM' }, customer)).cartBuyerIdentityUpdate;
    expect(merged).toMatchObject({ userErrors: [], cart: { id: mine.id, totalQuantity: 3 } });
    expect(await reserved(shipA)).toBe(3);
    const me = await call('query { me { email activeCart { id totalQuantity } } }', {}, customer);
    expect(me.me).toEqual({ email: demoCustomerEmail, activeCart: { id: mine.id, totalQuantity: 3 } });
    expect((await call('query Read($id: ID!) { cart(id: $id) { id } }', { id: guest.id }, customer)).cart).toBeNull();
    expect((await call('query Read($id: ID!) { cart(id: $id) { id } }', { id: mine.id })).cart).toBeNull();
  });

  it('checks out: a declined card keeps the cart, the same key then pays once; duplicates make no second order', async () => {
    const cartId = (await call(CREATE, { input: { lines: [{ sku: shipA, quantity: 2 }] } })).cartCreate.cart.id;
    const key = `e2e-${Date.now()}`;
    const email = 'e2e.guest@example.com';
    const declined = (await call(CHECKOUT, { cartId, idempotencyKey: key, payment: { cardToken: 'tok_declined' }, shippingAddress: ADDRESS, email })).checkoutComplete;
    expect(declined).toEqual({ order: null, userErrors: [expect.objectContaining({ code: 'CHECKOUT_PAYMENT_DECLINED' })] });
    expect(await reserved(shipA)).toBeGreaterThanOrEqual(2);
    expect(await outbox.byIdempotencyKey(key)).toBeNull();

    const attempts = await Promise.all(Array.from({ length: 4 }, () => call(CHECKOUT, { cartId, idempotencyKey: key, payment: { cardToken: 'tok_visa' }, shippingAddress: ADDRESS, email })));
    const numbers = new Set(attempts.map((a) => a.checkoutComplete.order?.number));
    expect(numbers.size).toBe(1);
    const number = [...numbers][0]!;
    expect(number).toMatch(/^G1\d{5}$/);
    const order = (await outbox.get(number))!;
    const subtotal = money(new Big(index.price(shipA, 'USD')!.amount).times(2), 'USD');
    expect(order).toMatchObject({ email, status: 'PENDING', channel: 'WEB', subtotal, lines: [expect.objectContaining({ sku: shipA, quantity: 2 })] });
    expect(order.payments).toEqual([expect.objectContaining({ method: 'CARD', amount: order.total, system: 'webstore' })]);
    expect((await outbox.byEmail(email)).totalCount).toBe(1);
    const again = (await call(CHECKOUT, { cartId, idempotencyKey: key, payment: { cardToken: 'tok_visa' }, shippingAddress: ADDRESS, email })).checkoutComplete;
    expect(again).toEqual({ order: { number }, userErrors: [] });

    // The signed-in customer's cart checks out too, and is no longer their active cart afterwards.
    const active = (await call('query { me { activeCart { id } } }', {}, customer)).me.activeCart.id;
    const mine = (await call(CHECKOUT, { cartId: active, idempotencyKey: `${key}-me`, payment: { cardToken: 'tok_visa' }, shippingAddress: ADDRESS }, customer)).checkoutComplete;
    expect(mine.userErrors).toEqual([]);
    expect((await outbox.get(mine.order.number))!.customerId).toBe(customerIdForEmail(demoCustomerEmail));
    expect((await call('query { me { activeCart { id } } }', {}, customer)).me.activeCart).toBeNull();
  });
});

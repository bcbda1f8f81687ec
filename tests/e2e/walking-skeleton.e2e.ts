import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '@ucg/gateway';
import { RetailerIndex, demoCustomerEmail, generateRetailer } from '@ucg/legacy-seed';
import { gql, sandboxCalls, startTestStack, type TestStack } from '../src/index.ts';

/** The thin slice: one query answered from four legacy systems through real processes. */
const query = /* GraphQL */ `
  query Slice($handle: String!, $country: CountryCode) @inContext(country: $country) {
    product(handle: $handle) {
      title
      variants(first: 50) { nodes { sku price { amount currencyCode } availability { availableToSell } } }
    }
    me { email loyalty { points tier } }
  }
`;

interface SliceData {
  product: { title: string; variants: { nodes: { sku: string; price: { amount: string; currencyCode: string }; availability: { availableToSell: number } }[] } } | null;
  me: { email: string; loyalty: { points: number; tier: string } } | null;
}

describe('walking skeleton: storefront → gateway → subgraphs → connectors → legacy stand-ins', () => {
  let stack: TestStack;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const product = retailer.products.find((p) => p.inWebStore && index.variantsByProduct.get(p.id)!.length >= 4)!;
  const skus = index.variantsByProduct.get(product.id)!.map((v) => v.sku);

  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('joins title, price, stock and loyalty from their systems by SKU and identity', async () => {
    const before = await Promise.all(['webstore', 'erp', '3pl-us', 'crm'].map((s) => sandboxCalls(stack.urls[s as 'erp'])));
    const token = await mintDevToken({ email: demoCustomerEmail });
    const res = await gql<SliceData>(stack.gatewayUrl, query, { handle: product.handle, country: 'US' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data!;

    expect(data.product!.title).toBe(product.title.en);
    expect(data.product!.variants.nodes.map((v) => v.sku)).toEqual(skus);
    for (const v of data.product!.variants.nodes) {
      expect(v.price).toEqual({ amount: index.price(v.sku, 'USD')!.amount, currencyCode: 'USD' });
      // What every sellable location of every system holds, less what is promised to open orders.
      const held = retailer.stock.filter((s) => s.sku === v.sku).reduce((n, s) => n + Math.max(0, s.onHand - s.committed), 0);
      expect(v.availability.availableToSell).toBe(held);
    }
    const ava = index.personByEmail.get(demoCustomerEmail)!;
    expect(data.me).toEqual({ email: demoCustomerEmail, loyalty: { points: ava.crm!.loyaltyPoints, tier: ava.crm!.tier } });

    const after = await Promise.all(['webstore', 'erp', '3pl-us', 'crm'].map((s) => sandboxCalls(stack.urls[s as 'erp'])));
    // At most once per system: DataLoader batched every variant. The title comes from the catalogue's
    // index of the web store (kept in step by webhooks), so the web store need not be called at all;
    // the 3PL's whole stock was copied at start-up (and is pushed since), so it is not called either.
    const [webstore, ...others] = after.map((a, i) => a.total - before[i]!.total);
    expect(webstore).toBeLessThanOrEqual(1);
    expect(others).toEqual([1, 0, 1]);
  });

  it('prices in the shopper currency chosen with @inContext', async () => {
    const res = await gql<SliceData>(stack.gatewayUrl, query, { handle: product.handle, country: 'DE' });
    const v = res.body.data!.product!.variants.nodes[0]!;
    expect(v.price).toEqual({ amount: index.price(v.sku, 'EUR')!.amount, currencyCode: 'EUR' });
    expect(res.body.data!.me).toBeNull();
  });

  it('refuses a forged token with 401 and keeps serving', async () => {
    const forged = `${(await mintDevToken({ email: demoCustomerEmail })).slice(0, -4)}AAAA`;
    const res = await gql(stack.gatewayUrl, query, { handle: product.handle }, { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const ok = await gql<SliceData>(stack.gatewayUrl, query, { handle: product.handle });
    expect(ok.body.data!.product!.title).toBe(product.title.en);
  });

  it('keeps a cart in the graph\'s own store, priced in the creating shopper\'s currency', async () => {
    const created = await gql<{ cartCreate: { cart: { id: string; currencyCode: string; totalQuantity: number }; userErrors: unknown[] } }>(
      stack.gatewayUrl,
      'mutation Create @inContext(country: GB) { cartCreate(input: {}) { cart { id currencyCode totalQuantity } userErrors { code field message } } }',
    );
    const cart = created.body.data!.cartCreate.cart;
    expect(cart).toMatchObject({ currencyCode: 'GBP', totalQuantity: 0 });
    const read = await gql<{ cart: { id: string; currencyCode: string } | null }>(stack.gatewayUrl, 'query Read($id: ID!) { cart(id: $id) { id currencyCode } }', { id: cart.id });
    expect(read.body.data!.cart).toEqual({ id: cart.id, currencyCode: 'GBP' });
    const missing = await gql<{ cart: unknown }>(stack.gatewayUrl, 'query Read($id: ID!) { cart(id: $id) { id } }', { id: 'gid://ucg/Cart/nope' });
    expect(missing.body.data!.cart).toBeNull();
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${stack.urls.gateway}/health`)).status).toBe(200);
    expect((await fetch(`${stack.urls.gateway}/ready`)).status).toBe(200);
  });
});

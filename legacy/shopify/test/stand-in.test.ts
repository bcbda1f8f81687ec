import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createShopifyStandIn, type ShopifyStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';
const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => { await Promise.all(apps.splice(0).map((a) => a.close())); });

function shop(options: ShopifyStandInOptions = {}) {
  const s = createShopifyStandIn({ seed: { scale: 0.05 }, ...options });
  apps.push(s.app);
  const gql = async (query: string, variables: Record<string, unknown> = {}, token = 'shpat_ucg_dev') => {
    const res = await s.app.inject({ method: 'POST', url: '/admin/api/2026-01/graphql.json', headers: { 'x-shopify-access-token': token }, payload: { query, variables } });
    return { status: res.statusCode, body: res.json() };
  };
  const sandbox = async (path: string, payload: unknown) => {
    const res = await s.app.inject({ method: 'POST', url: `/__sandbox/${path}`, payload: payload as object });
    return { status: res.statusCode, body: res.json() };
  };
  return { s, gql, sandbox };
}

describe('Admin API protocol', () => {
  it('refuses a missing or wrong access token as Shopify does', async () => {
    const { gql } = shop();
    const res = await gql('{ shop { name } }', {}, 'nope');
    expect(res.status).toBe(401);
    expect(res.body.errors).toMatch(/Invalid API key or access token/);
  });

  it('charges the documented calculated cost and refunds the unused part', async () => {
    // A refill too slow to notice keeps the bucket arithmetic exact.
    const { gql } = shop({ bucket: { restoreRate: 0.001 } });
    const res = await gql('{ products(first: 10) { nodes { id variants(first: 5) { nodes { id selectedOptions { name } } } } } }');
    // 2 + 10 × (1 product + 2 + 5 × (1 variant + 1 option list))
    expect(res.body.extensions.cost.requestedQueryCost).toBe(132);
    expect(res.body.extensions.cost.actualQueryCost).toBeLessThan(132);
    expect(res.body.extensions.cost.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 2000 - res.body.extensions.cost.actualQueryCost, restoreRate: 0.001 });
    const mutation = await gql('mutation { webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { userErrors { message } } }');
    expect(mutation.body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it('answers THROTTLED in a 200 when the bucket cannot pay, and refills over time', async () => {
    const { gql } = shop({ bucket: { maximumAvailable: 50, restoreRate: 100, maxQueryCost: 50 } });
    expect((await gql('{ productVariants(first: 45) { nodes { id } } }')).body.extensions.cost.actualQueryCost).toBe(47);
    const throttled = await gql('{ productVariants(first: 45) { nodes { id } } }');
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
    expect(throttled.body.extensions.cost).toMatchObject({ requestedQueryCost: 47, actualQueryCost: null, throttleStatus: { maximumAvailable: 50, restoreRate: 100 } });
    expect(throttled.body.data).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect((await gql('{ productVariants(first: 45) { nodes { id } } }')).body.errors).toBeUndefined();
  });

  it('refuses a query over the single-query limit with MAX_COST_EXCEEDED', async () => {
    const { gql } = shop();
    const res = await gql('{ products(first: 250) { nodes { variants(first: 100) { nodes { id } } } } }');
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: 25752, maxCost: 1000 });
    expect(res.body.data).toBeUndefined();
  });

  it('validates connection arguments and cursors', async () => {
    const { gql } = shop();
    expect((await gql('{ products { nodes { id } } }')).body.errors[0].message).toBe('you must provide one of first or last');
    expect((await gql('{ products(first: 251) { nodes { id } } }')).body.errors[0].message).toMatch(/less than or equal to 250/);
    expect((await gql('{ products(first: 1, after: "bm9wZQ==") { nodes { id } } }')).body.errors[0].message).toMatch(/Invalid cursor/);
  });

  it('searches with Shopify syntax: case-insensitive email, OR, comparisons', async () => {
    const { s, gql } = shop();
    const customer = s.state.customers.find((c) => /^[A-Z]/.test(c.email))!;
    const found = await gql(`{ customers(first: 5, query: "email:${customer.email.toLowerCase()}") { nodes { email } } }`);
    expect(found.body.data.customers.nodes).toEqual([{ email: customer.email }]);
    const [a, b] = s.state.products;
    const either = await gql(`{ products(first: 5, query: "handle:${a!.seed.handle} OR handle:${b!.seed.handle}") { nodes { handle } } }`);
    expect(either.body.data.products.nodes.map((n: { handle: string }) => n.handle).sort()).toEqual([a!.seed.handle, b!.seed.handle].sort());
    const recent = await gql('{ orders(first: 250, query: "created_at:>=2026-11-01 source_name:pos") { nodes { createdAt sourceName } } }');
    const expected = s.state.orders.filter((o) => o.createdAt >= '2026-11-01' && o.sourceName === 'pos');
    expect(recent.body.data.orders.nodes).toHaveLength(Math.min(250, expected.length));
  });

  it('keeps order history: customerDelete is refused for a customer with orders', async () => {
    const { s, gql } = shop();
    const customer = s.state.customers.find((c) => s.state.orders.some((o) => o.customerLegacyId === c.legacyId))!;
    const res = await gql(`mutation { customerDelete(input: { id: "gid://shopify/Customer/${customer.legacyId}" }) { deletedCustomerId userErrors { field message } } }`);
    expect(res.body.data.customerDelete).toEqual({ deletedCustomerId: null, userErrors: [{ field: ['id'], message: 'Customer can’t be deleted because they have associated orders' }] });
  });
});

describe('sandbox', () => {
  it('moves stock and answers the new level; bad input gets a stable code', async () => {
    const { s, sandbox } = shop();
    const level = [...s.state.levels.values()][0]!;
    const moved = await sandbox('stock', { sku: level.sku, location: level.locationId, delta: -1 });
    expect(moved).toEqual({ status: 200, body: expect.objectContaining({ sku: level.sku, location: level.locationId, onHand: level.onHand - 1, available: level.onHand - 1 - level.committed }) });
    expect((await sandbox('stock', { sku: level.sku, location: level.locationId })).body.code).toBe('SANDBOX_BAD_STOCK');
    expect((await sandbox('stock', { sku: 'NOPE', location: level.locationId, delta: 1 })).body.code).toBe('UNKNOWN_SKU');
    expect((await sandbox('stock', { sku: level.sku, location: '99999', delta: 1 })).body.code).toBe('UNKNOWN_LOCATION');
    expect((await sandbox('stock', { sku: level.sku, location: level.locationId, delta: -10_000 })).body.code).toBe('NEGATIVE_ON_HAND');
  });

  it('a web order for pickup commits store stock; reset restores the seed', async () => {
    const { s, sandbox, gql } = shop();
    const level = [...s.state.levels.values()].find((l) => l.onHand - l.committed >= 1)!;
    const created = await sandbox('orders', { source: 'web', location: level.locationId, email: 'Ava.Chen@example.com', lines: [{ sku: level.sku, quantity: 1 }] });
    expect(created.status).toBe(201);
    const order = await gql(`{ order(id: "${created.body.id}") { sourceName email customer { email } displayFulfillmentStatus lineItems(first: 5) { nodes { sku quantity } } } }`);
    expect(order.body.data.order).toEqual({ sourceName: 'web', email: 'Ava.Chen@example.com', customer: { email: 'ava.chen@example.com' }, displayFulfillmentStatus: 'UNFULFILLED', lineItems: { nodes: [{ sku: level.sku, quantity: 1 }] } });
    expect(s.state.levels.get(`${level.inventoryItemId}|${level.locationId}`)!.committed).toBe(level.committed + 1);
    expect((await sandbox('orders', { source: 'pos', lines: [{ sku: level.sku, quantity: 1 }] })).body.code).toBe('LOCATION_REQUIRED');
    await s.app.inject({ method: 'POST', url: '/__sandbox/reset' });
    expect(s.state.levels.get(`${level.inventoryItemId}|${level.locationId}`)!.committed).toBe(level.committed);
    expect(s.state.orders.some((o) => `gid://shopify/Order/${o.legacyId}` === created.body.id)).toBe(false);
  });

  it('signs deliveries with the app secret over the raw body', async () => {
    const received: { body: string; headers: Record<string, unknown> }[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => { received.push({ body, headers: req.headers }); res.end(); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    apps.push({ close: () => new Promise((r) => server.close(r)) });
    const { s, gql, sandbox } = shop({ apiSecret: 'shpss_test' });
    const hook = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    await gql(`mutation { webhookSubscriptionCreate(topic: INVENTORY_LEVELS_UPDATE, webhookSubscription: { uri: "${hook}" }) { userErrors { message } } }`);
    const level = [...s.state.levels.values()][0]!;
    await sandbox('stock', { sku: level.sku, location: level.locationId, onHand: 7 });
    await s.webhooks.drain();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', 'shpss_test').update(delivery!.body).digest('base64'));
    expect(delivery!.headers).toMatchObject({ 'x-shopify-topic': 'inventory_levels/update', 'x-shopify-shop-domain': 'ucg-webstore.myshopify.com', 'x-shopify-api-version': '2026-01' });
    expect(JSON.parse(delivery!.body)).toEqual({
      inventory_item_id: level.inventoryItemId, location_id: Number(level.locationId), available: 7 - level.committed, updated_at: expect.any(String),
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${level.inventoryItemId}`,
    });
  });
});
